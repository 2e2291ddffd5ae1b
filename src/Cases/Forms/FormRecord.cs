using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneThing.Cases.Forms;

/// <summary>One version of a form (form-js JSON), found by the <c>formKey</c> of user tasks and start events.
/// Deploying an identical schema again stores nothing.</summary>
public sealed class FormRecord
{
    /// <summary>Longest form key, checked by the deploy endpoint and the column's length.</summary>
    public const int MaxKeyLength = 200;

    public Guid Id { get; set; }

    /// <summary>The form key, e.g. <c>qiye-kaiban/registration</c>.</summary>
    public required string Key { get; set; }

    public int Version { get; set; }

    /// <summary>SHA-256 of <see cref="Json"/>, hex.</summary>
    public required string Hash { get; set; }

    public required string Json { get; set; }

    public DateTimeOffset DeployedAt { get; set; }
}

internal sealed class FormRecordConfiguration : IEntityTypeConfiguration<FormRecord>
{
    public void Configure(EntityTypeBuilder<FormRecord> b)
    {
        b.ToTable("ot_form");
        b.HasKey(x => x.Id);
        b.Property(x => x.Key).HasMaxLength(FormRecord.MaxKeyLength);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => new { x.Key, x.Version }).IsUnique();
    }
}
