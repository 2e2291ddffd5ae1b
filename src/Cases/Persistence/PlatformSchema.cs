using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OneThing.Engine.Persistence;

namespace OneThing.Cases.Persistence;

/// <summary>Creates or upgrades a platform database: the engine's migrations, then the platform's. Both sets share
/// one <c>__EFMigrationsHistory</c> table; their ids are disjoint and each context skips the ids it does not know, so
/// a database made before the split (one set holding both) has nothing pending for either.</summary>
public static class PlatformSchema
{
    /// <summary>Applies every pending engine migration, then every pending platform migration, on
    /// <paramref name="db"/>'s database (EF takes its migration lock for each set, so several nodes may start at
    /// once).</summary>
    public static void Migrate(PlatformDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        using (var engine = EngineContextOf(db))
        {
            engine.Database.Migrate();
        }

        db.Database.Migrate();
    }

    /// <summary>Brings <paramref name="db"/>'s database to the schema of the release whose last migration was
    /// <paramref name="target"/>, up or down: each set to its last migration not after <paramref name="target"/>
    /// (ids order the two sets as the releases applied them). For tests of upgrades, and for a downgrade.</summary>
    public static void Migrate(PlatformDbContext db, string target)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(target);
        using (var engine = EngineContextOf(db))
        {
            MigrateSet(engine, target);
        }

        MigrateSet(db, target);
    }

    /// <summary>The migrations of both sets not yet applied to <paramref name="db"/>'s database, engine first.
    /// </summary>
    public static IReadOnlyList<string> Pending(PlatformDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var engine = EngineContextOf(db);
        return [.. engine.Database.GetPendingMigrations(), .. db.Database.GetPendingMigrations()];
    }

    private static void MigrateSet(DbContext db, string target) =>
        db.GetService<IMigrator>().Migrate(
            db.Database.GetMigrations().LastOrDefault(id => string.CompareOrdinal(id, target) <= 0) ?? Migration.InitialDatabase);

    /// <summary>A plain engine context on the same database and options as <paramref name="db"/> (provider,
    /// connection string, interceptors): it sees the engine's migrations only.</summary>
    public static EngineDbContext EngineContextOf(PlatformDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var extensions = db.GetService<IDbContextOptions>().Extensions.ToDictionary(e => e.GetType());
        return new EngineDbContext(new DbContextOptions<EngineDbContext>(extensions));
    }
}
