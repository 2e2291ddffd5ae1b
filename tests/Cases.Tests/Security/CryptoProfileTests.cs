using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using OneThing.Cases.Security;

namespace OneThing.Cases.Tests.Security;

public class CryptoProfileTests
{
    /// <summary>GB/T 32905-2016 appendix A.1: SM3("abc").</summary>
    [Fact]
    public void Guomi_Hash_Sm3StandardExampleOne()
    {
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
            Convert.ToHexStringLower(CryptoProfile.Guomi.Hash("abc"u8)));
    }

    /// <summary>GB/T 32905-2016 appendix A.2: SM3 of "abcd" sixteen times (512 bits), fed in pieces as the audit
    /// chain feeds it.</summary>
    [Fact]
    public void Guomi_IncrementalHash_Sm3StandardExampleTwo()
    {
        using var hash = CryptoProfile.Guomi.CreateHash();
        for (var i = 0; i < 16; i++)
        {
            hash.AppendData("abcd"u8);
        }

        Assert.Equal("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
            Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>GB/T 32907-2016 appendix A.1: one block of SM4 (the block cipher under the profile's GCM).</summary>
    [Fact]
    public void Sm4Engine_StandardExampleOne()
    {
        var key = Convert.FromHexString("0123456789abcdeffedcba9876543210");
        var engine = new SM4Engine();
        engine.Init(true, new KeyParameter(key));
        var output = new byte[16];
        engine.ProcessBlock(key, 0, output, 0);
        Assert.Equal("681edf34d206965e86b3e94f536e4246", Convert.ToHexStringLower(output));
    }

    /// <summary>RFC 8998 appendix A.1: SM4-GCM (the standard's key, a 96-bit IV, associated data).</summary>
    [Fact]
    public void Guomi_Encrypt_Sm4GcmReferenceVector()
    {
        var key = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");
        var nonce = Convert.FromHexString("00001234567800000000ABCD");
        var aad = Convert.FromHexString("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        var plain = Convert.FromHexString("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
            + "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
        var cipher = new byte[plain.Length];
        var tag = new byte[CryptoProfile.TagLength];

        CryptoProfile.Guomi.Encrypt(key, nonce, plain, cipher, tag, aad);

        Assert.Equal("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
            + "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D", Convert.ToHexString(cipher));
        Assert.Equal("83DE3541E4C2B58177E065A9BF7B62EC", Convert.ToHexString(tag));
        var back = new byte[plain.Length];
        CryptoProfile.Guomi.Decrypt(key, nonce, cipher, tag, back, aad);
        Assert.Equal(plain, back);
    }

    [Theory]
    [InlineData("International")]
    [InlineData("guomi")]
    public void Decrypt_ChangedCiphertext_Throws(string name)
    {
        var profile = CryptoProfile.Named(name);
        var key = RandomNumberGenerator.GetBytes(profile.KeyLength);
        var nonce = new byte[CryptoProfile.NonceLength];
        var plain = Encoding.UTF8.GetBytes("110105194912310029");
        var cipher = new byte[plain.Length];
        var tag = new byte[CryptoProfile.TagLength];
        profile.Encrypt(key, nonce, plain, cipher, tag, "aad"u8);
        cipher[3] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() =>
            profile.Decrypt(key, nonce, cipher, tag, new byte[plain.Length], "aad"u8));
    }

    [Fact]
    public void International_IsSha256AndHmacSha256()
    {
        Assert.Equal(SHA256.HashData("abc"u8), CryptoProfile.International.Hash("abc"u8));
        Assert.Equal(HMACSHA256.HashData("k"u8, "abc"u8), CryptoProfile.International.Mac("k"u8, "abc"u8));
    }

    [Fact]
    public void DeriveKey_DistinctLabels_DistinctKeys()
    {
        var master = MasterKeyRing.NewMasterKey();
        foreach (var profile in CryptoProfile.All)
        {
            Assert.NotEqual(profile.DeriveKey(master, 32, "a"u8), profile.DeriveKey(master, 32, "b"u8));
            Assert.Equal(profile.DeriveKey(master, 32, "a"u8), profile.DeriveKey(master, 32, "a"u8));
        }
    }

    [Fact]
    public void Named_Unknown_Throws() => Assert.Throws<ArgumentException>(() => CryptoProfile.Named("DES"));
}
