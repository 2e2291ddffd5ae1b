using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OneThing.Engine.Accounts;

namespace OneThing.Engine.Persistence;

/// <summary>The engine's tables. Provider-neutral: the same model and the same hand-written migrations serve
/// SQLite, PostgreSQL and SQL Server.</summary>
public sealed class EngineDbContext(DbContextOptions<EngineDbContext> options) : DbContext(options)
{
    public DbSet<DeploymentRecord> Deployments => Set<DeploymentRecord>();

    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    public DbSet<ExecutionRecord> Executions => Set<ExecutionRecord>();

    public DbSet<WaitRecord> Waits => Set<WaitRecord>();

    public DbSet<HistoryRecord> History => Set<HistoryRecord>();

    public DbSet<AccountRecord> Accounts => Set<AccountRecord>();

    public DbSet<DepartmentRecord> Departments => Set<DepartmentRecord>();

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
        b.Property(x => x.Name).HasMaxLength(200);
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
        // The job executor's poll: due timers by time; cost does not grow with the number of pending timers.
        b.HasIndex(x => x.DueAt);
        b.HasIndex(x => new { x.Kind, x.MessageName });
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

internal sealed class AccountRecordConfiguration : IEntityTypeConfiguration<AccountRecord>
{
    public void Configure(EntityTypeBuilder<AccountRecord> b)
    {
        b.ToTable("ot_account");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserName).HasMaxLength(100);
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.PasswordHash).HasMaxLength(200);
        b.Property(x => x.Roles).HasMaxLength(200);
        b.Property(x => x.Departments).HasMaxLength(1000);
        b.Ignore(x => x.RoleList);
        b.Ignore(x => x.DepartmentList);
        b.HasIndex(x => x.UserName).IsUnique();
    }
}

internal sealed class DepartmentRecordConfiguration : IEntityTypeConfiguration<DepartmentRecord>
{
    public void Configure(EntityTypeBuilder<DepartmentRecord> b)
    {
        b.ToTable("ot_department");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(50);
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
