using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OneThing.Cases.Security;

/// <summary>The master keys (KEK) every other key is derived from, with HKDF under a distinct label per purpose:
/// the current one, which new writes use, and previous ones, which still decrypt what was written before a
/// rotation. A key is named by its key id, derived from it, so stored values say which key made them without the
/// key ring holding any list of ids.</summary>
public sealed class MasterKeyRing
{
    /// <summary>Bytes of a master key (256 bits).</summary>
    public const int MasterKeyLength = 32;

    private const int KeyIdBytes = 4;
    private const string KeyIdLabel = "onething/key-id/v1";

    private readonly byte[][] _keys;
    private readonly ConcurrentDictionary<(string Tag, string KeyId, string Label), byte[]> _derived = new();

    /// <summary>A ring whose new writes use <paramref name="profile"/> and <paramref name="current"/>.</summary>
    /// <exception cref="ArgumentException">A key is not <see cref="MasterKeyLength"/> bytes.</exception>
    public MasterKeyRing(CryptoProfile profile, ReadOnlyMemory<byte> current, IEnumerable<ReadOnlyMemory<byte>>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile;
        _keys = [current.ToArray(), .. (previous ?? []).Select(k => k.ToArray())];
        if (_keys.Any(k => k.Length != MasterKeyLength))
        {
            throw new ArgumentException($"主密钥应为 {MasterKeyLength} 字节（base64 编码后 44 个字符）", nameof(current));
        }

        CurrentKeyId = KeyIdOf(profile, _keys[0]);
    }

    /// <summary>The profile new writes use.</summary>
    public CryptoProfile Profile { get; }

    /// <summary>The id of the current master key under <see cref="Profile"/>.</summary>
    public string CurrentKeyId { get; }

    /// <summary>A fresh random master key.</summary>
    public static byte[] NewMasterKey() => RandomNumberGenerator.GetBytes(MasterKeyLength);

    /// <summary>The id of a master key under a profile: 8 hex characters derived from it (not a secret).</summary>
    public static string KeyIdOf(CryptoProfile profile, ReadOnlySpan<byte> masterKey)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Convert.ToHexStringLower(profile.DeriveKey(masterKey, KeyIdBytes, Encoding.UTF8.GetBytes(KeyIdLabel)));
    }

    /// <summary>The key for <paramref name="label"/> derived from the master key <paramref name="keyId"/> with the
    /// HKDF of <paramref name="profile"/>; null when no master key of the ring has that id.</summary>
    internal byte[]? Derive(CryptoProfile profile, string keyId, string label, int length)
    {
        if (_derived.TryGetValue((profile.Tag, keyId, label), out var cached))
        {
            return cached;
        }

        var master = _keys.FirstOrDefault(k => KeyIdOf(profile, k) == keyId);
        if (master is null)
        {
            return null;
        }

        var key = profile.DeriveKey(master, length, Encoding.UTF8.GetBytes(label));
        _derived[(profile.Tag, keyId, label)] = key;
        return key;
    }
}
