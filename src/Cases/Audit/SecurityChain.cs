namespace OneThing.Cases.Audit;

/// <summary>The audit chain of security events (sign-ins, failures, lock-outs, role and password changes,
/// sign-outs): a chain of its own in <c>ot_audit_event</c>, under a well-known id that no case can have (case ids
/// are version-7 GUIDs; this one has version 0), hashed and verified like every case's chain.</summary>
public static class SecurityChain
{
    /// <summary>The <see cref="AuditEventRecord.CaseId"/> of security events.</summary>
    public static readonly Guid Id = new("00000000-0000-0000-0000-5ec000000001");

    /// <summary>How <c>verify</c> and the API name the chain.</summary>
    public const string Name = "安全事件链";
}
