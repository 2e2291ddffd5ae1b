namespace OneThing.Cases.Casework;

/// <summary>The lifecycle of a 办件: 草稿 → 已提交 → 已受理 / 不予受理 → (补正) → 办理中 → 办结 → 已出件 → 已评价, and
/// 已撤回 when the applicant withdraws before acceptance. Stored as numbers: append new states only.</summary>
public enum CaseState
{
    /// <summary>草稿: the applicant is still filling in the form.</summary>
    Draft,
    /// <summary>已提交: waiting in the intake queue (综合受理).</summary>
    Submitted,
    /// <summary>已受理: accepted; the process runs and the time limit counts.</summary>
    Accepted,
    /// <summary>不予受理: refused at intake, with a reason. Final.</summary>
    NotAccepted,
    /// <summary>补正: returned to the applicant with an itemised list of what is missing (一次性告知).</summary>
    Correction,
    /// <summary>办理中: a department has worked on it.</summary>
    InProgress,
    /// <summary>办结: decided (准予 or 不予, see <see cref="CaseOutcome"/>).</summary>
    Decided,
    /// <summary>已出件: the results were delivered.</summary>
    Delivered,
    /// <summary>已评价: the applicant rated the service (好差评). Final.</summary>
    Rated,
    /// <summary>已撤回: the applicant withdrew it before acceptance. Final.</summary>
    Withdrawn,
}

/// <summary>The decision of a decided case.</summary>
public enum CaseOutcome
{
    /// <summary>准予 (granted).</summary>
    Granted,
    /// <summary>不予 (refused), with a reason.</summary>
    Refused,
}

/// <summary>Who applies: a person (居民身份证号) or an enterprise (统一社会信用代码).</summary>
public enum ApplicantKind
{
    /// <summary>自然人.</summary>
    Person,
    /// <summary>法人或其他组织.</summary>
    Enterprise,
}

/// <summary>One application by one applicant for one one-thing. <see cref="Revision"/> is the concurrency token:
/// every case command increments it, so two commands on one case never both succeed on stale data.</summary>
public sealed class CaseRecord
{
    public Guid Id { get; set; }

    /// <summary>办件编号, given at submission (null while a draft).</summary>
    public string? Number { get; set; }

    /// <summary>The one-thing: the BPMN process id.</summary>
    public required string ProcessId { get; set; }

    public string? ProcessName { get; set; }

    public Guid? InstanceId { get; set; }

    /// <summary>The applicant's account (user name).</summary>
    public required string Applicant { get; set; }

    public ApplicantKind ApplicantKind { get; set; }

    public required string ApplicantName { get; set; }

    /// <summary>居民身份证号 or 统一社会信用代码, validated by its check character, in clear: not stored itself (see
    /// <see cref="ApplicantIdNumberSealed"/>); set when the case is read through a context configured with
    /// <see cref="Security.PersonalDataProtection.UsePersonalDataProtection"/>, empty otherwise.</summary>
    public string ApplicantIdNumber { get; set; } = "";

    /// <summary>The identity number as stored (column <c>ApplicantIdNumber</c>): sealed by
    /// <see cref="Security.PersonalDataProtector"/>; clear text in rows written before encryption until
    /// <see cref="ApplicantIdNumbers.Reseal"/> has run.</summary>
    public string ApplicantIdNumberSealed { get; set; } = "";

    /// <summary>The keyed lookup hash of the identity number (<see cref="ApplicantIdNumbers.LookupHash"/>), for exact
    /// search; null in rows written before encryption.</summary>
    public string? ApplicantIdNumberHash { get; set; }

    public CaseState State { get; set; }

    public CaseOutcome? Outcome { get; set; }

    /// <summary>The application form's data (一表申请), JSON object.</summary>
    public string FormDataJson { get; set; } = "{}";

    /// <summary>The open 一次性告知补正 list, JSON array of items, while <see cref="CaseState.Correction"/>.</summary>
    public string? CorrectionJson { get; set; }

    /// <summary>The step that asked for the correction; null when it was asked at intake.</summary>
    public Guid? CorrectionTaskId { get; set; }

    /// <summary>The reason of 不予受理, 不予许可 or 撤回.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>好差评: 5 非常满意 … 1 非常不满意.</summary>
    public int? Rating { get; set; }

    public string? RatingComment { get; set; }

