using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Persistence.Migrations;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>The hand-written migrations make the schema the model describes: a database they created is read back
/// (EF's reverse-engineering reader) and compared, table by table, with the model — columns, types, nullability,
/// keys and indexes. The snapshot test catches a model change without a migration; this one catches a migration that
/// does not do what the model says.</summary>
public class SchemaTests
{
    /// <summary>Tables the migrations make that no context of this assembly maps.</summary>
    private static readonly HashSet<string> Unmapped =
    [
        "__EFMigrationsHistory", "__EFMigrationsLock",
        // The web host's data-protection key ring (its own context, in the server).
        KeysAndPersonalData.DataProtectionKeyTable,
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Schema_MadeByTheMigrations_MatchesTheModel(string provider)
    {
        using var db = TestDatabase.Create(provider);
        using var context = db.CreateDbContext();
        var model = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var database = Read(provider, db.ConnectionString);
        var problems = new List<string>();

        foreach (var table in model.Tables)
        {
            var actual = database.Tables.SingleOrDefault(t => t.Name == table.Name);
            if (actual is null)
            {
                problems.Add($"{table.Name}: no such table");
                continue;
            }

            Compare(table, actual, readsFilters: provider != "sqlite", problems);
        }

        problems.AddRange(database.Tables.Where(t => !Unmapped.Contains(t.Name) && model.Tables.All(x => x.Name != t.Name))
            .Select(t => $"{t.Name}: a table the model does not map"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void Compare(ITable table, DatabaseTable actual, bool readsFilters, List<string> problems)
    {
        foreach (var column in table.Columns)
        {
            var found = actual.Columns.SingleOrDefault(c => c.Name == column.Name);
            if (found is null)
            {
                problems.Add($"{table.Name}.{column.Name}: no such column");
                continue;
            }

            if (found.IsNullable != column.IsNullable)
            {
                problems.Add($"{table.Name}.{column.Name}: nullable {found.IsNullable} in the database, {column.IsNullable} in the model");
            }

            if (!string.Equals(found.StoreType, column.StoreType, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{table.Name}.{column.Name}: {found.StoreType} in the database, {column.StoreType} in the model");
            }
        }

        problems.AddRange(actual.Columns.Where(c => table.FindColumn(c.Name) is null)
            .Select(c => $"{table.Name}.{c.Name}: a column the model does not map"));

        var key = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
        var actualKey = actual.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
        if (!key.SequenceEqual(actualKey))
        {
            problems.Add($"{table.Name}: key ({string.Join(",", actualKey)}) in the database, ({string.Join(",", key)}) in the model");
        }

        foreach (var index in table.Indexes)
        {
            var found = actual.Indexes.SingleOrDefault(i => i.Name == index.Name);
            if (found is null)
            {
                problems.Add($"{table.Name}: no index {index.Name}");
                continue;
            }

            var columns = index.Columns.Select(c => c.Name).ToList();
            var actualColumns = found.Columns.Select(c => c!.Name).ToList();
            if (!columns.SequenceEqual(actualColumns) || found.IsUnique != index.IsUnique)
            {
                problems.Add($"{table.Name}.{index.Name}: ({string.Join(",", actualColumns)}) unique {found.IsUnique} in the database, "
                    + $"({string.Join(",", columns)}) unique {index.IsUnique} in the model");
            }

            // SQLite's reader leaves partial indexes' filters out; PostgreSQL's reads them.
            if (readsFilters && Normal(found.Filter) != Normal(index.Filter))
            {
                problems.Add($"{table.Name}.{index.Name}: filter {found.Filter ?? "none"} in the database, {index.Filter ?? "none"} in the model");
            }
        }

        problems.AddRange(actual.Indexes.Where(i => table.Indexes.All(x => x.Name != i.Name))
            .Select(i => $"{table.Name}.{i.Name}: an index the model does not have"));
    }

    // Databases give a filter back in their own spelling (PostgreSQL adds parentheses and casts).
    private static string? Normal(string? filter) => filter is null
        ? null
        : new string(filter.Where(c => !char.IsWhiteSpace(c) && c is not ('(' or ')' or '"')).ToArray())
            .Replace("::integer", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static DatabaseModel Read(string provider, string connectionString)
    {
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices();
#pragma warning disable EF1001 // The providers' design-time services have no public entry but these types.
        IDesignTimeServices design = provider == "sqlite"
            ? new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices()
            : new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices();
#pragma warning restore EF1001
        design.ConfigureDesignTimeServices(services);
        using var scope = services.BuildServiceProvider();
        return scope.GetRequiredService<IDatabaseModelFactory>().Create(connectionString, new DatabaseModelFactoryOptions());
    }
}
