using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Cases.Persistence.Migrations;

/// <summary>Idempotency keys of creating requests and their answers.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261127030000_Idempotency")]
public sealed class Idempotency : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("ot_idempotency", t => new
        {
            UserName = t.Column<string>(maxLength: 100, nullable: false),
            Key = t.Column<string>(maxLength: 100, nullable: false),
            Request = t.Column<string>(maxLength: 400, nullable: false),
            Status = t.Column<int>(nullable: true),
            Body = t.Column<string>(nullable: true),
            Location = t.Column<string>(maxLength: 400, nullable: true),
            CreatedAt = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_idempotency", x => new { x.UserName, x.Key }));
        migrationBuilder.CreateIndex("IX_ot_idempotency_CreatedAt", "ot_idempotency", "CreatedAt");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ot_idempotency");
}
