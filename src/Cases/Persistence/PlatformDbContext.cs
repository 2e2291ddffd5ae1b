using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using OneThing.Cases.Accounts;
using OneThing.Cases.Audit;
using OneThing.Cases.Notifications;
using OneThing.Engine.Persistence;

namespace OneThing.Cases.Persistence;

/// <summary>The engine's tables and the platform's: accounts, cases, forms, audit, notifications, idempotency keys.
/// A platform host has the engine create this context for every command (see <see cref="PlatformContextFactory"/>),
/// so a case command's rows and the engine rows it causes commit in one transaction. Its migrations (this
/// assembly's) cover the platform's tables only; the engine's tables are the engine's migrations' (see
/// <see cref="PlatformSchema.Migrate(PlatformDbContext)"/>).</summary>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : EngineDbContext(options)
{
    public DbSet<AccountRecord> Accounts => Set<AccountRecord>();

    public DbSet<DepartmentRecord> Departments => Set<DepartmentRecord>();

    public DbSet<SessionRecord> Sessions => Set<SessionRecord>();

    public DbSet<SignInThrottleRecord> SignInThrottles => Set<SignInThrottleRecord>();

    public DbSet<AuditEventRecord> AuditEvents => Set<AuditEventRecord>();

    public DbSet<NotificationRecord> Notifications => Set<NotificationRecord>();

    public DbSet<OutboxMessageRecord> Outbox => Set<OutboxMessageRecord>();

    /// <summary>The engine's interceptors, then the audit trail's append-only guard and its seal of case facts.
    /// Options that a context pool shares must carry them (see <see cref="EngineDbContext.Interceptors"/>).</summary>
    public static new IReadOnlyList<IInterceptor> Interceptors { get; } =
        [.. EngineDbContext.Interceptors, AuditAppendOnlyInterceptor.Instance, AuditFactSeal.Instance];

    /// <inheritdoc />
    protected override IReadOnlyList<IInterceptor> RequiredInterceptors => Interceptors;

    /// <summary>A pooled factory of platform contexts, as the server registers it (see
    /// <see cref="EngineDbContext.PooledFactory"/>).</summary>
    public static IDbContextFactory<PlatformDbContext> PooledFactory(DbContextOptionsBuilder<PlatformDbContext> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PooledDbContextFactory<PlatformDbContext>(options.AddInterceptors(Interceptors).Options);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // The engine's entities are in this model (commands write them in the same transaction) but their tables
        // belong to the engine's migrations: this context's migrations and snapshot leave them alone.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);
        // By assembly, not by what the engine configured first: the DbSet properties above add platform entities
        // before OnModelCreating runs.
        foreach (var entity in modelBuilder.Model.GetEntityTypes()
                     .Where(e => e.ClrType.Assembly == typeof(EngineDbContext).Assembly).ToList())
        {
            modelBuilder.Entity(entity.ClrType).Metadata.SetIsTableExcludedFromMigrations(true);
        }
    }
}
