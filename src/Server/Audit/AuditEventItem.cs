using OneThing.Cases.Audit;

namespace OneThing.Server.Audit;

/// <summary>One event of a case's audit chain (审计链) as the API shows it; the hashes let an auditor check the chain
/// with tools of their own. <see cref="Facts"/> holds the digests of the case facts the event sealed (see
/// <see cref="CaseFacts"/>); it is shown to staff and auditors only, since a digest of a short internal text (an
/// opinion such as 同意) could be guessed.</summary>
public sealed record AuditEventItem(int Seq, DateTimeOffset At, string Actor, string Role, string Command,
    string? Before, string? After, string? Reason, string PrevHash, string Hash, int Format = AuditTrail.FormatV1,
    string? Facts = null)
{
    /// <summary>From the stored record.</summary>
    public static AuditEventItem Of(AuditEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Seq, record.At, record.Actor, record.Role, record.Command, record.Before, record.After,
            record.Reason, record.PrevHash, record.Hash, record.Format, record.Facts);
    }
}