    public DateTimeOffset? RatedAt { get; set; }

    public long Revision { get; set; }
}

/// <summary>The state of one piece of work in a queue.</summary>
public enum CaseTaskState
{
    /// <summary>In someone's 待办.</summary>
    Open,
    /// <summary>Done (in the worker's 已办).</summary>
    Completed,
    /// <summary>Ended without being done (another branch won, the case was returned, withdrawn or refused).</summary>
    Cancelled,
    /// <summary>Waiting: for the applicant's correction, or for co-signers asked to sign first (前加签).</summary>
    Suspended,
}

/// <summary>What a task is.</summary>
public enum CaseTaskKind
{
    /// <summary>A user task of the process (one engine wait).</summary>
    Step,
    /// <summary>加签: a co-signer's signature on a step, before or after its owner.</summary>
    CoSign,
}

/// <summary>One piece of human work on a case: a user task of its process, or a co-signature. Kept after it ends,
/// so 已办 and the case's history show who did what.</summary>
public sealed class CaseTaskRecord
{
    /// <summary>For steps, the engine wait's id.</summary>
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public CaseTaskKind Kind { get; set; }

    public required string NodeId { get; set; }

    public required string Name { get; set; }

    public CaseTaskState State { get; set; }

    /// <summary>Departments whose approvers may take it, one per line.</summary>
    public string Departments { get; set; } = "";

    /// <summary>The person working on it (claimed, assigned, transferred or delegated to).</summary>
    public string? Assignee { get; set; }

    /// <summary>委派: the person who delegated it and gets it back when the delegate answers.</summary>
    public string? DelegatedBy { get; set; }

    /// <summary>For co-signatures: the step signed.</summary>
    public Guid? ParentTaskId { get; set; }

    /// <summary>For co-signatures: true = 后加签 (after the owner), false = 前加签 (before).</summary>
    public bool SignAfter { get; set; }

    public string? FormKey { get; set; }

    /// <summary>For a step whose owner completed it while 后加签 signatures are outstanding: the owner's form data.
    /// </summary>
    public string? PendingDataJson { get; set; }

    /// <summary>The form data the step was completed with (its owner's, with a delegate's answer and the values held
    /// for 后加签 merged in), JSON object; null while open and for steps completed before this was kept.</summary>
    public string? FormDataJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? EndedBy { get; set; }

    /// <summary>How it ended: completed, returned, transferred, refused, cancelled, taken-back, co-signed…</summary>
    public string? Outcome { get; set; }

    /// <summary>The command that created it (several tasks share one when a gateway forks).</summary>
    public Guid CreatedByCommand { get; set; }

    /// <summary>The command that ended it.</summary>
    public Guid? EndedByCommand { get; set; }

    public int UrgeCount { get; set; }

    /// <summary>When it was last urged (催办); a repeat within <see cref="CaseOptions.UrgeInterval"/> changes nothing.
    /// </summary>
    public DateTimeOffset? LastUrgedAt { get; set; }

    /// <summary>When the people holding it were warned that its limit is near (once per task).</summary>
    public DateTimeOffset? LimitWarnedAt { get; set; }
}

/// <summary>What a comment is.</summary>
public enum CaseCommentKind
{
    /// <summary>审批意见 on a step; internal to the departments and auditors.</summary>
    Opinion,
    /// <summary>A message the applicant reads (corrections, refusals, replies).</summary>
    Public,
}

/// <summary>A comment or 审批意见 on a case, optionally on one of its tasks.</summary>
public sealed class CaseCommentRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public Guid? TaskId { get; set; }

    public CaseCommentKind Kind { get; set; }

    public required string Author { get; set; }

    public required string Role { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>抄送: a case copied to a reader, who may read it (and its tasks) from then on.</summary>
public sealed class CaseCopyRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public Guid? TaskId { get; set; }

    public required string Recipient { get; set; }

    public required string CopiedBy { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>The last sequence number given for one prefix of the case-number format (district + date).</summary>
public sealed class CaseSequenceRecord
{
    public required string Prefix { get; set; }

    public long Value { get; set; }
}

/// <summary>A material (材料) the applicant uploaded for a case: a named file, kept with the case.</summary>
public sealed class CaseMaterialRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The material's code in the process model (<c>ot:material code</c>) or a name the applicant gave.
    /// </summary>
    public required string Code { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>SHA-256 of the content, hex.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
