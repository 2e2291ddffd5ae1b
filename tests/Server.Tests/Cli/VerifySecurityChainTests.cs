using OneThing.Cases.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Audit;
using OneThing.Server.Accounts;
using OneThing.Server.Cli;
using OneThing.Server.Persistence;

namespace OneThing.Server.Tests.Cli;

/// <summary><c>verify</c> checks the security chain with the cases' chains and names it as such.</summary>
public sealed class VerifySecurityChainTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("onething-verify-sec-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public void Run_IntactSecurityChain_ReportedOnALineOfItsOwn()
    {
        Seed();

        var (exit, stdout, stderr) = Verify();

        Assert.Equal(VerifyCommand.ExitIntact, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"{SecurityChain.Name}：3 条记录，完好", stderr, StringComparison.Ordinal);
        Assert.Contains("1 个办件，2 条记录，全部完好", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SecurityEventEditedWithSql_NamesTheSecurityChain()
    {
        Seed();
        using (var db = Open())
        {
            db.Database.ExecuteSql($"""UPDATE ot_audit_event SET "Actor" = 'someone-else' WHERE "CaseId" = {SecurityChain.Id} AND "Seq" = 1""");
        }

        var (exit, stdout, _) = Verify();

        Assert.Equal(VerifyCommand.ExitBroken, exit);
        Assert.StartsWith($"{SecurityChain.Name}: ", stdout, StringComparison.Ordinal);
    }

    private (int Exit, string Stdout, string Stderr) Verify()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = VerifyCommand.Run(["--data-dir", _dataDir], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private PlatformDbContext Open() => new(new DatabaseSettings(new DatabaseOptions(), _dataDir).ContextOptions());

    private void Seed()
    {
        using var db = Open();
        PlatformSchema.Migrate(db);
        foreach (var command in new[] { SecurityEvents.SignIn, SecurityEvents.RolesChanged, SecurityEvents.SignOut })
        {
            AuditTrail.Append(db, SecurityChain.Id, SecurityEvents.EntryOf(new SecurityEvent(command, "admin", "admin")), T0);
        }

        var caseId = Guid.CreateVersion7();
        AuditTrail.Append(db, caseId, new AuditEntry("clerk", "clerk", "accept", null, "已受理"), T0);
        AuditTrail.Append(db, caseId, new AuditEntry("clerk", "clerk", "deliver", "已受理", "已出件"), T0);
        db.SaveChanges();
    }
}
