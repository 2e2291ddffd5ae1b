using OneThing.Engine.Audit;

namespace OneThing.Server.Audit;

/// <summary>One event of a case's audit chain (审计链) as the API shows it; the hashes let an auditor check the chain
/// with tools of their own.</summary>
public sealed record AuditEventItem(int Seq, DateTimeOffset At, string Actor, string Role, string Command,
    string? Before, string? After, string? Reason, string PrevHash, string Hash)
{
    /// <summary>From the stored record.</summary>
    public static AuditEventItem Of(AuditEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Seq, record.At, record.Actor, record.Role, record.Command, record.Before, record.After,
            record.Reason, record.PrevHash, record.Hash);
    }
}
