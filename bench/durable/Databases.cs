using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using OneThing.Engine.Persistence;

namespace OneThing.Bench.Durable;

/// <summary>A fresh database for one run: the engine's tables (migrated) and the raw-commit table, with the
/// durability settings both phases share.</summary>
internal abstract class BenchDatabase : IDisposable
{
    /// <summary>The small table of the raw-commit loop: one row per transaction.</summary>
    public const string RawTable = "bench_commit";

    private long _rawKey;

    /// <summary>What the run measured against, settings included (printed).</summary>
    public abstract string Description { get; }

    /// <summary>A fresh <c>sqlite</c> or <c>postgres</c> database (on the server <paramref name="connection"/>
    /// names). With <paramref name="migrateEngine"/> off, only the raw-commit table is made: the schema is left to
    /// whoever else uses the database (bench/http's server migrates it on start).</summary>
    public static BenchDatabase Create(string database, string? connection, bool migrateEngine = true) => database switch
    {
        "sqlite" => new SqliteBenchDatabase(migrateEngine),
        _ => new PostgresBenchDatabase(connection!, migrateEngine),
    };

    /// <summary>Options for the engine's contexts, with the same connection settings as the raw loop.</summary>
    public abstract DbContextOptionsBuilder<EngineDbContext> EngineOptions(params IInterceptor[] interceptors);

    /// <summary>An open connection with the same settings as the engine's.</summary>
    public abstract DbConnection OpenRaw();

    public abstract void Dispose();

    /// <summary>Waits for this process's turn to write, where the database has one writer at a time (SQLite): the
    /// raw loop queues its writers the way the engine does. Null where writers need no queue.</summary>
    public virtual IDisposable? EnterWriter() => null;

    /// <summary>A fresh key for the next raw row.</summary>
    public long NextRawKey() => Interlocked.Increment(ref _rawKey);

    protected void Prepare(bool migrateEngine)
    {
        if (migrateEngine)
        {
            using var db = new EngineDbContext(EngineOptions().Options);
            db.Database.Migrate();
        }

        using var connection = OpenRaw();
        Execute(connection, $"CREATE TABLE {RawTable} (client integer NOT NULL, n bigint NOT NULL, note varchar(100) NOT NULL, PRIMARY KEY (client, n))");
    }

    protected static string Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    protected static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A database file in a fresh temporary folder, with the product's connection settings
/// (<see cref="SqliteDurability"/>, run on every connection as it opens): journal_mode=WAL, synchronous=FULL (with WAL
/// every commit fsyncs the log: a committed command survives a power cut), busy_timeout=10000.</summary>
internal sealed class SqliteBenchDatabase : BenchDatabase
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly DirectoryInfo _folder;
    private readonly string _connectionString;
    private readonly string _description;

    public SqliteBenchDatabase(bool migrateEngine)
    {
        _folder = Directory.CreateTempSubdirectory("onething-bench-");
        var path = Path.Combine(_folder.FullName, FileName);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        string mode, synchronous, version;
        using (var connection = OpenRaw())
        {
            mode = Scalar(connection, "PRAGMA journal_mode");
            synchronous = Scalar(connection, "PRAGMA synchronous");
            version = Scalar(connection, "SELECT sqlite_version()");
        }

        if (mode != "wal" || synchronous != "2")
        {
            throw new InvalidOperationException($"SQLite refused the settings: journal_mode={mode}, synchronous={synchronous}");
        }

        Prepare(migrateEngine);
        _description = $"SQLite {version}, a fresh file {path}; the product's settings on every connection: " +
            $"{SqliteDurability.Pragmas.Trim()} (with WAL and FULL the log is fsynced at every commit); connection pooling on, " +
            "BEGIN IMMEDIATE transactions; writers queue in process (one at a time), readers do not";
    }

    /// <summary>The database file's name in <see cref="Folder"/>: the server's default (its data directory can be
    /// this folder).</summary>
    public const string FileName = "onething.db";

    /// <summary>The fresh folder holding the file, deleted on dispose.</summary>
    public string Folder => _folder.FullName;

    public override string Description => _description;

    public override DbContextOptionsBuilder<EngineDbContext> EngineOptions(params IInterceptor[] interceptors) =>
        new DbContextOptionsBuilder<EngineDbContext>().UseSqlite(_connectionString)
            .AddInterceptors([SqliteDurability.Instance, .. interceptors]);

    public override DbConnection OpenRaw()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, SqliteDurability.Pragmas);
        return connection;
    }

    public override IDisposable? EnterWriter()
    {
        _writer.Wait();
        return new Lease(_writer);
    }

    public override void Dispose()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}

/// <summary>A fresh database on the server the connection string names, dropped afterwards. The server must run
/// durably (fsync=on, synchronous_commit=on); the run refuses otherwise.</summary>
internal sealed class PostgresBenchDatabase : BenchDatabase
{
    private readonly string _admin;
    private readonly string _name;
    private readonly string _connectionString;
    private readonly string _description;

    public PostgresBenchDatabase(string admin, bool migrateEngine)
    {
        _admin = admin;
        _name = $"ot_bench_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            Execute(connection, $"CREATE DATABASE {_name}");
        }

        // The product's connection settings (PostgresConnectionSettings), for both phases.
        _connectionString = new NpgsqlConnectionStringBuilder(PostgresConnectionSettings.Apply(admin)) { Database = _name }.ConnectionString;
        string fsync, synchronousCommit, version, walSync, fullPageWrites, commitDelay;
        using (var connection = OpenRaw())
        {
            fsync = Scalar(connection, "SHOW fsync");
            synchronousCommit = Scalar(connection, "SHOW synchronous_commit");
            walSync = Scalar(connection, "SHOW wal_sync_method");
            fullPageWrites = Scalar(connection, "SHOW full_page_writes");
            commitDelay = Scalar(connection, "SHOW commit_delay");
            version = Scalar(connection, "SHOW server_version");
        }

        if (fsync != "on" || synchronousCommit != "on")
        {
            Dispose();
            throw new InvalidOperationException(
                $"the server is not durable (fsync={fsync}, synchronous_commit={synchronousCommit}): refusing to measure");
        }

        Prepare(migrateEngine);
        var builder = new NpgsqlConnectionStringBuilder(_connectionString);
        _description = $"PostgreSQL {version} at {builder.Host}:{builder.Port}, a fresh database {_name}; fsync=on, " +
            $"synchronous_commit=on, wal_sync_method={walSync}, full_page_writes={fullPageWrites}, commit_delay={commitDelay}; " +
            $"Npgsql connection pooling on, Max Auto Prepare={builder.MaxAutoPrepare}, No Reset On Close={builder.NoResetOnClose} " +
            "(the product's, both phases), read committed";
    }

    /// <summary>The fresh database, with the product's connection settings.</summary>
    public string ConnectionString => _connectionString;

    public override string Description => _description;

    public override DbContextOptionsBuilder<EngineDbContext> EngineOptions(params IInterceptor[] interceptors) =>
        new DbContextOptionsBuilder<EngineDbContext>().UseNpgsql(_connectionString).AddInterceptors(interceptors);

    public override DbConnection OpenRaw()
    {
        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public override void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        Execute(connection, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }
}
