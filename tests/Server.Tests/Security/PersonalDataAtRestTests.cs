using System.Net;
using System.Net.Http.Json;
using OneThing.Cases.Audit;
using OneThing.Cases.Security;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;
using static OneThing.Server.Tests.Security.SecurityHosts;

namespace OneThing.Server.Tests.Security;

/// <summary>Identity numbers at rest (issue 9, defect 7): encrypted in case rows and kept idempotent answers,
/// found by their lookup hash, shown to readers as before; the 国密 profile end to end.</summary>
public sealed class PersonalDataAtRestTests
{
    private const string CaseIdNumbers = """SELECT "ApplicantIdNumber" AS "Value" FROM ot_case""";
    private const string CaseHashes = """SELECT "ApplicantIdNumberHash" AS "Value" FROM ot_case""";
    private const string KeptAnswers = """SELECT "Body" AS "Value" FROM ot_idempotency""";

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task CreateCase_StoredRowAndKeptAnswer_HoldNoClearIdNumber(string provider)
    {
        using var host = new OneThingFactory(provider);
        using var applicant = await SignInAsync(host, "applicant");

        using var first = await CreateWithKey(applicant, "key-1");
        using var replay = await CreateWithKey(applicant, "key-1");

        var created = await Ok(first, HttpStatusCode.Created);
        Assert.Equal(PersonId(), created.GetProperty("applicantIdNumber").GetString());
        Assert.Equal(PersonId(), (await Ok(replay, HttpStatusCode.Created)).GetProperty("applicantIdNumber").GetString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        var id = created.GetProperty("summary").GetProperty("id").GetString();
        Assert.Equal(PersonId(), (await Get(applicant, $"/api/cases/{id}")).GetProperty("applicantIdNumber").GetString());
        var stored = Assert.Single(Column(host, CaseIdNumbers));
        Assert.DoesNotContain(PersonId(), stored!, StringComparison.Ordinal);
        Assert.StartsWith("$A$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(PersonId(), Assert.Single(Column(host, CaseHashes))!, StringComparison.Ordinal);
        var answer = Assert.Single(Column(host, KeptAnswers));
        Assert.DoesNotContain(PersonId(), answer!, StringComparison.Ordinal);
        Assert.DoesNotContain("张三", answer!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_SearchByIdNumber_FindsThatApplicantsCasesOnly()
    {
        using var host = new OneThingFactory();
        using var applicant = await SignInAsync(host, "applicant");
        using var clerk = await SignInAsync(host, "clerk");
        var mine = await Submit(applicant);
        var other = PersonId("11010519491231002");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "李四", idNumber = other },
            formData = ApplyForm(),
        }, HttpStatusCode.Created);
        await Post(applicant, $"/api/cases/{created.GetProperty("summary").GetProperty("id").GetString()}/submit");

        var found = await Get(clerk, $"/api/cases/intake?idNumber={PersonId()}");
        var foundLower = await Get(clerk, $"/api/cases/intake?idNumber={other.ToLowerInvariant()}");

        Assert.Equal(mine, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("李四", Assert.Single(foundLower.GetProperty("items").EnumerateArray()).GetProperty("applicantName").GetString());
    }

    /// <summary>Under 国密 a case is sealed with SM4-GCM and its chain hashed with SM3; switched back to the
    /// international profile, the same database reads, reseals and verifies, the chain mixing both hashes.</summary>
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task GuomiProfile_CaseAndAuditChain_EndToEndAndAfterSwitchingBack(string provider)
    {
        using var international = new OneThingFactory(provider);
        string id;
        using (var guomi = international.WithWebHostBuilder(b => b.UseSetting(ProfileSetting, "Guomi")))
        {
            using var applicant = await SignInAsync(guomi, "applicant");
            using var auditor = await SignInAsync(guomi, "auditor");
            id = await Submit(applicant);

            Assert.Equal(PersonId(), (await Get(applicant, $"/api/cases/{id}")).GetProperty("applicantIdNumber").GetString());
            Assert.StartsWith("$S$", Assert.Single(Column(guomi, CaseIdNumbers)), StringComparison.Ordinal);
            Assert.All(Column(guomi, """SELECT "Hash" AS "Value" FROM ot_audit_event"""),
                h => Assert.StartsWith(AuditTrail.Sm3HashPrefix, h, StringComparison.Ordinal));
            Assert.True((await Get(auditor, $"/api/cases/{id}/history/verify")).GetProperty("intact").GetBoolean());
        }

        using var clerk = await SignInAsync(international, "clerk");
        using var auditorAfter = await SignInAsync(international, "auditor");
        await Post(clerk, $"/api/cases/{id}/accept");

        Assert.StartsWith("$A$", Assert.Single(Column(international, CaseIdNumbers)), StringComparison.Ordinal);
        Assert.Equal(PersonId(), (await Get(clerk, $"/api/cases/{id}")).GetProperty("applicantIdNumber").GetString());
        var hashes = Column(international, """SELECT "Hash" AS "Value" FROM ot_audit_event""");
        Assert.Contains(hashes, h => h!.StartsWith(AuditTrail.Sm3HashPrefix, StringComparison.Ordinal));
        Assert.Contains(hashes, h => !h!.StartsWith(AuditTrail.Sm3HashPrefix, StringComparison.Ordinal));
        var verification = await Get(auditorAfter, $"/api/cases/{id}/history/verify");
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        Assert.True((await Get(auditorAfter, "/api/audit/verify")).GetProperty("intact").GetBoolean());
    }

    /// <summary>Rotating the master key: restarted with a new key and the old one as previous, the server reseals
    /// stored numbers under the new key and reads them.</summary>
    [Fact]
    public async Task MasterKeyRotation_RestartWithNewKey_RowsResealedAndReadable()
    {
        var oldKey = MasterKeyRing.NewMasterKey();
        var newKey = MasterKeyRing.NewMasterKey();
        using var host = new OneThingFactory();
        string id;
        using (var before = host.WithWebHostBuilder(b => b.UseSetting(MasterKeySetting, Convert.ToBase64String(oldKey))))
        {
            using var applicant = await SignInAsync(before, "applicant");
            id = await Submit(applicant);
        }

        using var after = host.WithWebHostBuilder(b =>
        {
            b.UseSetting(MasterKeySetting, Convert.ToBase64String(newKey));
            b.UseSetting("OneThing:Security:PreviousMasterKeys:0", Convert.ToBase64String(oldKey));
        });
        using var reader = await SignInAsync(after, "applicant");

        Assert.Equal(PersonId(), (await Get(reader, $"/api/cases/{id}")).GetProperty("applicantIdNumber").GetString());
        var newId = MasterKeyRing.KeyIdOf(CryptoProfile.International, newKey);
        Assert.StartsWith($"$A${newId}$", Assert.Single(Column(after, CaseIdNumbers)), StringComparison.Ordinal);
        Assert.StartsWith($"$A${newId}$", Assert.Single(Column(after, CaseHashes)), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> CreateWithKey(HttpClient applicant, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/cases", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                processId = "qiye-kaiban",
                applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
                formData = ApplyForm(),
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await applicant.SendAsync(request);
    }
}
