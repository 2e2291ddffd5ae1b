using System.Security.Cryptography;
using System.Text;

namespace OneThing.Cases.Security;

/// <summary>Encrypts personal data for storage and computes keyed lookup hashes for exact search, with the keys
/// of a <see cref="MasterKeyRing"/> and the algorithms of its profile. A sealed value reads
/// <c>$&lt;profile tag&gt;$&lt;key id&gt;$&lt;base64 of nonce, ciphertext, tag&gt;</c>, so it names the algorithm and
/// the key that can open it: after a rotation or a profile switch, old values still open and
/// <see cref="IsCurrent"/> tells which ones to seal again.</summary>
/// <remarks>The ciphertext is bound to its purpose and a context (the row's id), so a sealed value copied into
/// another row or another column does not open there.</remarks>
public sealed class PersonalDataProtector
{
    /// <summary>What every sealed value and lookup hash starts with; values without it are legacy clear text.</summary>
    public const char Marker = '$';

    private const string EncryptionLabel = "onething/encryption/v1/";
    private const string LookupLabel = "onething/lookup-hash/v1/";
    private const int LookupKeyLength = 32;

    private readonly MasterKeyRing _keys;
    private readonly string _currentPrefix;

    /// <summary>A protector over <paramref name="keys"/>.</summary>
    public PersonalDataProtector(MasterKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _currentPrefix = $"{Marker}{keys.Profile.Tag}{Marker}{keys.CurrentKeyId}{Marker}";
    }

    /// <summary>The profile new values are sealed and hashed with.</summary>
    public CryptoProfile Profile => _keys.Profile;

    /// <summary>What a value sealed or hashed now starts with: <see cref="IsCurrent"/> is a prefix test, which a
    /// query can make too.</summary>
    public string CurrentPrefix => _currentPrefix;

    /// <summary>Longest sealed value of a text of <paramref name="clearLength"/> UTF-16 characters.</summary>
    public static int SealedLength(int clearLength) =>
        16 + (4 * ((CryptoProfile.NonceLength + (3 * clearLength) + CryptoProfile.TagLength + 2) / 3));

    /// <summary>Encrypts <paramref name="clear"/> for <paramref name="purpose"/> (a <see cref="ProtectionPurposes"/>
    /// value) and <paramref name="context"/> (what it belongs to, e.g. the row's id).</summary>
    public string Seal(string purpose, string context, string clear)
    {
        ArgumentNullException.ThrowIfNull(clear);
        var key = EncryptionKey(Profile, _keys.CurrentKeyId, purpose)!;
        var plain = Encoding.UTF8.GetBytes(clear);
        var box = new byte[CryptoProfile.NonceLength + plain.Length + CryptoProfile.TagLength];
        var nonce = box.AsSpan(0, CryptoProfile.NonceLength);
        RandomNumberGenerator.Fill(nonce);
        Profile.Encrypt(key, nonce, plain, box.AsSpan(CryptoProfile.NonceLength, plain.Length),
            box.AsSpan(CryptoProfile.NonceLength + plain.Length), AssociatedData(purpose, context));
        return _currentPrefix + Convert.ToBase64String(box);
    }

    /// <summary>The clear text of a value <see cref="Seal"/> made (with any key of the ring, under either profile);
    /// a value without <see cref="Marker"/> was stored before encryption and is returned as it is.</summary>
    /// <exception cref="CryptographicException">The value was changed, belongs to another purpose or context, or
    /// was sealed with a master key the ring no longer holds.</exception>
    public string Open(string purpose, string context, string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsSealed(stored))
        {
            return stored;
        }

        var (profile, keyId, body) = Parse(stored);
        var key = EncryptionKey(profile, keyId, purpose) ?? throw new CryptographicException(
            $"无法解密：密钥 {keyId} 不在密钥环中（轮换主密钥后，旧主密钥应留在 OneThing:Security:PreviousMasterKeys 中）");
        byte[] box;
        try
        {
            box = Convert.FromBase64String(body);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("无法解密：密文格式有误", ex);
        }

        if (box.Length < CryptoProfile.NonceLength + CryptoProfile.TagLength)
        {
            throw new CryptographicException("无法解密：密文过短");
        }

        var length = box.Length - CryptoProfile.NonceLength - CryptoProfile.TagLength;
        var plain = new byte[length];
        profile.Decrypt(key, box.AsSpan(0, CryptoProfile.NonceLength), box.AsSpan(CryptoProfile.NonceLength, length),
            box.AsSpan(CryptoProfile.NonceLength + length), plain, AssociatedData(purpose, context));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The keyed hash of <paramref name="clear"/> for exact search (HMAC-SHA256 or HMAC-SM3 under a key
    /// of its own): equal texts give equal hashes under one key, and without the key the hash reveals nothing a
    /// guess of all identity numbers could test.</summary>
    public string LookupHash(string purpose, string clear)
    {
        ArgumentNullException.ThrowIfNull(clear);
        var key = _keys.Derive(Profile, _keys.CurrentKeyId, LookupLabel + purpose, LookupKeyLength)!;
        return _currentPrefix + Convert.ToHexStringLower(Profile.Mac(key, Encoding.UTF8.GetBytes(clear)));
    }

    /// <summary>Whether <paramref name="stored"/> (a sealed value or a lookup hash) was made with the current
    /// profile and master key; false for legacy clear text and null.</summary>
    public bool IsCurrent(string? stored) => stored?.StartsWith(_currentPrefix, StringComparison.Ordinal) == true;

    /// <summary>Whether a stored value is sealed (rather than legacy clear text).</summary>
    public static bool IsSealed(string? stored) => stored is { Length: > 0 } && stored[0] == Marker;

    private byte[]? EncryptionKey(CryptoProfile profile, string keyId, string purpose) =>
        _keys.Derive(profile, keyId, EncryptionLabel + purpose, profile.KeyLength);

    private static byte[] AssociatedData(string purpose, string context) =>
        Encoding.UTF8.GetBytes(purpose + "\n" + context);

    private static (CryptoProfile Profile, string KeyId, string Body) Parse(string stored)
    {
        var parts = stored.Split(Marker);
        // "$tag$kid$body" splits into "", tag, kid, body.
        if (parts.Length != 4 || CryptoProfile.Tagged(parts[1]) is not { } profile)
        {
            throw new CryptographicException("无法解密：不认识的密文格式或算法");
        }

        return (profile, parts[2], parts[3]);
    }
}

/// <summary>The purposes personal data is sealed for: each has keys of its own.</summary>
public static class ProtectionPurposes
{
    /// <summary>A case's 居民身份证号 or 统一社会信用代码 (<c>ot_case.ApplicantIdNumber</c>); context: the case id.</summary>
    public const string ApplicantIdNumber = "case.applicant-id-number";

    /// <summary>A kept idempotent answer (<c>ot_idempotency.Body</c>); context: the user and the key.</summary>
    public const string IdempotentAnswer = "idempotency.answer";

    /// <summary>A data-protection key of the web host (<c>ot_data_protection_key.Xml</c>); context: empty.</summary>
    public const string DataProtectionKey = "data-protection.key";
}
