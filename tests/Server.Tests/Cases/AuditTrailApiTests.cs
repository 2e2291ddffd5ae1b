using OneThing.Cases.Persistence;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

public sealed class AuditTrailApiTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Verify_AfterOneStoredEventIsChanged_NamesTheCaseAndTheFirstBrokenLink()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        using var clerk = await _factory.SignInAsync("clerk");
        using var auditor = await _factory.SignInAsync("auditor");
        var id = await Submit(applicant);
        await Post(clerk, $"/api/cases/{id}/accept");

        var history = await Get(auditor, $"/api/cases/{id}/history");
        Assert.Equal(["create", "submit", "accept"], history.EnumerateArray().Select(e => e.GetProperty("command").GetString()));
        Assert.True((await Get(auditor, "/api/audit/verify")).GetProperty("intact").GetBoolean());

        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync())
        {
            var caseId = Guid.Parse(id);
            await db.Database.ExecuteSqlAsync($"UPDATE ot_audit_event SET \"Actor\" = 'someone-else' WHERE \"CaseId\" = {caseId} AND \"Seq\" = 1");
        }

        var one = await Get(auditor, $"/api/cases/{id}/history/verify");
        Assert.False(one.GetProperty("intact").GetBoolean());
        Assert.Equal(1, one.GetProperty("firstBrokenSeq").GetInt32());
        var all = await Get(auditor, "/api/audit/verify");
        Assert.False(all.GetProperty("intact").GetBoolean());
        Assert.Equal(id, Assert.Single(all.GetProperty("broken").EnumerateArray()).GetProperty("caseId").GetString());

        using var forbidden = await clerk.GetAsync(new Uri("/api/audit/verify", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
