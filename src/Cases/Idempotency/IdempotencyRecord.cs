using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneThing.Cases.Idempotency;

/// <summary>One <c>Idempotency-Key</c> a user sent with a creating request, and the answer it got: a repeat of the
/// request is answered from here instead of creating the thing again. <see cref="Status"/> is null while the first
/// request is still running.</summary>
public sealed class IdempotencyRecord
{
    public required string UserName { get; set; }

    public required string Key { get; set; }

    /// <summary>Method and path of the request the key was first used with.</summary>
    public required string Request { get; set; }

    /// <summary>Lower-case hex SHA-256 of the request body the key was first used with; null for keys stored before
    /// bodies were compared.</summary>
    public string? RequestHash { get; set; }

    public int? Status { get; set; }

    /// <summary>The answer's JSON body.</summary>
    public string? Body { get; set; }

    /// <summary>The answer's <c>Location</c>, for 201.</summary>
    public string? Location { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("ot_idempotency");
        b.HasKey(x => new { x.UserName, x.Key });
        b.Property(x => x.UserName).HasMaxLength(100);
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Request).HasMaxLength(400);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.Location).HasMaxLength(400);
        b.HasIndex(x => x.CreatedAt);
    }
}
