using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using OneThing.Server.Persistence;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;
using static OneThing.Server.Tests.Security.SecurityHosts;

namespace OneThing.Server.Tests.Security;

/// <summary>A database of the release before encryption, with identity numbers in clear in a case and in a kept
/// idempotent answer, upgrades: the server's first start seals both, and the case reads as before.</summary>
public sealed class PersonalDataUpgradeTests
{
    private const string LastMigrationBefore = "20261127040000_HistoryPath";

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Upgrade_IdNumbersInClear_SealedOnFirstStart(string provider)
    {
        using var host = new OneThingFactory(provider);
        var caseId = Guid.CreateVersion7();
        var idNumber = PersonId();
        var answer = $$"""{"summary":{"id":"{{caseId}}"},"applicantIdNumber":"{{idNumber}}"}""";
        using (var old = new PlatformDbContext(Settings(host).ContextOptions()))
        {
            PlatformSchema.Migrate(old, LastMigrationBefore);
            // Rows exactly as that release wrote them (its columns only).
            old.Database.ExecuteSql($"""INSERT INTO ot_case ("Id","Number","ProcessId","ProcessName","InstanceId","Applicant","ApplicantKind","ApplicantName","ApplicantIdNumber","State","Outcome","FormDataJson","CorrectionJson","CorrectionTaskId","Reason","CreatedAt","SubmittedAt","AcceptedAt","DecidedAt","DeliveredAt","Rating","RatingComment","RatedAt","Revision") VALUES ({caseId}, NULL, 'qiye-kaiban', '企业开办', NULL, 'applicant', 0, '张三', {idNumber}, 0, NULL, {"{}"}, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1)""");
            old.Database.ExecuteSql($"""INSERT INTO ot_idempotency ("UserName","Key","Request","Status","Body","Location","CreatedAt") VALUES ('applicant', 'k', 'POST /api/cases', 201, {answer}, {"/api/cases/" + caseId}, 0)""");
        }

        using var applicant = await SignInAsync(host, "applicant");

        var stored = Assert.Single(Column(host, """SELECT "ApplicantIdNumber" AS "Value" FROM ot_case"""));
        Assert.StartsWith("$A$", stored, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(Column(host, """SELECT "ApplicantIdNumberHash" AS "Value" FROM ot_case""")));
        var body = Assert.Single(Column(host, """SELECT "Body" AS "Value" FROM ot_idempotency"""));
        Assert.DoesNotContain(idNumber, body!, StringComparison.Ordinal);
        var detail = await Get(applicant, $"/api/cases/{caseId}");
        Assert.Equal(idNumber, detail.GetProperty("applicantIdNumber").GetString());
        Assert.Equal("张三", detail.GetProperty("summary").GetProperty("applicantName").GetString());
    }

    private static DatabaseSettings Settings(OneThingFactory host) => host.PostgresConnectionString is { } postgres
        ? new DatabaseSettings(new DatabaseOptions { Provider = "PostgreSql", ConnectionString = postgres }, host.DataDir)
        : new DatabaseSettings(new DatabaseOptions(), host.DataDir);
}
