using OneThing.Cases.Security;

namespace OneThing.Server.Security;

/// <summary>Finds the master keys the configuration names, or in a demo or development set-up makes one.</summary>
public static class MasterKeys
{
    /// <summary>The message a production start without a master key fails with.</summary>
    public const string MissingMessage =
        "未配置主密钥，服务器拒绝启动：生产环境必须设置 OneThing:Security:MasterKey（如环境变量 " +
        "OneThing__Security__MasterKey，32 字节随机数的 base64）或 OneThing:Security:MasterKeyFile（保存该 base64 的文件，" +
        "仅服务器账户可读）。生成一个：dotnet OneThing.Server.dll master-key new > master.key。所有节点必须使用同一个主密钥。";

    /// <summary>The key ring of <paramref name="options"/>: the configured master key, else — when
    /// <paramref name="mayGenerate"/> — the one generated once under <paramref name="dataDir"/>.</summary>
    /// <exception cref="InvalidOperationException">No master key is configured and none may be generated, or a key
    /// is not base64 of 32 bytes, or the profile is unknown.</exception>
    public static MasterKeyRing Load(SecurityOptions options, string dataDir, bool mayGenerate)
    {
        ArgumentNullException.ThrowIfNull(options);
        CryptoProfile profile;
        try
        {
            profile = CryptoProfile.Named(options.CryptoProfile);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"OneThing:Security:CryptoProfile 有误：{ex.Message}", ex);
        }

        var current = options.MasterKey is { Length: > 0 } text ? Decode(text, "OneThing:Security:MasterKey")
            : options.MasterKeyFile is { Length: > 0 } file ? Decode(ReadFile(file), $"OneThing:Security:MasterKeyFile（{file}）")
            : mayGenerate ? Generated(dataDir)
            : throw new InvalidOperationException(MissingMessage);
        var previous = options.PreviousMasterKeys
            .Select((k, i) => (ReadOnlyMemory<byte>)Decode(k, $"OneThing:Security:PreviousMasterKeys:{i}"));
        return new MasterKeyRing(profile, current, previous);
    }

    /// <summary>A new master key in base64, for <c>master-key new</c>.</summary>
    public static string NewEncoded() => Convert.ToBase64String(MasterKeyRing.NewMasterKey());

    private static byte[] Decode(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{source} 不是 base64", ex);
        }

        return key.Length == MasterKeyRing.MasterKeyLength ? key
            : throw new InvalidOperationException($"{source} 应为 {MasterKeyRing.MasterKeyLength} 字节（base64 后 44 个字符），实为 {key.Length} 字节");
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"无法读取主密钥文件 {path}：{ex.Message}", ex);
        }
    }

    /// <summary>The demo master key: made once, readable and writable by the owner only, and kept, so restarts
    /// read what earlier runs sealed.</summary>
    private static byte[] Generated(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, SecurityOptions.GeneratedMasterKeyFileName);
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
                writer.Write(NewEncoded());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process of the same data directory made it first: use theirs.
            }
        }

        return Decode(ReadFile(path), path);
    }
}
