using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Cases.Persistence.Migrations;

/// <summary>Server-side sessions (<c>ot_session</c>), sign-in failures counted per account and client address
/// (<c>ot_sign_in_throttle</c>, replacing the account-wide <c>FailedSignIns</c> counter), normalised user names
/// and the demo-password check flag on <c>ot_account</c>. Password hashes are untouched: every account signs in
/// with its password as before (cookies issued before carry no session and must sign in once more).</summary>
/// <remarks>Names that differ only in case (<c>Admin</c> beside <c>admin</c>) cannot both own a normalised name.
/// The oldest account of each such group keeps it; the others keep every column and are given
/// <c>UPPER(name):id</c>, which no valid typed name produces, so they no longer sign in and an administrator
/// gives their holders accounts of new names (docs/security.md). Nothing is deleted or renamed.</remarks>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261202010000_AccountSecurity")]
public sealed class AccountSecurity : Migration
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string SqlServer = "Microsoft.EntityFrameworkCore.SqlServer";

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("NormalizedUserName", "ot_account", maxLength: 150, nullable: false,
            defaultValue: "");
        migrationBuilder.AddColumn<bool>("PasswordVetted", "ot_account", nullable: false, defaultValue: false);
        migrationBuilder.Sql("""UPDATE ot_account SET "NormalizedUserName" = UPPER("UserName")""");
        var suffixed = migrationBuilder.ActiveProvider switch
        {
            Sqlite => "\"NormalizedUserName\" || ':' || \"Id\"",
            SqlServer => "\"NormalizedUserName\" + ':' + CAST(\"Id\" AS nvarchar(36))",
            _ => "\"NormalizedUserName\" || ':' || CAST(\"Id\" AS varchar(36))",
        };
        migrationBuilder.Sql($"""
            UPDATE ot_account SET "NormalizedUserName" = {suffixed}
            WHERE EXISTS (SELECT 1 FROM ot_account o
                          WHERE UPPER(o."UserName") = UPPER(ot_account."UserName")
                            AND (o."CreatedAt" < ot_account."CreatedAt"
                                 OR (o."CreatedAt" = ot_account."CreatedAt" AND o."Id" < ot_account."Id")))
            """);
        migrationBuilder.CreateIndex("IX_ot_account_NormalizedUserName", "ot_account", "NormalizedUserName",
            unique: true);
        DropColumn(migrationBuilder, "FailedSignIns");

        migrationBuilder.CreateTable("ot_session", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<long>(nullable: false),
            LastSeenAt = t.Column<long>(nullable: false),
            Address = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_session", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_session_AccountId", "ot_session", "AccountId");

        migrationBuilder.CreateTable("ot_sign_in_throttle", t => new
        {
            AccountId = t.Column<Guid>(nullable: false),
            Address = t.Column<string>(maxLength: 64, nullable: false),
            Failures = t.Column<int>(nullable: false),
            LastFailureAt = t.Column<long>(nullable: false),
            BlockedUntil = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_sign_in_throttle", x => new { x.AccountId, x.Address }));
    }

    /// <summary>Drops the sessions (everyone signs in again), the failure counts and the normalised names; the
    /// accounts and their passwords stay.</summary>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ot_sign_in_throttle");
        migrationBuilder.DropTable("ot_session");
        migrationBuilder.DropIndex("IX_ot_account_NormalizedUserName", "ot_account");
        DropColumn(migrationBuilder, "NormalizedUserName");
        DropColumn(migrationBuilder, "PasswordVetted");
        migrationBuilder.AddColumn<int>("FailedSignIns", "ot_account", nullable: false, defaultValue: 0);
    }

    private static void DropColumn(MigrationBuilder migrationBuilder, string column)
    {
        // EF's SQLite generator refuses DropColumn without a target model; SQLite itself (3.35+) can do it.
        if (migrationBuilder.ActiveProvider == Sqlite)
        {
            migrationBuilder.Sql($"ALTER TABLE ot_account DROP COLUMN \"{column}\"");
        }
        else
        {
            migrationBuilder.DropColumn(column, "ot_account");
        }
    }
}
