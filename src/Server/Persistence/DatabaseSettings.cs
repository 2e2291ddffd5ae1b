using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;

namespace OneThing.Server.Persistence;

/// <summary>Which database to open, resolved from configuration in one place for the web host and the command-line
/// tools, so <c>verify</c> reads the very database the server writes.</summary>
/// <param name="Options">Provider and connection string (<c>OneThing:Database</c>).</param>
/// <param name="DataDir">The absolute data directory (<c>OneThing:DataDir</c>, <c>--data-dir</c>,
/// <c>ONETHING_DATA_DIR</c>; default <c>data</c> under the working directory).</param>
public sealed record DatabaseSettings(DatabaseOptions Options, string DataDir)
{
    /// <summary>The SQLite file made under the data directory when no connection string is configured.</summary>
    public const string DefaultSqliteFileName = "onething.db";

    /// <summary>The embedded database file the settings point at: set only for SQLite without a configured
    /// connection string.</summary>
    public string? SqliteFile => IsSqlite && Options.ConnectionString is null
        ? Path.Combine(DataDir, DefaultSqliteFileName)
        : null;

    private bool IsSqlite => string.Equals(Options.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the settings from a configuration (the web host's, or <see cref="LoadConfiguration"/>).
    /// </summary>
    public static DatabaseSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        var dataDir = Path.GetFullPath(configuration[DatabaseExtensions.DataDirKey]
            ?? Environment.GetEnvironmentVariable("ONETHING_DATA_DIR") ?? "data");
        return new DatabaseSettings(options, dataDir);
    }

    /// <summary>The configuration a command-line tool sees, built like the web host's: <c>appsettings.json</c> and
    /// <c>appsettings.{environment}.json</c> beside the executable, then environment variables, then
    /// <paramref name="overrides"/> (what the tool's own options say).</summary>
    public static IConfiguration LoadConfiguration(IReadOnlyDictionary<string, string?> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>Points <paramref name="db"/> at the database (creating the data directory for SQLite), with the engine's
    /// interceptors, so that pooled contexts can share the options.</summary>
    /// <exception cref="InvalidOperationException">The provider is unknown, or PostgreSQL has no connection
    /// string.</exception>
    public void Configure(DbContextOptionsBuilder db)
    {
        ArgumentNullException.ThrowIfNull(db);
        switch (Options.Provider.ToUpperInvariant())
        {
            case "SQLITE":
                Directory.CreateDirectory(DataDir);
                db.UseSqlite(Options.ConnectionString ?? $"Data Source={Path.Combine(DataDir, DefaultSqliteFileName)}")
                    .AddInterceptors(SqliteDurability.Instance);
                break;
            case "POSTGRESQL" or "POSTGRES":
                db.UseNpgsql(PostgresConnectionSettings.Apply(Options.ConnectionString ?? throw new InvalidOperationException(
                    "OneThing:Database:ConnectionString is required for PostgreSQL")));
                break;
            case "SQLSERVER":
                // Compiled in with the same provider-neutral migrations; no SQL Server runs on the machines this is
                // developed on, so it is untested beyond generating its schema script (docs/operations.md).
                db.UseSqlServer(Options.ConnectionString ?? throw new InvalidOperationException(
                    "OneThing:Database:ConnectionString is required for SQL Server"));
                break;
            default:
                throw new InvalidOperationException(
                    $"Unknown OneThing:Database:Provider '{Options.Provider}' (use Sqlite, PostgreSql or SqlServer)");
        }

        db.AddInterceptors(PlatformDbContext.Interceptors);
    }

    /// <summary>Options for a context of its own (a tool's, outside dependency injection).</summary>
    public DbContextOptions<PlatformDbContext> ContextOptions()
    {
        var builder = new DbContextOptionsBuilder<PlatformDbContext>();
        Configure(builder);
        return builder.Options;
    }
}
