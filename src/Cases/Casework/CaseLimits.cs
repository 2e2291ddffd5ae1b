namespace OneThing.Cases.Casework;

/// <summary>The lengths of what people type into a case, shared by the checks that refuse longer input and by the
/// columns (<see cref="CaseRecordConfiguration"/> and its siblings) that store it, so the two cannot drift apart.
/// Changing one changes a column: it needs a migration.</summary>
public static class CaseLimits
{
    /// <summary>Longest free text: a reason (不予受理, 不予许可, 撤回, 退回), a comment, an opinion, a rating comment.
    /// </summary>
    public const int MaxTextLength = 2000;

    /// <summary>Longest applicant name (a person's or an enterprise's).</summary>
    public const int MaxApplicantNameLength = 200;

    /// <summary>Longest material file name.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>Longest material code, process id, node id or form key: the identifiers a process model declares.
    /// </summary>
    public const int MaxIdentifierLength = 200;

    /// <summary>Longest process or task name (a model's names, twice an identifier).</summary>
    public const int MaxNameLength = 400;

    /// <summary>Longest user name stored with a case (applicant, assignee, author); the account rules allow fewer.
    /// </summary>
    public const int MaxUserNameLength = 100;

    /// <summary>Longest 办件编号.</summary>
    public const int MaxNumberLength = 64;
}
