namespace OneThing.Server.Security;

/// <summary>Keys and algorithms; bound from <c>OneThing:Security</c>.</summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OneThing:Security";

    /// <summary>The file a generated master key is written to, under the data directory (demo and Development
    /// only).</summary>
    public const string GeneratedMasterKeyFileName = "master.key";

    /// <summary>The master key (KEK), base64 of 32 random bytes; usually from the environment variable
    /// <c>OneThing__Security__MasterKey</c>. Wins over <see cref="MasterKeyFile"/>. Required in production (one of
    /// the two).</summary>
    public string? MasterKey { get; set; }

    /// <summary>A file holding the master key in base64 (readable by the server's account only).</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>Master keys replaced by a rotation, base64: they still decrypt what they sealed until the server has
    /// sealed it again with the current key (on start), and data-protection keys they encrypted.</summary>
    public IList<string> PreviousMasterKeys { get; } = [];

    /// <summary><c>International</c> (default: SHA-256, HMAC-SHA256, AES-256-GCM) or <c>Guomi</c> (国密: SM3,
    /// HMAC-SM3, SM4-GCM). Applies to new writes; what was written under the other profile stays readable.</summary>
    public string CryptoProfile { get; set; } = OneThing.Cases.Security.CryptoProfile.International.Name;
}
