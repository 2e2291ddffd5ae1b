using System.Security.Cryptography;
using OneThing.Cases.Audit;
using OneThing.Cases.Security;

namespace OneThing.Cases.Tests.Security;

public class PersonalDataProtectorTests
{
    private const string Id = "11010519491231002X";
    private const string Purpose = ProtectionPurposes.ApplicantIdNumber;

    public static TheoryData<string> Profiles => new() { "International", "Guomi" };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Seal_Open_RoundTripsAndHidesTheNumber(string profile)
    {
        var protector = Protector(profile, MasterKeyRing.NewMasterKey());

        var stored = protector.Seal(Purpose, "case-1", Id);

        Assert.DoesNotContain(Id, stored, StringComparison.Ordinal);
        Assert.StartsWith(protector.CurrentPrefix, stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, protector.Seal(Purpose, "case-1", Id));
        Assert.Equal(Id, protector.Open(Purpose, "case-1", stored));
        Assert.True(protector.IsCurrent(stored));
    }

    [Fact]
    public void Open_OtherContextOrPurpose_Throws()
    {
        var protector = Protector("International", MasterKeyRing.NewMasterKey());
        var stored = protector.Seal(Purpose, "case-1", Id);

        Assert.ThrowsAny<CryptographicException>(() => protector.Open(Purpose, "case-2", stored));
        Assert.ThrowsAny<CryptographicException>(() => protector.Open(ProtectionPurposes.IdempotentAnswer, "case-1", stored));
    }

    [Fact]
    public void Open_LegacyClearText_ReturnedAsIs()
    {
        var protector = Protector("International", MasterKeyRing.NewMasterKey());

        Assert.Equal(Id, protector.Open(Purpose, "case-1", Id));
        Assert.False(protector.IsCurrent(Id));
    }

    [Fact]
    public void Rotation_OldKeyStillOpens_NewWritesUseNewKey()
    {
        var oldKey = MasterKeyRing.NewMasterKey();
        var before = Protector("International", oldKey);
        var stored = before.Seal(Purpose, "case-1", Id);
        var after = new PersonalDataProtector(new MasterKeyRing(CryptoProfile.Guomi, MasterKeyRing.NewMasterKey(), [oldKey]));

        Assert.Equal(Id, after.Open(Purpose, "case-1", stored));
        Assert.False(after.IsCurrent(stored));
        Assert.True(after.IsCurrent(after.Seal(Purpose, "case-1", Id)));
        Assert.NotEqual(before.LookupHash(Purpose, Id), after.LookupHash(Purpose, Id));
    }

    [Fact]
    public void Open_KeyNoLongerInRing_ThrowsNamingTheSetting()
    {
        var stored = Protector("International", MasterKeyRing.NewMasterKey()).Seal(Purpose, "case-1", Id);
        var other = Protector("International", MasterKeyRing.NewMasterKey());

        var error = Assert.ThrowsAny<CryptographicException>(() => other.Open(Purpose, "case-1", stored));
        Assert.Contains("PreviousMasterKeys", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void LookupHash_SameNumberSameHash_KeyedByMasterKey(string profile)
    {
        var key = MasterKeyRing.NewMasterKey();
        var protector = Protector(profile, key);

        Assert.Equal(protector.LookupHash(Purpose, Id), Protector(profile, key).LookupHash(Purpose, Id));
        Assert.NotEqual(protector.LookupHash(Purpose, Id), protector.LookupHash(Purpose, "110105194912310030"));
        Assert.NotEqual(protector.LookupHash(Purpose, Id),
            Protector(profile, MasterKeyRing.NewMasterKey()).LookupHash(Purpose, Id));
        Assert.DoesNotContain(Id, protector.LookupHash(Purpose, Id), StringComparison.Ordinal);
    }

    [Fact]
    public void MasterKeyRing_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new MasterKeyRing(CryptoProfile.International, new byte[16]));

    [Fact]
    public void AuditHash_Guomi_TaggedSm3_InternationalBareSha256()
    {
        var record = new AuditEventRecord
        {
            Id = Guid.CreateVersion7(), CaseId = Guid.CreateVersion7(), Seq = 0, At = DateTimeOffset.UnixEpoch,
            Actor = "a", Role = "r", Command = "c", PrevHash = AuditTrail.GenesisHash, Hash = "",
        };

        var sm3 = AuditTrail.ComputeHash(record, CryptoProfile.Guomi);
        var sha = AuditTrail.ComputeHash(record);

        Assert.StartsWith(AuditTrail.Sm3HashPrefix, sm3, StringComparison.Ordinal);
        Assert.Equal(64 + AuditTrail.Sm3HashPrefix.Length, sm3.Length);
        Assert.Equal(64, sha.Length);
        Assert.Same(CryptoProfile.Guomi, AuditTrail.ProfileOfHash(sm3));
        Assert.Same(CryptoProfile.International, AuditTrail.ProfileOfHash(sha));
    }

    private static PersonalDataProtector Protector(string profile, byte[] key) =>
        new(new MasterKeyRing(CryptoProfile.Named(profile), key));
}
