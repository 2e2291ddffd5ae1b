using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OneThing.Engine.Persistence;

/// <summary>The engine's tables (ot_deployment, ot_definition, ot_instance, ot_execution, ot_wait, ot_history) and
/// nothing else. Provider-neutral: the same model and the same hand-written migrations serve SQLite, PostgreSQL and
/// SQL Server. A layer above the engine derives from it to add its own tables to the engine's transactions (the
/// engine's <see cref="IDbContextFactory{TContext}"/> then creates the derived context).</summary>
public class EngineDbContext : DbContext
{
    /// <summary>A context over the engine's tables only.</summary>
    public EngineDbContext(DbContextOptions<EngineDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a derived context: <paramref name="options"/> are the derived context's own.</summary>
    protected EngineDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DeploymentRecord> Deployments => Set<DeploymentRecord>();

    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    public DbSet<ExecutionRecord> Executions => Set<ExecutionRecord>();

    public DbSet<WaitRecord> Waits => Set<WaitRecord>();

    public DbSet<HistoryRecord> History => Set<HistoryRecord>();

    /// <summary>The interceptors every context of the engine needs: SQLite's single writer and group commit. Options
    /// that a context pool shares must carry them (a pooled context may not change its options); a context made from
    /// options without them adds them itself.</summary>
    public static IReadOnlyList<IInterceptor> Interceptors { get; } = [SqliteSingleWriter.Instance];

    /// <summary>The interceptors this context's options must carry: <see cref="Interceptors"/>, and in a derived
    /// context those its own layer adds.</summary>
    protected virtual IReadOnlyList<IInterceptor> RequiredInterceptors => Interceptors;

    /// <summary>A factory that reuses contexts (and their services) from one command to the next instead of building
    /// each anew, as the server registers it: building a context's services cost about a third of a command's CPU.
    /// </summary>
    public static IDbContextFactory<EngineDbContext> PooledFactory(DbContextOptionsBuilder<EngineDbContext> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PooledDbContextFactory<EngineDbContext>(options.AddInterceptors(Interceptors).Options);
    }

    /// <inheritdoc />
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        var present = optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.Interceptors;
        if (present is null || !RequiredInterceptors.All(present.Contains))
        {
            optionsBuilder.AddInterceptors(RequiredInterceptors.Where(i => present?.Contains(i) != true));
        }
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC ticks: exact, ordered and comparable in SQL on every provider (SQLite has no
        // native timestamp type that orders correctly across offsets).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<string>().AreUnicode();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EngineDbContext).Assembly);
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}

internal sealed class DeploymentRecordConfiguration : IEntityTypeConfiguration<DeploymentRecord>
{
    public void Configure(EntityTypeBuilder<DeploymentRecord> b)
    {
        b.ToTable("ot_deployment");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(DeploymentRecord.MaxNameLength);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => x.Hash);
    }
}

internal sealed class DefinitionRecordConfiguration : IEntityTypeConfiguration<DefinitionRecord>
{
    public void Configure(EntityTypeBuilder<DefinitionRecord> b)
    {
        b.ToTable("ot_definition");
        b.HasKey(x => x.Id);
        b.Property(x => x.ProcessId).HasMaxLength(200);
        b.Property(x => x.Name).HasMaxLength(400);
        b.HasIndex(x => new { x.ProcessId, x.Version }).IsUnique();
        b.HasIndex(x => x.DeploymentId);
    }
}

internal sealed class InstanceRecordConfiguration : IEntityTypeConfiguration<InstanceRecord>
{
    public void Configure(EntityTypeBuilder<InstanceRecord> b)
    {
        b.ToTable("ot_instance");
        b.HasKey(x => x.Id);
        b.Property(x => x.ProcessId).HasMaxLength(200);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProcessId, x.State });
    }
}

internal sealed class ExecutionRecordConfiguration : IEntityTypeConfiguration<ExecutionRecord>
{
    public void Configure(EntityTypeBuilder<ExecutionRecord> b)
    {
        b.ToTable("ot_execution");
        b.HasKey(x => x.Id);
        b.Property(x => x.NodeId).HasMaxLength(200);
        b.Property(x => x.ArrivedViaFlowId).HasMaxLength(200);
        b.HasIndex(x => x.InstanceId);
    }
}

