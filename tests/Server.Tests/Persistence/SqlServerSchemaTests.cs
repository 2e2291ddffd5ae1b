using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OneThing.Server.Persistence;

namespace OneThing.Server.Tests.Persistence;

/// <summary>No SQL Server runs here; what can be checked without one is that the provider is compiled in and that
/// every migration translates to its SQL.</summary>
public sealed class SqlServerSchemaTests
{
    [Fact]
    public void Migrations_ForSqlServer_TranslateEveryTableAndIndex()
    {
        var settings = new DatabaseSettings(new DatabaseOptions
        {
            Provider = "SqlServer", ConnectionString = "Server=127.0.0.1,1;Database=onething;Encrypt=false",
        }, Path.GetTempPath());
        using var db = new PlatformDbContext(settings.ContextOptions());

        using var engine = PlatformSchema.EngineContextOf(db);
        var script = engine.GetService<IMigrator>().GenerateScript() + db.GetService<IMigrator>().GenerateScript();

        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct())
        {
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
        }

        Assert.Contains("CREATE UNIQUE INDEX [IX_ot_case_Number]", script, StringComparison.Ordinal);
        // SQL Server cannot index nvarchar(max), and an index key holds at most 1,700 bytes (850 characters).
        var keys = db.Model.GetEntityTypes().SelectMany(e => e.GetIndexes().Select(i => i.Properties)
                .Concat(e.GetKeys().Select(k => k.Properties)))
            .Select(columns => (Columns: string.Join(",", columns.Select(c => c.Name)),
                Bytes: columns.Sum(c => c.ClrType == typeof(string) ? 2 * (c.GetMaxLength() ?? int.MaxValue / 4) : 16)));
        Assert.DoesNotContain(keys, k => k.Bytes > 1700);
    }
}
