using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Cases.Persistence.Migrations;

/// <summary>The audit chain seals the case's stored facts: each event gets its encoding version
/// (<c>ot_audit_event.Format</c>, 1 for every event written before, whose hashes stay as they are) and the digests of
/// the rows its command wrote (<c>ot_audit_event.Facts</c>); a completed step keeps the form data it was completed with
/// (<c>ot_case_task.FormDataJson</c>, unknown — null — for steps completed before). Columns are only added: no
/// existing value changes.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261202040000_AuditFacts")]
public sealed class AuditFacts : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("Format", "ot_audit_event", nullable: false, defaultValue: 1);
        migrationBuilder.AddColumn<string>("Facts", "ot_audit_event", nullable: true);
        migrationBuilder.AddColumn<string>("FormDataJson", "ot_case_task", nullable: true);
    }

    /// <summary>Drops the columns: the seals and the steps' form data recorded since are lost, and events written
    /// since no longer verify (their hashes cover the seals); the events themselves and every case row stay.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // EF's SQLite generator refuses DropColumn without a target model; SQLite itself (3.35+) can do it.
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("ALTER TABLE ot_case_task DROP COLUMN \"FormDataJson\"");
            migrationBuilder.Sql("ALTER TABLE ot_audit_event DROP COLUMN \"Facts\"");
            migrationBuilder.Sql("ALTER TABLE ot_audit_event DROP COLUMN \"Format\"");
        }
        else
        {
            migrationBuilder.DropColumn("FormDataJson", "ot_case_task");
            migrationBuilder.DropColumn("Facts", "ot_audit_event");
            migrationBuilder.DropColumn("Format", "ot_audit_event");
        }
    }
}
