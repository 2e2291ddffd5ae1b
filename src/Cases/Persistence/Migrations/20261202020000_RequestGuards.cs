using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Cases.Persistence.Migrations;

/// <summary>When a task was last urged (催办), so a repeat within <c>CaseOptions.UrgeInterval</c> notifies no one
/// again; and the hash of the body an <c>Idempotency-Key</c> was first sent with, so the key on another body is
/// refused. Both columns are nullable: tasks urged before read as not urged recently, keys stored before are
/// compared by method and path as before.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261202020000_RequestGuards")]
public sealed class RequestGuards : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>("LastUrgedAt", "ot_case_task", nullable: true);
        migrationBuilder.AddColumn<string>("RequestHash", "ot_idempotency", maxLength: 64, nullable: true);
    }

    /// <summary>Drops both columns; nothing else is lost.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // EF's SQLite generator refuses DropColumn without a target model; SQLite itself (3.35+) can do it.
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("ALTER TABLE ot_case_task DROP COLUMN \"LastUrgedAt\"");
            migrationBuilder.Sql("ALTER TABLE ot_idempotency DROP COLUMN \"RequestHash\"");
        }
        else
        {
            migrationBuilder.DropColumn("LastUrgedAt", "ot_case_task");
            migrationBuilder.DropColumn("RequestHash", "ot_idempotency");
        }
    }
}
