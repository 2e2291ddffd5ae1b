using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneThing.Cases.Audit;

/// <summary>One link of a case's audit chain (审计链): who did what to the case, when, and the hash that ties it to
/// the link before. Rows are only ever inserted (see <see cref="AuditTrail.Append"/>); updating or deleting one
/// through the context throws.</summary>
public sealed class AuditEventRecord
{
    public Guid Id { get; init; }

    /// <summary>The case (办件) whose chain this is.</summary>
    public Guid CaseId { get; init; }

    /// <summary>Position in the case's chain, 0-based and gap-free; unique with <see cref="CaseId"/>.</summary>
    public int Seq { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>User name of who acted.</summary>
    public required string Actor { get; init; }

    /// <summary>The role the actor acted in.</summary>
    public required string Role { get; init; }

    /// <summary>The command, e.g. <c>submit</c>, <c>accept</c>, <c>task.complete</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Short summary of the state before (state name, assignee…).</summary>
    public string? Before { get; init; }

    /// <summary>Short summary of the state after.</summary>
    public string? After { get; init; }

    /// <summary>审批意见, 不予受理理由 and the like.</summary>
    public string? Reason { get; init; }

    /// <summary><see cref="Hash"/> of the previous link; <see cref="AuditTrail.GenesisHash"/> for the first.</summary>
    public required string PrevHash { get; init; }

    /// <summary>The encoding the hash covers: <see cref="AuditTrail.FormatV1"/> for events written before facts were
    /// sealed, <see cref="AuditTrail.FormatV2"/> since (the hash then covers <see cref="Facts"/> too).</summary>
    public int Format { get; init; } = AuditTrail.FormatV1;

    /// <summary>The case's stored facts (form data, opinions, ratings, materials…) this event seals: one line per row
    /// the command added, changed or removed, with a digest per column (see <see cref="CaseFacts"/>); null when the
    /// command changed none. Only in <see cref="AuditTrail.FormatV2"/> events.</summary>
    public string? Facts { get; init; }

    /// <summary>Lower-case hex SHA-256 of every other field, or <c>sm3:</c> and hex SM3 under the 国密 profile (see
    /// <see cref="AuditTrail.ComputeHash(AuditEventRecord, Security.CryptoProfile)"/>).</summary>
    public required string Hash { get; init; }

    /// <summary>Set by <see cref="AuditTrail.Append"/> on the first <see cref="AuditTrail.FormatV2"/> event of a chain
    /// that began before facts were sealed: its seal then covers every row of the case, not only those the command
    /// changed (the baseline later events build on). Not stored: the marker line in <see cref="Facts"/> says it.
    /// </summary>
    internal bool SealsBaseline { get; init; }
}

internal sealed class AuditEventRecordConfiguration : IEntityTypeConfiguration<AuditEventRecord>
{
    public void Configure(EntityTypeBuilder<AuditEventRecord> b)
    {
        b.ToTable("ot_audit_event");
        b.HasKey(x => x.Id);
        b.Property(x => x.Actor).HasMaxLength(AuditTrail.MaxActorLength);
        b.Property(x => x.Role).HasMaxLength(AuditTrail.MaxRoleLength);
        b.Property(x => x.Command).HasMaxLength(AuditTrail.MaxCommandLength);
        b.Property(x => x.Before).HasMaxLength(AuditTrail.MaxSummaryLength);
        b.Property(x => x.After).HasMaxLength(AuditTrail.MaxSummaryLength);
        b.Property(x => x.Reason).HasMaxLength(AuditTrail.MaxReasonLength);
        b.Property(x => x.PrevHash).HasMaxLength(AuditTrail.MaxHashLength);
        b.Property(x => x.Hash).HasMaxLength(AuditTrail.MaxHashLength);
        b.Ignore(x => x.SealsBaseline);
        // Two commands appending to one case at once both pick the same Seq: the index makes the later one fail.
        b.HasIndex(x => new { x.CaseId, x.Seq }).IsUnique();
    }
}
