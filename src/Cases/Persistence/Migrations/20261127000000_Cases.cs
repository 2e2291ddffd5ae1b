using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OneThing.Cases.Persistence.Migrations;

/// <summary>办件: cases, their tasks, comments, copies (抄送), materials, case-number sequences, and forms.</summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261127000000_Cases")]
public sealed class Cases : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("ot_case", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Number = t.Column<string>(maxLength: 64, nullable: true),
            ProcessId = t.Column<string>(maxLength: 200, nullable: false),
            ProcessName = t.Column<string>(maxLength: 400, nullable: true),
            InstanceId = t.Column<Guid>(nullable: true),
            Applicant = t.Column<string>(maxLength: 100, nullable: false),
            ApplicantKind = t.Column<int>(nullable: false),
            ApplicantName = t.Column<string>(maxLength: 200, nullable: false),
            ApplicantIdNumber = t.Column<string>(maxLength: 18, nullable: false),
            State = t.Column<int>(nullable: false),
            Outcome = t.Column<int>(nullable: true),
            FormDataJson = t.Column<string>(nullable: false),
            CorrectionJson = t.Column<string>(nullable: true),
            CorrectionTaskId = t.Column<Guid>(nullable: true),
            Reason = t.Column<string>(maxLength: 2000, nullable: true),
            CreatedAt = t.Column<long>(nullable: false),
            SubmittedAt = t.Column<long>(nullable: true),
            AcceptedAt = t.Column<long>(nullable: true),
            DecidedAt = t.Column<long>(nullable: true),
            DeliveredAt = t.Column<long>(nullable: true),
            Rating = t.Column<int>(nullable: true),
            RatingComment = t.Column<string>(maxLength: 2000, nullable: true),
            RatedAt = t.Column<long>(nullable: true),
            Revision = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_case", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_case_Number", "ot_case", "Number", unique: true);
        migrationBuilder.CreateIndex("IX_ot_case_Applicant_CreatedAt", "ot_case", ["Applicant", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_ot_case_State_SubmittedAt", "ot_case", ["State", "SubmittedAt"]);
        migrationBuilder.CreateIndex("IX_ot_case_InstanceId", "ot_case", "InstanceId");

        migrationBuilder.CreateTable("ot_case_task", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CaseId = t.Column<Guid>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            NodeId = t.Column<string>(maxLength: 200, nullable: false),
            Name = t.Column<string>(maxLength: 400, nullable: false),
            State = t.Column<int>(nullable: false),
            Departments = t.Column<string>(maxLength: 1000, nullable: false),
            Assignee = t.Column<string>(maxLength: 100, nullable: true),
            DelegatedBy = t.Column<string>(maxLength: 100, nullable: true),
            ParentTaskId = t.Column<Guid>(nullable: true),
            SignAfter = t.Column<bool>(nullable: false),
            FormKey = t.Column<string>(maxLength: 200, nullable: true),
            PendingDataJson = t.Column<string>(nullable: true),
            CreatedAt = t.Column<long>(nullable: false),
            DueAt = t.Column<long>(nullable: true),
            EndedAt = t.Column<long>(nullable: true),
            EndedBy = t.Column<string>(maxLength: 100, nullable: true),
            Outcome = t.Column<string>(maxLength: 50, nullable: true),
            CreatedByCommand = t.Column<Guid>(nullable: false),
            EndedByCommand = t.Column<Guid>(nullable: true),
            UrgeCount = t.Column<int>(nullable: false),
            LimitWarnedAt = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_case_task", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_case_task_CaseId", "ot_case_task", "CaseId");
        migrationBuilder.CreateIndex("IX_ot_case_task_State_DueAt", "ot_case_task", ["State", "DueAt"]);
        migrationBuilder.CreateIndex("IX_ot_case_task_Assignee_State", "ot_case_task", ["Assignee", "State"]);
        migrationBuilder.CreateIndex("IX_ot_case_task_EndedBy_EndedAt", "ot_case_task", ["EndedBy", "EndedAt"]);

        migrationBuilder.CreateTable("ot_case_comment", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CaseId = t.Column<Guid>(nullable: false),
            TaskId = t.Column<Guid>(nullable: true),
            Kind = t.Column<int>(nullable: false),
            Author = t.Column<string>(maxLength: 100, nullable: false),
            Role = t.Column<string>(maxLength: 50, nullable: false),
            Text = t.Column<string>(maxLength: 2000, nullable: false),
            At = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_case_comment", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_case_comment_CaseId", "ot_case_comment", "CaseId");

        migrationBuilder.CreateTable("ot_case_copy", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CaseId = t.Column<Guid>(nullable: false),
            TaskId = t.Column<Guid>(nullable: true),
            Recipient = t.Column<string>(maxLength: 100, nullable: false),
            CopiedBy = t.Column<string>(maxLength: 100, nullable: false),
            At = t.Column<long>(nullable: false),
            ReadAt = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ot_case_copy", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_case_copy_Recipient_At", "ot_case_copy", ["Recipient", "At"]);
        migrationBuilder.CreateIndex("IX_ot_case_copy_CaseId", "ot_case_copy", "CaseId");

        migrationBuilder.CreateTable("ot_case_sequence", t => new
        {
            Prefix = t.Column<string>(maxLength: 64, nullable: false),
            Value = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_case_sequence", x => x.Prefix));

        migrationBuilder.CreateTable("ot_case_material", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CaseId = t.Column<Guid>(nullable: false),
            Code = t.Column<string>(maxLength: 200, nullable: false),
            FileName = t.Column<string>(maxLength: 255, nullable: false),
            ContentType = t.Column<string>(maxLength: 100, nullable: false),
            Size = t.Column<long>(nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            Content = t.Column<byte[]>(nullable: false),
            UploadedBy = t.Column<string>(maxLength: 100, nullable: false),
            UploadedAt = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_case_material", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_case_material_CaseId", "ot_case_material", "CaseId");

        migrationBuilder.CreateTable("ot_form", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Key = t.Column<string>(maxLength: 200, nullable: false),
            Version = t.Column<int>(nullable: false),
            Hash = t.Column<string>(maxLength: 64, nullable: false),
            Json = t.Column<string>(nullable: false),
            DeployedAt = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ot_form", x => x.Id));
        migrationBuilder.CreateIndex("IX_ot_form_Key_Version", "ot_form", ["Key", "Version"], unique: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ot_form");
        migrationBuilder.DropTable("ot_case_material");
        migrationBuilder.DropTable("ot_case_sequence");
        migrationBuilder.DropTable("ot_case_copy");
        migrationBuilder.DropTable("ot_case_comment");
        migrationBuilder.DropTable("ot_case_task");
        migrationBuilder.DropTable("ot_case");
    }
}
