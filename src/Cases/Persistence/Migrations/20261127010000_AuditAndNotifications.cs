using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Cases.Persistence.Migrations;

/// <summary>The audit chain of cases (<c>ot_audit_event</c>), in-app notifications (<c>ot_notification</c>) and the
/// outbox of messages for external channels (<c>ot_outbox</c>). New tables only: nothing existing changes.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261127010000_AuditAndNotifications")]
public sealed class AuditAndNotifications : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("ot_audit_event", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CaseId = t.Column<Guid>(nullable: false),
            Seq = t.Column<int>(nullable: false),
            At = t.Column<long>(nullable: false),
            Actor = t.Column<string>(maxLength: 100, nullable: false),
            Role = t.Column<string>(maxLength: 50, nullable: false),
            Command = t.Column<string>(maxLength: 100, nullable: false),
            Before = t.Column<string>(maxLength: 2000, nullable: true),
            After = t.Column<string>(maxLength: 2000, nullable: true),
            Reason = t.Column<string>(maxLength: 2000, nullable: true),
            PrevHash = t.Column<string>(maxLength: 64, nullable: false),
            Hash = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_audit_event", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_audit_event_CaseId_Seq", "ot_audit_event", ["CaseId", "Seq"], unique: true);

        migrationBuilder.CreateTable("ot_notification", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Recipient = t.Column<string>(maxLength: 100, nullable: false),
            Kind = t.Column<string>(maxLength: 100, nullable: false),
            CaseId = t.Column<Guid>(nullable: true),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Body = t.Column<string>(maxLength: 2000, nullable: false),
            CreatedAt = t.Column<long>(nullable: false),
            ReadAt = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_notification", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_notification_Recipient_CreatedAt", "ot_notification",
            ["Recipient", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_ot_notification_Recipient_ReadAt", "ot_notification", ["Recipient", "ReadAt"]);

        migrationBuilder.CreateTable("ot_outbox", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            NotificationId = t.Column<Guid>(nullable: false),
            Channel = t.Column<string>(maxLength: 20, nullable: false),
            Recipient = t.Column<string>(maxLength: 100, nullable: false),
            Subject = t.Column<string>(maxLength: 200, nullable: false),
            Body = t.Column<string>(maxLength: 2000, nullable: false),
            CreatedAt = t.Column<long>(nullable: false),
            DueAt = t.Column<long>(nullable: true),
            Attempts = t.Column<int>(nullable: false),
            SentAt = t.Column<long>(nullable: true),
            LastError = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_outbox", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_outbox_DueAt", "ot_outbox", "DueAt");
        migrationBuilder.CreateIndex("IX_ot_outbox_NotificationId", "ot_outbox", "NotificationId");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ot_outbox");
        migrationBuilder.DropTable("ot_notification");
        migrationBuilder.DropTable("ot_audit_event");
    }
}
