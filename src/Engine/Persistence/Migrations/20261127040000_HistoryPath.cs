using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Engine.Persistence.Migrations;

/// <summary>A command's visited elements go into one history row (<c>ot_history.Path</c>, one id per line) instead
/// of one row each: a completion wrote about four history rows, each with three index entries. Rows written before
/// keep their one element in <c>NodeId</c> and are read as before.</summary>
[DbContext(typeof(EngineDbContext))]
[Migration("20261127040000_HistoryPath")]
public sealed class HistoryPath : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("Path", "ot_history", nullable: true);

    /// <summary>Drops the column: the paths recorded since are lost (the traces they held then end where the
    /// upgrade began); the instances, their waits and every other history event stay.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // EF's SQLite generator refuses DropColumn without a target model; SQLite itself (3.35+) can do it.
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("ALTER TABLE ot_history DROP COLUMN \"Path\"");
        }
        else
        {
            migrationBuilder.DropColumn("Path", "ot_history");
        }
    }
}
