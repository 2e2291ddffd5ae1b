using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;
using Microsoft.AspNetCore.Identity;
using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Engine.Runtime;
using OneThing.Cases.Security;
using OneThing.Server.Accounts;
using OneThing.Server.Security;

namespace OneThing.Server.Persistence;

/// <summary>Which database the server uses and where; bound from <c>OneThing:Database</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OneThing:Database";

    /// <summary><c>Sqlite</c> (default, embedded, a file under the data directory), <c>PostgreSql</c>, or
    /// <c>SqlServer</c> (compiled in, untested here).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Required for PostgreSQL; for SQLite it overrides the file under the data directory.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>Registers the engine's database, the durable engine and its job executor.</summary>
public static class DatabaseExtensions
{
    /// <summary>The configuration key of the data directory (<c>--data-dir</c>, <c>ONETHING_DATA_DIR</c>).</summary>
    public const string DataDirKey = "OneThing:DataDir";

    /// <summary>Adds the database (created or upgraded on start), <see cref="DurableEngine"/> and the job executor.
    /// </summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = DatabaseSettings.From(builder.Configuration);
        // Pooled: a command's context and its services are reused, not built anew (docs/benchmarks.md, durable).
        builder.Services.AddPooledDbContextFactory<PlatformDbContext>((services, db) =>
        {
            settings.Configure(db);
            db.UsePersonalDataProtection(services.GetRequiredService<PersonalDataProtector>());
        });
        // The engine creates platform contexts, so a case command and the engine commands it causes share one
        // transaction (docs/architecture.md, "One transaction").
        builder.Services.AddSingleton<IDbContextFactory<EngineDbContext>>(services =>
            new PlatformContextFactory(services.GetRequiredService<IDbContextFactory<PlatformDbContext>>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var engine = new DurableEngine(sp.GetRequiredService<IDbContextFactory<EngineDbContext>>(),
                new EngineOptions { Clock = sp.GetRequiredService<TimeProvider>() });
            // Cases follow their processes after every engine command, also one a timer, a message or a job caused.
            engine.AfterEveryCommand(CaseSync.FromEngine);
            return engine;
        });
        builder.Services.AddSingleton(new JobExecutorOptions());
        builder.Services.AddHostedService<JobExecutorService>();
        return builder;
    }

    /// <summary>Creates or upgrades the schema, the engine's migrations then the platform's (several nodes may start
    /// at once: EF takes a migration lock), then
    /// adds demo data in demo mode (<see cref="DemoOptions"/>).</summary>
    public static void MigrateDatabase(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var db = app.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        PlatformSchema.Migrate(db);
        app.SealStoredPersonalData();
        if (app.Services.GetRequiredService<DemoOptions>().Enabled)
        {
            DemoData.Seed(db, app.Services.GetRequiredService<IPasswordHasher<AccountRecord>>(),
                app.Services.GetRequiredService<TimeProvider>());
            DemoData.DeployShipped(db, app.Services.GetRequiredService<DurableEngine>(),
                app.Services.GetRequiredService<TimeProvider>(), AppContext.BaseDirectory);
        }
    }
}

/// <summary>Hosts the <see cref="JobExecutor"/>; on shutdown the job in flight finishes before the host stops.
/// </summary>
public sealed partial class JobExecutorService(DurableEngine engine, JobExecutorOptions options, TimeProvider clock,
    ILogger<JobExecutorService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var executor = new JobExecutor(engine, options, clock);
        executor.Failed += ex => LogFailed(logger, ex);
        // The executor's database calls are synchronous; a thread of its own keeps them off request threads.
        return Task.Factory.StartNew(() => executor.RunAsync(stoppingToken), stoppingToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "作业执行器轮询失败，稍后重试")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
