using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneThing.Cases.Casework;

internal sealed class CaseRecordConfiguration : IEntityTypeConfiguration<CaseRecord>
{
    public void Configure(EntityTypeBuilder<CaseRecord> b)
    {
        b.ToTable("ot_case");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(CaseLimits.MaxNumberLength);
        b.Property(x => x.ProcessId).HasMaxLength(CaseLimits.MaxIdentifierLength);
        b.Property(x => x.ProcessName).HasMaxLength(CaseLimits.MaxNameLength);
        b.Property(x => x.Applicant).HasMaxLength(CaseLimits.MaxUserNameLength);
        b.Property(x => x.ApplicantName).HasMaxLength(CaseLimits.MaxApplicantNameLength);
        b.Ignore(x => x.ApplicantIdNumber);
        b.Property(x => x.ApplicantIdNumberSealed).HasColumnName("ApplicantIdNumber")
            .HasMaxLength(ApplicantIdNumbers.MaxSealedLength);
        b.Property(x => x.ApplicantIdNumberHash).HasMaxLength(ApplicantIdNumbers.MaxHashLength);
        b.Property(x => x.Reason).HasMaxLength(CaseLimits.MaxTextLength);
        b.Property(x => x.RatingComment).HasMaxLength(CaseLimits.MaxTextLength);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => new { x.Applicant, x.CreatedAt });
        b.HasIndex(x => new { x.State, x.SubmittedAt });
        b.HasIndex(x => x.InstanceId);
        b.HasIndex(x => x.ApplicantIdNumberHash);
    }
}

internal sealed class CaseTaskRecordConfiguration : IEntityTypeConfiguration<CaseTaskRecord>
{
    public void Configure(EntityTypeBuilder<CaseTaskRecord> b)
    {
        b.ToTable("ot_case_task");
        b.HasKey(x => x.Id);
        b.Property(x => x.NodeId).HasMaxLength(CaseLimits.MaxIdentifierLength);
        b.Property(x => x.Name).HasMaxLength(CaseLimits.MaxNameLength);
        b.Property(x => x.Departments).HasMaxLength(1000);
        b.Property(x => x.Assignee).HasMaxLength(CaseLimits.MaxUserNameLength);
        b.Property(x => x.DelegatedBy).HasMaxLength(CaseLimits.MaxUserNameLength);
        b.Property(x => x.FormKey).HasMaxLength(CaseLimits.MaxIdentifierLength);
        b.Property(x => x.EndedBy).HasMaxLength(CaseLimits.MaxUserNameLength);
        b.Property(x => x.Outcome).HasMaxLength(50);
        b.HasIndex(x => x.CaseId);
        b.HasIndex(x => new { x.State, x.DueAt });
        b.HasIndex(x => new { x.Assignee, x.State });
        b.HasIndex(x => new { x.EndedBy, x.EndedAt });
    }
}

internal sealed class CaseCommentRecordConfiguration : IEntityTypeConfiguration<CaseCommentRecord>
{
    public void Configure(EntityTypeBuilder<CaseCommentRecord> b)
    {
        b.ToTable("ot_case_comment");
        b.HasKey(x => x.Id);
        b.Property(x => x.Author).HasMaxLength(CaseLimits.MaxUserNameLength);
        b.Property(x => x.Role).HasMaxLength(50);
        b.Property(x => x.Text).HasMaxLength(CaseLimits.MaxTextLength);
        b.HasIndex(x => x.CaseId);
    }
}

internal sealed class CaseCopyRecordConfiguration : IEntityTypeConfiguration<CaseCopyRecord>
{
    public void Configure(EntityTypeBuilder<CaseCopyRecord> b)
    {
        b.ToTable("ot_case_copy");
        b.HasKey(x => x.Id);
        b.Property(x => x.Recipient).HasMaxLength(CaseLimits.MaxUserNameLength);
        b.Property(x => x.CopiedBy).HasMaxLength(CaseLimits.MaxUserNameLength);
        b.HasIndex(x => new { x.Recipient, x.At });
        b.HasIndex(x => x.CaseId);
    }
}

internal sealed class CaseSequenceRecordConfiguration : IEntityTypeConfiguration<CaseSequenceRecord>
{
    public void Configure(EntityTypeBuilder<CaseSequenceRecord> b)
    {
        b.ToTable("ot_case_sequence");
        b.HasKey(x => x.Prefix);
        b.Property(x => x.Prefix).HasMaxLength(64);
        b.Property(x => x.Value).IsConcurrencyToken();
    }
}

internal sealed class CaseMaterialRecordConfiguration : IEntityTypeConfiguration<CaseMaterialRecord>
{
    public void Configure(EntityTypeBuilder<CaseMaterialRecord> b)
    {
        b.ToTable("ot_case_material");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(CaseLimits.MaxIdentifierLength);
        b.Property(x => x.FileName).HasMaxLength(CaseLimits.MaxFileNameLength);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.UploadedBy).HasMaxLength(CaseLimits.MaxUserNameLength);
        b.HasIndex(x => x.CaseId);
    }
}
