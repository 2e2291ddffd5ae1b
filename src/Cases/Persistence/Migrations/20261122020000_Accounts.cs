using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Cases.Persistence.Migrations;

/// <summary>Local accounts and departments.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261122020000_Accounts")]
public sealed class Accounts : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("ot_account", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            UserName = t.Column<string>(maxLength: 100, nullable: false),
            DisplayName = t.Column<string>(maxLength: 100, nullable: false),
            PasswordHash = t.Column<string>(maxLength: 200, nullable: false),
            Roles = t.Column<string>(maxLength: 200, nullable: false),
            Departments = t.Column<string>(maxLength: 1000, nullable: false),
            FailedSignIns = t.Column<int>(nullable: false),
            LockedUntil = t.Column<long>(nullable: true),
            CreatedAt = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_account", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_account_UserName", "ot_account", "UserName", unique: true);

        migrationBuilder.CreateTable("ot_department", t => new
        {
            Code = t.Column<string>(maxLength: 50, nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_department", x => x.Code));
        migrationBuilder.CreateIndex("IX_ot_department_Name", "ot_department", "Name", unique: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ot_department");
        migrationBuilder.DropTable("ot_account");
    }
}
