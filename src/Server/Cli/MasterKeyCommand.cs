using OneThing.Server.Security;

namespace OneThing.Server.Cli;

/// <summary><c>master-key new</c>: prints a new random master key (base64 of 32 bytes) for
/// <c>OneThing:Security:MasterKey</c> or a key file; used to set up production and to rotate the key
/// (docs/security.md, key rotation). The key goes to stdout only, never to a log.</summary>
public static class MasterKeyCommand
{
    /// <summary>The exit code on success.</summary>
    public const int ExitOk = 0;

    /// <summary>The exit code when the arguments are unusable.</summary>
    public const int ExitUsage = 2;

    private const string Usage = """
        用法: OneThing.Server master-key new > master.key

        生成一个新的主密钥（32 字节随机数的 base64），输出到标准输出。
        将其保存为仅服务器账户可读的文件（chmod 600），配置 OneThing:Security:MasterKeyFile 指向它，
        或放入环境变量 OneThing__Security__MasterKey。所有节点使用同一个主密钥。
        轮换：把旧主密钥移入 OneThing:Security:PreviousMasterKeys，新主密钥设为 MasterKey，重启所有节点。
        """;

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after <c>master-key</c>.</param>
    /// <param name="stdout">Receives the key, or the usage text for <c>--help</c>.</param>
    /// <param name="stderr">Receives errors.</param>
    /// <returns><see cref="ExitOk"/> or <see cref="ExitUsage"/>.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is ["new"])
        {
            stdout.WriteLine(MasterKeys.NewEncoded());
            return ExitOk;
        }

        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine(Usage);
            return ExitOk;
        }

        stderr.WriteLine(Usage);
        return ExitUsage;
    }
}
