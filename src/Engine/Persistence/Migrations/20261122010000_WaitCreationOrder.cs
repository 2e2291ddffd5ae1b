using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Engine.Persistence.Migrations;

/// <summary>Adds <c>ot_wait.CreatedSeq</c>, the tie-breaker between waits created at the same instant. Existing
/// rows get 0: their order among equal creation times stays as it was (undefined), nothing is lost.</summary>
[DbContext(typeof(EngineDbContext))]
[Migration("20261122010000_WaitCreationOrder")]
public sealed class WaitCreationOrder : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<long>("CreatedSeq", "ot_wait", nullable: false, defaultValue: 0L);

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // EF's SQLite generator refuses DropColumn without a target model; SQLite itself (3.35+) can do it.
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("ALTER TABLE ot_wait DROP COLUMN \"CreatedSeq\"");
        }
        else
        {
            migrationBuilder.DropColumn("CreatedSeq", "ot_wait");
        }
    }
}
