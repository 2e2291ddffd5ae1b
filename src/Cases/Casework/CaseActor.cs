namespace OneThing.Cases.Casework;

/// <summary>Who runs a case command or query: the signed-in user, their roles and departments (by name, as
/// process models name candidate groups).</summary>
public sealed record CaseActor(string UserName, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments)
{
    /// <summary>Whether the actor holds the role.</summary>
    public bool Is(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Clerks and approvers work tasks of their departments.</summary>
    public bool IsStaff => Is(Accounts.Roles.Clerk) || Is(Accounts.Roles.Approver);

    /// <summary>The roles as the audit trail records them.</summary>
    public string RoleText => string.Join(',', Roles);
}

/// <summary>What kind of refusal a <see cref="CaseException"/> is (the API maps it to a status code).</summary>
public enum CaseErrorKind
{
    /// <summary>The case or task does not exist, or the caller may not know that it does (404).</summary>
    NotFound,
    /// <summary>The caller may see it but not do this (403).</summary>
    Forbidden,
    /// <summary>Not possible in the current state (409).</summary>
    InvalidState,
    /// <summary>The request is well-formed but not acceptable (422).</summary>
    Invalid,
}

/// <summary>A case command or query refused, with a stable code and a Chinese message.</summary>
public sealed class CaseException(CaseErrorKind kind, string code, string message) : Exception(message)
{
    /// <summary>The kind of refusal.</summary>
    public CaseErrorKind Kind { get; } = kind;

    /// <summary>The stable code, e.g. <c>CASE_NOT_FOUND</c>.</summary>
    public string Code { get; } = code;

    internal static CaseException CaseNotFound() => new(CaseErrorKind.NotFound, "CASE_NOT_FOUND", "办件不存在");

    internal static CaseException TaskNotFound() => new(CaseErrorKind.NotFound, "TASK_NOT_FOUND", "任务不存在");

    internal static CaseException Forbidden(string message) => new(CaseErrorKind.Forbidden, "FORBIDDEN", message);

    internal static CaseException State(string message) => new(CaseErrorKind.InvalidState, "CASE_STATE_INVALID", message);
}

/// <summary>Submitted data failed validation; <see cref="Errors"/> lists the problems per field, in Chinese.</summary>
public sealed class CaseValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("提交的数据未通过校验")
{
    /// <summary>Problems per field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    internal static CaseValidationException Field(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
