using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>The model and the migrations agree: each context's model equals the snapshot kept beside its
/// migrations, on every provider. The snapshots are provider-neutral (no column types, no provider annotations), as
/// the hand-written migrations are, so one snapshot per context serves SQLite, PostgreSQL and SQL Server: EF gives the
/// snapshot's columns the running provider's types before it compares.</summary>
public partial class ModelSnapshotTests
{
    /// <summary>Set to 1 to write the snapshots from the current models (<see cref="Snapshots_FromModels_AreWritten"/>).
    /// </summary>
    public const string UpdateVariable = "ONETHING_UPDATE_SNAPSHOTS";

    public static TheoryData<string, string> ProvidersAndContexts => new()
    {
        { "sqlite", "engine" }, { "sqlite", "platform" }, { "postgres", "engine" }, { "postgres", "platform" },
    };

    /// <summary>Fails when a context's model has changes that no migration covers (the snapshot is what the migrations
    /// made, see docs/operations.md), naming the operations a migration would need.</summary>
    [Theory]
    [MemberData(nameof(ProvidersAndContexts))]
    public void Model_WithoutANewMigration_HasNoPendingChanges(string provider, string context)
    {
        using var db = Open(provider, context);

        Assert.NotNull(db.GetService<IMigrationsAssembly>().ModelSnapshot);
        if (db.Database.HasPendingModelChanges())
        {
            Assert.Fail($"{db.GetType().Name} on {provider}: the model differs from its snapshot; a migration is missing for: "
                + string.Join("; ", Differences(db)));
        }
    }

    /// <summary>The engine's snapshot holds the engine's tables only; the platform's holds the engine's as excluded
    /// from its migrations, so neither set ever creates the other's tables.</summary>
    [Fact]
    public void Snapshots_EachSet_OwnsItsTablesOnly()
    {
        using var engine = Open("sqlite", "engine");
        using var platform = Open("sqlite", "platform");
        var engineTables = engine.GetService<IMigrationsAssembly>().ModelSnapshot!.Model.GetEntityTypes()
            .Select(e => e.GetTableName()).ToHashSet();
        var platformModel = platform.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;

        Assert.Equal(["ot_definition", "ot_deployment", "ot_execution", "ot_history", "ot_instance", "ot_wait"],
            engineTables.Order(StringComparer.Ordinal));
        Assert.All(platformModel.GetEntityTypes(),
            e => Assert.Equal(engineTables.Contains(e.GetTableName()), e.IsTableExcludedFromMigrations()));
    }

    /// <summary>Writes both snapshots from the current models, provider-neutral. Run it after adding a migration (and
    /// only then: a snapshot written without one hides the change from the test above):
    /// <c>ONETHING_UPDATE_SNAPSHOTS=1 dotnet test tests/Integration.Tests --filter Snapshots_FromModels_AreWritten</c>.
    /// </summary>
    [SnapshotWriterFact]
    public void Snapshots_FromModels_AreWritten()
    {
        Write("engine", Path.Combine("src", "Engine", "Persistence", "Migrations"), "OneThing.Engine.Persistence.Migrations");
        Write("platform", Path.Combine("src", "Cases", "Persistence", "Migrations"), "OneThing.Cases.Persistence.Migrations");
    }

    private static void Write(string context, string folder, string ns)
    {
        using var db = Open("sqlite", context);
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
#pragma warning disable EF1001 // The provider's design-time services have no public entry but this type.
        new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
        using var provider = services.BuildServiceProvider();
        var name = $"{db.GetType().Name}ModelSnapshot";
        var code = provider.GetRequiredService<IMigrationsCodeGeneratorSelector>().Select(null)
            .GenerateSnapshot(ns, db.GetType(), name, db.GetService<IDesignTimeModel>().Model);
        var neutral = ColumnType().Replace(code, string.Empty);
        Assert.DoesNotContain("Sqlite:", neutral, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(RepositoryRoot(), folder, name + ".cs"), neutral);
    }

    private static DbContext Open(string provider, string context)
    {
        // Comparing a model with its snapshot reads no database: a connection string that reaches none will do.
        return (provider, context) switch
        {
            ("sqlite", "engine") => new EngineDbContext(new DbContextOptionsBuilder<EngineDbContext>().UseSqlite("Data Source=:memory:").Options),
            ("sqlite", _) => new PlatformDbContext(new DbContextOptionsBuilder<PlatformDbContext>().UseSqlite("Data Source=:memory:").Options),
            (_, "engine") => new EngineDbContext(new DbContextOptionsBuilder<EngineDbContext>().UseNpgsql("Host=localhost").Options),
            _ => new PlatformDbContext(new DbContextOptionsBuilder<PlatformDbContext>().UseNpgsql("Host=localhost").Options),
        };
    }

    private static IEnumerable<string> Differences(DbContext db)
    {
        // A snapshot of its own: the migrator has finalised the model of the one the context holds.
        var snapshot = ((ModelSnapshot)Activator.CreateInstance(db.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType())!).Model;
        if (snapshot is IMutableModel mutable)
        {
            snapshot = mutable.FinalizeModel();
        }

        var finalized = db.GetService<IModelRuntimeInitializer>().Initialize(snapshot);
        return db.GetService<IMigrationsModelDiffer>()
            .GetDifferences(finalized.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel())
            .Select(Describe);
    }

    private static string Describe(MigrationOperation operation) => operation switch
    {
        ColumnOperation c => $"{operation.GetType().Name} {c.Table}.{c.Name}",
        TableOperation t => $"{operation.GetType().Name} {t.Name}",
        CreateIndexOperation i => $"{operation.GetType().Name} {i.Table}.{i.Name}",
        DropIndexOperation i => $"{operation.GetType().Name} {i.Table}.{i.Name}",
        _ => operation.GetType().Name,
    };

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OneThing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"OneThing.sln not found above {AppContext.BaseDirectory}");
    }

    // The snapshot's column types are the provider's it was generated on; without them EF asks the running provider.
    [GeneratedRegex("""\s*\.HasColumnType\("[^"]*"\)""")]
    private static partial Regex ColumnType();

    /// <summary>Runs only when <see cref="UpdateVariable"/> is 1; reported as skipped otherwise, with how to run it.
    /// </summary>
    private sealed class SnapshotWriterFactAttribute : FactAttribute
    {
        public SnapshotWriterFactAttribute()
        {
            if (Environment.GetEnvironmentVariable(UpdateVariable) != "1")
            {
                Skip = $"writes the model snapshots; set {UpdateVariable}=1 to run it (after adding a migration)";
            }
        }
    }
}
