using Microsoft.EntityFrameworkCore;
using Npgsql;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>A fresh, migrated database of either provider for one test: the engine's tables and the platform's.
/// As an engine context factory (what <see cref="DurableEngine"/> takes) it makes plain engine contexts, as an
/// engine-only host does; <see cref="CreateDbContext"/> makes platform contexts.</summary>
public sealed class TestDatabase : IDbContextFactory<PlatformDbContext>, IDbContextFactory<EngineDbContext>, IDisposable
{
    /// <summary>Where <c>./test.sh</c> puts the PostgreSQL connection string it started.</summary>
    public const string PostgresVariable = "ONETHING_TEST_POSTGRES";

    private readonly IDbContextFactory<EngineDbContext> _engine;
    private readonly IDbContextFactory<PlatformDbContext> _platform;
    private readonly Action _drop;

    private TestDatabase(string provider, string connectionString, Action<DbContextOptionsBuilder> configure,
        Action drop, string? migrateTo)
    {
        Provider = provider;
        ConnectionString = connectionString;
        // Pooled, as the server registers it.
        var engine = new DbContextOptionsBuilder<EngineDbContext>();
        configure(engine);
        _engine = EngineDbContext.PooledFactory(engine);
        var platform = new DbContextOptionsBuilder<PlatformDbContext>();
        configure(platform);
        _platform = PlatformDbContext.PooledFactory(platform);
        _drop = drop;
        using var db = CreateDbContext();
        if (migrateTo is null)
        {
            PlatformSchema.Migrate(db);
        }
        else
        {
            PlatformSchema.Migrate(db, migrateTo);
        }
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>, as the crash host takes it.</summary>
    public string Provider { get; }

    /// <summary>How another process reaches this database.</summary>
    public string ConnectionString { get; }

    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    /// <summary>A fresh database of the provider, migrated to <paramref name="migrateTo"/> (default: latest).
    /// </summary>
    public static TestDatabase Create(string provider, string? migrateTo = null) => provider switch
    {
        "sqlite" => Sqlite(migrateTo),
        _ => Postgres(migrateTo),
    };

    public PlatformDbContext CreateDbContext() => _platform.CreateDbContext();

    EngineDbContext IDbContextFactory<EngineDbContext>.CreateDbContext() => _engine.CreateDbContext();

    public void Dispose() => _drop();

    private static TestDatabase Sqlite(string? migrateTo)
    {
        var path = Path.Combine(Path.GetTempPath(), $"onething-test-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={path};Pooling=False";
        return new TestDatabase("sqlite", connectionString,
            options => options.UseSqlite(connectionString).AddInterceptors(SqliteDurability.Instance), () =>
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }, migrateTo);
    }

    private static TestDatabase Postgres(string? migrateTo)
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException(
                $"{PostgresVariable} is not set: run the tests with ./test.sh, which starts PostgreSQL for them");
        var name = $"ot_{Guid.NewGuid():N}";
        Execute(admin, $"CREATE DATABASE {name}");
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionSettings.Apply(admin)) { Database = name };
        return new TestDatabase("postgres", builder.ConnectionString, options => options.UseNpgsql(builder.ConnectionString), () =>
        {
            NpgsqlConnection.ClearAllPools();
            Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }, migrateTo);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