internal sealed class WaitRecordConfiguration : IEntityTypeConfiguration<WaitRecord>
{
    public void Configure(EntityTypeBuilder<WaitRecord> b)
    {
        b.ToTable("ot_wait");
        b.HasKey(x => x.Id);
        b.Property(x => x.NodeId).HasMaxLength(200);
        b.Property(x => x.MessageName).HasMaxLength(200);
        b.Property(x => x.CorrelationKey).HasMaxLength(200);
        b.Property(x => x.Assignee).HasMaxLength(200);
        b.Property(x => x.FormKey).HasMaxLength(200);
        b.Property(x => x.JobType).HasMaxLength(200);
        b.Property(x => x.AttachedToNodeId).HasMaxLength(200);
        b.Property(x => x.GatewayNodeId).HasMaxLength(200);
        b.Property(x => x.IncidentCode).HasMaxLength(100);
        b.Property(x => x.LockOwner).HasMaxLength(200);
        b.HasIndex(x => x.InstanceId);
        // The job executor's poll: due timers by time; cost does not grow with the number of pending timers. Both
        // indexes hold only the rows their queries can find (see the PartialWaitIndexes migration).
        b.HasIndex(x => x.DueAt).HasFilter(Migrations.PartialWaitIndexes.DueAtFilter);
        b.HasIndex(x => new { x.Kind, x.MessageName }).HasFilter(Migrations.PartialWaitIndexes.MessageNameFilter);
    }
}

internal sealed class HistoryRecordConfiguration : IEntityTypeConfiguration<HistoryRecord>
{
    public void Configure(EntityTypeBuilder<HistoryRecord> b)
    {
        b.ToTable("ot_history");
        b.HasKey(x => x.Id);
        b.Property(x => x.Type).HasMaxLength(50);
        b.Property(x => x.NodeId).HasMaxLength(200);
        b.HasIndex(x => new { x.InstanceId, x.Seq }).IsUnique();
        b.HasIndex(x => x.WaitId);
    }
}

/// <summary>SQLite lets one transaction write a database file at a time. Left alone, a second writer's BEGIN finds
/// the file busy and Microsoft.Data.Sqlite retries it every 150 ms, so a few concurrent commands mostly sleep (and
/// under load time out). Within one process the writers of a WAL-mode file therefore queue here instead: a
/// transaction waits for the previous one to commit or roll back, then starts at once. Readers are not held up (WAL
/// lets them read beside the writer). Other providers, and SQLite files with a rollback journal, pass straight
/// through.</summary>
internal sealed class SqliteSingleWriter : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteSingleWriter Instance = new();

    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, SemaphoreSlim?> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SqliteGroupCommit> _groups = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbConnection, SemaphoreSlim> _held = [];

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        if (GateOf(connection) is { } gate)
        {
            if (!gate.Wait(MaxWait))
            {
                throw new TimeoutException("等待数据库写入超时（SQLite 同一时间只允许一个写事务）");
            }

            Hold(connection, gate);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        if (GateOf(connection) is { } gate)
        {
            if (!await gate.WaitAsync(MaxWait, cancellationToken).ConfigureAwait(false))
            {
                throw new TimeoutException("等待数据库写入超时（SQLite 同一时间只允许一个写事务）");
            }

            Hold(connection, gate);
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback (a command that threw, a BEGIN that failed) closes the
    // connection it opened: the gate opens then at the latest.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    /// <summary>The group commit of the connection's file, or null where writers need no queue.</summary>
    public SqliteGroupCommit? GroupOf(DbConnection connection) =>
        GateOf(connection) is { } gate ? _groups.GetOrAdd(connection.DataSource, static (_, g) => new SqliteGroupCommit(g, MaxWait), gate) : null;

    private SemaphoreSlim? GateOf(DbConnection connection) =>
        connection.GetType().FullName == "Microsoft.Data.Sqlite.SqliteConnection"
            ? _gates.GetOrAdd(connection.DataSource, static (_, c) => IsWal(c) ? new SemaphoreSlim(1, 1) : null, connection)
            : null;

    // Only in WAL mode is the other writer the one thing a writer waits for. With a rollback journal, readers hold
    // the writer's COMMIT up as well and the provider's retries stay, so a queue in front would only add waiting.
    // The mode is read once per file, at its first transaction.
    private static bool IsWal(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase);
    }

    private void Hold(DbConnection connection, SemaphoreSlim gate) => _held.AddOrUpdate(connection, gate);

    private void Release(TransactionEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            Release(context.Database.GetDbConnection());
        }
    }

    private void Release(DbConnection connection)
    {
        if (_held.TryGetValue(connection, out var gate) && _held.Remove(connection))
        {
            gate.Release();
        }
    }
}
