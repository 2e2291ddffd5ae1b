using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Audit;
using OneThing.Server.Cli;
using OneThing.Server.Persistence;

namespace OneThing.Server.Tests.Cli;

public sealed class VerifyCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("onething-verify-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public void Names_Always_IncludesVerify()
    {
        Assert.Contains("verify", CliCommands.Names);
    }

    [Fact]
    public void Run_IntactChains_Exit0WithSummary()
    {
        Seed(Guid.CreateVersion7(), 3);
        Seed(Guid.CreateVersion7(), 2);

        var (exit, stdout, stderr) = Verify("--data-dir", _dataDir);

        Assert.Equal(VerifyCommand.ExitIntact, exit);
        Assert.Equal("", stdout);
        Assert.Equal("2 个办件，5 条记录，全部完好", stderr.Trim());
    }

    [Fact]
    public void Run_TamperedRow_Exit1NamingTheCaseAndSeq()
    {
        var intact = Guid.CreateVersion7();
        var tampered = Guid.CreateVersion7();
        Seed(intact, 3);
        Seed(tampered, 3);
        using (var db = Open())
        {
            db.Database.ExecuteSql(
                $"""UPDATE ot_audit_event SET "After" = '准予许可' WHERE "CaseId" = {tampered} AND "Seq" = 1""");
        }

        var (exit, stdout, stderr) = Verify("--data-dir", _dataDir);

        Assert.Equal(VerifyCommand.ExitBroken, exit);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(tampered.ToString(), line, StringComparison.Ordinal);
        Assert.Contains("第 1 条记录的哈希与内容不符", line, StringComparison.Ordinal);
        Assert.DoesNotContain(intact.ToString(), stdout, StringComparison.Ordinal);
        Assert.Equal("2 个办件，6 条记录，1 个办件的审计链被破坏", stderr.Trim());
    }

    [Fact]
    public void Run_OneCase_ChecksOnlyThatCase()
    {
        var intact = Guid.CreateVersion7();
        var tampered = Guid.CreateVersion7();
        Seed(intact, 2);
        Seed(tampered, 2);
        using (var db = Open())
        {
            db.Database.ExecuteSql($"""DELETE FROM ot_audit_event WHERE "CaseId" = {tampered} AND "Seq" = 0""");
        }

        var good = Verify("--case", intact.ToString(), "--data-dir", _dataDir);
        var bad = Verify("--data-dir", _dataDir, "--case", tampered.ToString());

        Assert.Equal((VerifyCommand.ExitIntact, "1 个办件，2 条记录，全部完好"), (good.Exit, good.Stderr.Trim()));
        Assert.Equal(VerifyCommand.ExitBroken, bad.Exit);
        Assert.Contains($"办件 {tampered}: 缺少第 0 条记录", bad.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoDatabaseInTheDataDir_Exit2WithoutCreatingOne()
    {
        var empty = Path.Combine(_dataDir, "empty");

        var (exit, _, stderr) = Verify("--data-dir", empty);

        Assert.Equal(VerifyCommand.ExitUsage, exit);
        Assert.Contains("找不到数据库文件", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(empty, DatabaseSettings.DefaultSqliteFileName)));
    }

    [Fact]
    public void Run_DatabaseNotUpgraded_Exit2()
    {
        using (var db = Open())
        {
            PlatformSchema.Migrate(db, "20261122020000_Accounts");
        }

        var (exit, _, stderr) = Verify("--data-dir", _dataDir);

        Assert.Equal(VerifyCommand.ExitUsage, exit);
        Assert.Contains("数据库结构不是最新版本", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--case", "not-a-guid")]
    [InlineData("--case")]
    [InlineData("--frobnicate")]
    [InlineData("extra")]
    public void Run_UnusableArguments_Exit2WithoutStackTrace(params string[] args)
    {
        var (exit, _, stderr) = Verify(args);

        Assert.Equal(VerifyCommand.ExitUsage, exit);
        Assert.StartsWith("verify: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static (int Exit, string Stdout, string Stderr) Verify(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = VerifyCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private PlatformDbContext Open() =>
        new(new DatabaseSettings(new DatabaseOptions(), _dataDir).ContextOptions());

    private void Seed(Guid caseId, int events)
    {
        using var db = Open();
        PlatformSchema.Migrate(db);
        for (var i = 0; i < events; i++)
        {
            AuditTrail.Append(db, caseId, new AuditEntry("clerk", "clerk", $"step-{i}", $"状态 {i}", $"状态 {i + 1}"),
                T0.AddMinutes(i));
        }

        db.SaveChanges();
    }
}
