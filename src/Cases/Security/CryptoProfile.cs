using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace OneThing.Cases.Security;

/// <summary>The algorithms the server hashes, derives keys, computes lookup hashes and encrypts with:
/// <see cref="International"/> (SHA-256, HKDF-SHA256, HMAC-SHA256, AES-256-GCM, the default) or
/// <see cref="Guomi"/> (国密: SM3, HKDF-SM3, HMAC-SM3, SM4-GCM, as 密评 asks of government systems). Every stored
/// value names the profile that made it (<see cref="Tag"/>), so data written under one profile is still read after
/// switching to the other.</summary>
public abstract class CryptoProfile
{
    /// <summary>Bytes of a nonce of <see cref="Encrypt"/> (96 bits, as GCM prefers).</summary>
    public const int NonceLength = 12;

    /// <summary>Bytes of an authentication tag (128 bits).</summary>
    public const int TagLength = 16;

    /// <summary>Bytes of a hash and of a lookup hash (SHA-256 and SM3 both give 256 bits).</summary>
    public const int HashLength = 32;

    /// <summary>SHA-256, HMAC-SHA256, HKDF-SHA256, AES-256-GCM.</summary>
    public static CryptoProfile International { get; } = new InternationalProfile();

    /// <summary>国密: SM3, HMAC-SM3, HKDF-SM3, SM4-GCM (BouncyCastle).</summary>
    public static CryptoProfile Guomi { get; } = new GuomiProfile();

    /// <summary>Both profiles.</summary>
    public static IReadOnlyList<CryptoProfile> All { get; } = [International, Guomi];

    /// <summary>The setting's value: <c>International</c> or <c>Guomi</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Short tag written into stored values (<c>A</c> or <c>S</c>).</summary>
    public abstract string Tag { get; }

    /// <summary>Bytes of an encryption key (32 for AES-256, 16 for SM4).</summary>
    public abstract int KeyLength { get; }

    /// <summary>The profile of a setting (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Neither <c>International</c> nor <c>Guomi</c>.</exception>
    public static CryptoProfile Named(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"未知的密码配置 \"{name}\"：请使用 International 或 Guomi", nameof(name));

    /// <summary>The profile of a <see cref="Tag"/>, or null.</summary>
    public static CryptoProfile? Tagged(ReadOnlySpan<char> tag)
    {
        foreach (var profile in All)
        {
            if (tag.SequenceEqual(profile.Tag))
            {
                return profile;
            }
        }

        return null;
    }

    /// <summary>A hash computed piece by piece (the audit chain's).</summary>
    public abstract ChainHash CreateHash();

    /// <summary>The hash of <paramref name="data"/>: the audit chain's event hashes and the digests of every fact
    /// a case command writes, so a profile with a one-shot hash overrides it.</summary>
    public virtual byte[] Hash(ReadOnlySpan<byte> data)
    {
        using var hash = CreateHash();
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    /// <summary>HMAC of <paramref name="data"/> under <paramref name="key"/>.</summary>
    public abstract byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data);

    /// <summary>HKDF (RFC 5869) with this profile's hash: <paramref name="length"/> bytes for the purpose
    /// <paramref name="info"/>, so keys of different purposes never coincide.</summary>
    public abstract byte[] DeriveKey(ReadOnlySpan<byte> secret, int length, ReadOnlySpan<byte> info);

    /// <summary>Authenticated encryption: writes <paramref name="plaintext"/>'s ciphertext (same length) and its
    /// tag.</summary>
    public abstract void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext,
        Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    /// <summary>Decrypts and checks the tag.</summary>
    /// <exception cref="CryptographicException">The ciphertext, tag, key or associated data do not match.</exception>
    public abstract void Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class InternationalProfile : CryptoProfile
    {
        public override string Name => "International";

        public override string Tag => "A";

        public override int KeyLength => 32;

        public override ChainHash CreateHash() => new Incremental(IncrementalHash.CreateHash(HashAlgorithmName.SHA256));

        public override byte[] Hash(ReadOnlySpan<byte> data) => SHA256.HashData(data);

        public override byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

        public override byte[] DeriveKey(ReadOnlySpan<byte> secret, int length, ReadOnlySpan<byte> info)
        {
            var key = new byte[length];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, salt: [], info);
            return key;
        }

        public override void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext,
            Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }

        public override void Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext,
            ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
        }

        private sealed class Incremental(IncrementalHash hash) : ChainHash
        {
            public override void AppendData(ReadOnlySpan<byte> data) => hash.AppendData(data);

            public override byte[] GetHashAndReset() => hash.GetHashAndReset();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    hash.Dispose();
                }
            }
        }
    }

    private sealed class GuomiProfile : CryptoProfile
    {
        public override string Name => "Guomi";

        public override string Tag => "S";

        public override int KeyLength => 16;

        public override ChainHash CreateHash() => new Digest(new SM3Digest());

        public override byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
        {
            var mac = new HMac(new SM3Digest());
            mac.Init(new KeyParameter(key));
            mac.BlockUpdate(data);
            var result = new byte[mac.GetMacSize()];
            mac.DoFinal(result);
            return result;
        }

        public override byte[] DeriveKey(ReadOnlySpan<byte> secret, int length, ReadOnlySpan<byte> info)
        {
            var hkdf = new HkdfBytesGenerator(new SM3Digest());
            hkdf.Init(new HkdfParameters(secret.ToArray(), salt: null, info.ToArray()));
            var key = new byte[length];
            hkdf.GenerateBytes(key);
            return key;
        }

        public override void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext,
            Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
        {
            var gcm = Gcm(forEncryption: true, key, nonce, associatedData);
            var output = new byte[plaintext.Length + TagLength];
            var written = gcm.ProcessBytes(plaintext, output);
            gcm.DoFinal(output.AsSpan(written));
            output.AsSpan(0, plaintext.Length).CopyTo(ciphertext);
            output.AsSpan(plaintext.Length).CopyTo(tag);
        }

        public override void Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext,
            ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
        {
            var gcm = Gcm(forEncryption: false, key, nonce, associatedData);
            var input = new byte[ciphertext.Length + TagLength];
            ciphertext.CopyTo(input);
            tag.CopyTo(input.AsSpan(ciphertext.Length));
            var output = new byte[ciphertext.Length];
            try
            {
                var written = gcm.ProcessBytes(input, output);
                gcm.DoFinal(output.AsSpan(written));
            }
            catch (InvalidCipherTextException ex)
            {
                throw new CryptographicException("SM4-GCM 认证失败：密文、密钥或关联数据不符", ex);
            }

            output.CopyTo(plaintext);
        }

        private static GcmBlockCipher Gcm(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce,
            ReadOnlySpan<byte> associatedData)
        {
            var gcm = new GcmBlockCipher(new SM4Engine());
            gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key), TagLength * 8, nonce.ToArray(),
                associatedData.ToArray()));
            return gcm;
        }

        private sealed class Digest(IDigest digest) : ChainHash
        {
            public override void AppendData(ReadOnlySpan<byte> data) => digest.BlockUpdate(data);

            public override byte[] GetHashAndReset()
            {
                var result = new byte[digest.GetDigestSize()];
                digest.DoFinal(result);
                return result;
            }
        }
    }
}

/// <summary>A hash fed piece by piece, of either profile.</summary>
public abstract class ChainHash : IDisposable
{
    /// <summary>Feeds more bytes.</summary>
    public abstract void AppendData(ReadOnlySpan<byte> data);

    /// <summary>The hash of everything fed since the last reset; starts over.</summary>
    public abstract byte[] GetHashAndReset();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the hash holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
