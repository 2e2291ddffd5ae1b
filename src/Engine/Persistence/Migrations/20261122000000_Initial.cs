using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Engine.Persistence.Migrations;

/// <summary>The first schema. Hand-written (the EF design-time package cannot be restored here) and
/// provider-neutral: column types come from each provider's mapping of the CLR type, so SQLite, PostgreSQL and
/// SQL Server run the same migration. Instants are UTC ticks (<c>long</c>).</summary>
[DbContext(typeof(EngineDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("ot_deployment", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            Hash = t.Column<string>(maxLength: 64, nullable: false),
            Xml = t.Column<string>(nullable: false),
            DeployedAt = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_deployment", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_deployment_Hash", "ot_deployment", "Hash");

        migrationBuilder.CreateTable("ot_definition", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            DeploymentId = t.Column<Guid>(nullable: false),
            ProcessId = t.Column<string>(maxLength: 200, nullable: false),
            Version = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: 400, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_definition", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_definition_ProcessId_Version", "ot_definition", ["ProcessId", "Version"],
            unique: true);
        migrationBuilder.CreateIndex("IX_ot_definition_DeploymentId", "ot_definition", "DeploymentId");

        migrationBuilder.CreateTable("ot_instance", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            DefinitionId = t.Column<Guid>(nullable: false),
            ProcessId = t.Column<string>(maxLength: 200, nullable: false),
            State = t.Column<int>(nullable: false),
            StartedAt = t.Column<long>(nullable: false),
            EndedAt = t.Column<long>(nullable: true),
            CalledByInstanceId = t.Column<Guid>(nullable: true),
            CalledByWaitId = t.Column<Guid>(nullable: true),
            Revision = t.Column<long>(nullable: false),
            HistoryCount = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_instance", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_instance_ProcessId_State", "ot_instance", ["ProcessId", "State"]);

        migrationBuilder.CreateTable("ot_execution", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            InstanceId = t.Column<Guid>(nullable: false),
            ParentId = t.Column<Guid>(nullable: true),
            Role = t.Column<int>(nullable: false),
            NodeId = t.Column<string>(maxLength: 200, nullable: true),
            ArrivedViaFlowId = t.Column<string>(maxLength: 200, nullable: true),
            ItemIndex = t.Column<int>(nullable: false),
            MultiInstanceJson = t.Column<string>(nullable: true),
            VariablesJson = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_execution", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_execution_InstanceId", "ot_execution", "InstanceId");

        migrationBuilder.CreateTable("ot_wait", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            InstanceId = t.Column<Guid>(nullable: false),
            ExecutionId = t.Column<Guid>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            NodeId = t.Column<string>(maxLength: 200, nullable: false),
            CreatedAt = t.Column<long>(nullable: false),
            DueAt = t.Column<long>(nullable: true),
            FiredCount = t.Column<int>(nullable: false),
            MessageName = t.Column<string>(maxLength: 200, nullable: true),
            CorrelationKey = t.Column<string>(maxLength: 200, nullable: true),
            ChildInstanceId = t.Column<Guid>(nullable: true),
            Assignee = t.Column<string>(maxLength: 200, nullable: true),
            CandidateGroups = t.Column<string>(nullable: true),
            CandidateUsers = t.Column<string>(nullable: true),
            FormKey = t.Column<string>(maxLength: 200, nullable: true),
            TaskDueAt = t.Column<long>(nullable: true),
            JobType = t.Column<string>(maxLength: 200, nullable: true),
            AttachedToNodeId = t.Column<string>(maxLength: 200, nullable: true),
            GatewayNodeId = t.Column<string>(maxLength: 200, nullable: true),
            IncidentCode = t.Column<string>(maxLength: 100, nullable: true),
            IncidentMessage = t.Column<string>(nullable: true),
            RetryMode = t.Column<int>(nullable: false),
            LockOwner = t.Column<string>(maxLength: 200, nullable: true),
            LockedUntil = t.Column<long>(nullable: true),
            Attempts = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_wait", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_wait_InstanceId", "ot_wait", "InstanceId");
        migrationBuilder.CreateIndex("IX_ot_wait_DueAt", "ot_wait", "DueAt");
        migrationBuilder.CreateIndex("IX_ot_wait_Kind_MessageName", "ot_wait", ["Kind", "MessageName"]);

        migrationBuilder.CreateTable("ot_history", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            InstanceId = t.Column<Guid>(nullable: false),
            Seq = t.Column<int>(nullable: false),
            At = t.Column<long>(nullable: false),
            Type = t.Column<string>(maxLength: 50, nullable: false),
            NodeId = t.Column<string>(maxLength: 200, nullable: true),
            WaitId = t.Column<Guid>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_history", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_history_InstanceId_Seq", "ot_history", ["InstanceId", "Seq"], unique: true);
        migrationBuilder.CreateIndex("IX_ot_history_WaitId", "ot_history", "WaitId");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "ot_history", "ot_wait", "ot_execution", "ot_instance", "ot_definition", "ot_deployment" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
