using System.Text;

namespace OneThing.Server.Cli;

/// <summary>Dispatches the command-line sub-commands of the server executable
/// (<c>dotnet run --project src/Server -- lint FILE...</c>, <c>… -- verify</c>, <c>… -- create-admin</c>,
/// <c>… -- set-password</c>).</summary>
public static class CliCommands
{
    /// <summary>A sub-command: takes its arguments (without its own name) and the two output streams, returns the
    /// process exit code.</summary>
    public delegate int Command(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr);

    private static readonly Dictionary<string, Command> Commands = new(StringComparer.Ordinal)
    {
        ["lint"] = LintCommand.Run,
        ["verify"] = VerifyCommand.Run,
        ["create-admin"] = (args, stdout, stderr) => AccountCommands.CreateAdmin(args, Console.In, stdout, stderr),
        ["set-password"] = (args, stdout, stderr) => AccountCommands.SetPassword(args, Console.In, stdout, stderr),
        ["master-key"] = MasterKeyCommand.Run,
    };

    /// <summary>What <c>--help</c> (or <c>-h</c>) prints: the sub-commands and the web host's own options.</summary>
    public const string Help = """
        用法: OneThing.Server [选项]            启动服务器
              OneThing.Server 子命令 [参数]     运行子命令后退出（不启动服务器）

        子命令（各自支持 --help）:
          lint FILE...          导入并校验 BPMN 文件
          verify                重新计算审计链，检查办件数据是否与封存的摘要一致
          create-admin          创建管理员账户
          set-password          设置账户密码并结束其会话
          master-key new        生成新的主密钥

        服务器选项:
          --urls URL            监听地址（默认见 appsettings.json，http://127.0.0.1:5080）
          --data-dir 目录       数据目录，SQLite 数据文件所在（默认 data，或环境变量 ONETHING_DATA_DIR）
          --demo                演示模式（创建演示账户，不可用于生产）
          --Section:Key=值      任一配置项（见 docs/operations.md），如 --OneThing:Database:Provider=PostgreSql
          -h, --help            显示本说明
        """;

    /// <summary>The names of the known sub-commands.</summary>
    public static IReadOnlyCollection<string> Names => Commands.Keys;

    /// <summary>Runs the sub-command named by <paramref name="args"/>[0], if it is one, on the console.</summary>
    /// <returns>True with the command's exit code when a sub-command ran; false when the arguments are for the web
    /// host.</returns>
    public static bool TryRun(string[] args, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--help"] or ["-h"] or ["-?"])
        {
            Console.OutputEncoding = Encoding.UTF8;
            Console.Out.WriteLine(Help);
            exitCode = 0;
            return true;
        }

        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            exitCode = 0;
            return false;
        }

        // Messages are Chinese; a console left on a legacy code page would print them as question marks.
        Console.OutputEncoding = Encoding.UTF8;
        exitCode = command(args[1..], Console.Out, Console.Error);
        return true;
    }
}
