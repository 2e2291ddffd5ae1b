using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Engine.Persistence.Migrations;

/// <summary>The indexes on <c>ot_wait.DueAt</c> (the job poll) and <c>(Kind, MessageName)</c> (message and signal
/// subscriptions) hold only the rows those queries can find: due times and names that are set. A user task has
/// neither, so creating and completing one no longer writes to these two indexes (less work and fewer pages per
/// command on every provider). The queries compare the columns with <c>=</c> or <c>&lt;=</c>, or test them for
/// <c>NOT NULL</c>, so each provider proves the filtered index usable for them.</summary>
[DbContext(typeof(EngineDbContext))]
[Migration("20261127020000_PartialWaitIndexes")]
public sealed class PartialWaitIndexes : Migration
{
    /// <summary>The filter of the due-time index.</summary>
    public const string DueAtFilter = "\"DueAt\" IS NOT NULL";

    /// <summary>The filter of the subscription index.</summary>
    public const string MessageNameFilter = "\"MessageName\" IS NOT NULL";

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_ot_wait_DueAt", "ot_wait");
        migrationBuilder.DropIndex("IX_ot_wait_Kind_MessageName", "ot_wait");
        migrationBuilder.CreateIndex("IX_ot_wait_DueAt", "ot_wait", "DueAt", filter: DueAtFilter);
        migrationBuilder.CreateIndex("IX_ot_wait_Kind_MessageName", "ot_wait", ["Kind", "MessageName"], filter: MessageNameFilter);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_ot_wait_DueAt", "ot_wait");
        migrationBuilder.DropIndex("IX_ot_wait_Kind_MessageName", "ot_wait");
        migrationBuilder.CreateIndex("IX_ot_wait_DueAt", "ot_wait", "DueAt");
        migrationBuilder.CreateIndex("IX_ot_wait_Kind_MessageName", "ot_wait", ["Kind", "MessageName"]);
    }
}
