using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Server.Accounts;

namespace OneThing.Server.Cases;

/// <summary>Who applies, as entered: <c>kind</c> person (居民身份证号) or enterprise (统一社会信用代码).</summary>
public sealed record ApplicantDto(ApplicantKind Kind, string Name, string IdNumber)
{
    /// <summary>For the case commands.</summary>
    public ApplicantInput ToInput() => new(Kind, Name ?? "", IdNumber ?? "");
}

/// <summary><c>POST /api/cases</c>: a new draft.</summary>
public sealed record CreateCaseRequest(string ProcessId, ApplicantDto Applicant, JsonElement? FormData);

/// <summary><c>PUT /api/cases/{id}</c>: changes to a draft or a case under correction.</summary>
public sealed record UpdateCaseRequest(ApplicantDto? Applicant, JsonElement? FormData);

/// <summary>A reason (不予受理, 不予许可, 撤回, 退回…).</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>一次性告知补正: every item that is missing or wrong.</summary>
public sealed record CorrectionRequest(IReadOnlyList<CorrectionItem> Items);

/// <summary>好差评.</summary>
public sealed record RatingRequest(int Rating, string? Comment);

/// <summary>A comment or 审批意见.</summary>
public sealed record TextRequest(string Text);

/// <summary>办理: the step's form data and an optional 审批意见.</summary>
public sealed record CompleteTaskRequest(JsonElement? FormData, string? Opinion);

/// <summary>转办 to a person or to a department.</summary>
public sealed record TransferRequest(string? ToUser, string? ToDepartment, string? Reason);

/// <summary>委派.</summary>
public sealed record DelegateRequest(string ToUser);

/// <summary>加签 before (default) or after the owner.</summary>
public sealed record AddSignerRequest(string Signer, bool After);

/// <summary>退回 to an earlier step.</summary>
public sealed record ReturnRequest(string ToNodeId, string Reason);

/// <summary>催办.</summary>
public sealed record UrgeRequest(string? Message);

/// <summary>抄送.</summary>
public sealed record CopyRequest(IReadOnlyList<string> Recipients);

/// <summary>The query of <c>GET /api/cases</c> (办件查询); see <see cref="CaseSearchQuery"/> for each filter.</summary>
/// <param name="ProcessId">The one-thing (BPMN process id).</param>
/// <param name="State">The case's state, camelCase (<c>submitted</c>, <c>inProgress</c>…).</param>
/// <param name="Department">Cases with a task in this department.</param>
/// <param name="Applicant">The applicant's user name.</param>
/// <param name="IdNumber">The applicant's identity number, exact.</param>
/// <param name="Number">办件编号, exact.</param>
/// <param name="NumberPrefix">办件编号 starting with this.</param>
/// <param name="CreatedFrom">Created at or after (ISO 8601).</param>
/// <param name="CreatedTo">Created before.</param>
/// <param name="SubmittedFrom">Submitted at or after.</param>
/// <param name="SubmittedTo">Submitted before.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the page before; absent for the first page.</param>
/// <param name="PageSize">1 to 100, default 20.</param>
/// <remarks>Named in camelCase in the query and the OpenAPI document, as every other parameter.</remarks>
public sealed record CaseSearchRequest(
    [FromQuery(Name = "processId")] string? ProcessId,
    [FromQuery(Name = "state")] string? State,
    [FromQuery(Name = "department")] string? Department,
    [FromQuery(Name = "applicant")] string? Applicant,
    [FromQuery(Name = "idNumber")] string? IdNumber,
    [FromQuery(Name = "number")] string? Number,
    [FromQuery(Name = "numberPrefix")] string? NumberPrefix,
    [FromQuery(Name = "createdFrom")] DateTimeOffset? CreatedFrom,
    [FromQuery(Name = "createdTo")] DateTimeOffset? CreatedTo,
    [FromQuery(Name = "submittedFrom")] DateTimeOffset? SubmittedFrom,
    [FromQuery(Name = "submittedTo")] DateTimeOffset? SubmittedTo,
    [FromQuery(Name = "cursor")] string? Cursor,
    [FromQuery(Name = "pageSize")] int? PageSize)
{
    /// <summary>For <see cref="CaseSearch"/>.</summary>
    public CaseSearchQuery ToQuery() => new(ProcessId, CaseEndpoints.ParseEnum<CaseState>(State, "state"), Department,
        Applicant, IdNumber, Number, NumberPrefix, CreatedFrom, CreatedTo, SubmittedFrom, SubmittedTo, Cursor, PageSize);
}

/// <summary>A case in a list. A person's 居民身份证号 is masked; an enterprise's 统一社会信用代码 is public (国家企业信用信息公示系统)
/// and shown whole.</summary>
public sealed record CaseSummary(Guid Id, string? Number, string ProcessId, string? ProcessName, string State,
    string StateName, string? Outcome, string ApplicantName, string ApplicantIdNumber, DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt)
{
    /// <summary>From the stored case.</summary>
    public static CaseSummary Of(CaseRecord c) => new(c.Id, c.Number, c.ProcessId, c.ProcessName, Code(c.State),
        CaseStates.Name(c.State), c.Outcome is null ? null : Code(c.Outcome.Value), c.ApplicantName,
        Mask(c), c.CreatedAt, c.SubmittedAt, c.DecidedAt);

    /// <summary>From the stored case, with the identity number as the case detail shows it to
    /// <paramref name="reader"/> (<see cref="Actors.SeesWholeIdNumber"/>).</summary>
    public static CaseSummary For(CaseRecord c, CaseActor reader) => Of(c) with { ApplicantIdNumber = IdNumberFor(c, reader) };

    /// <summary>The applicant's number as <paramref name="reader"/> may see it: whole or <see cref="Mask"/>ed.</summary>
    internal static string IdNumberFor(CaseRecord c, CaseActor reader) =>
        Actors.SeesWholeIdNumber(reader, c) ? c.ApplicantIdNumber : Mask(c);

    /// <summary>The applicant's number as shown to readers who may not see a person's whole 居民身份证号.</summary>
    internal static string Mask(CaseRecord c) =>
        c.ApplicantKind == ApplicantKind.Person && c.ApplicantIdNumber.Length == 18
            ? IdentifierMask.Mask18(c.ApplicantIdNumber) : c.ApplicantIdNumber;

    internal static string Code<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>A case with everything the caller may read of it.</summary>
public sealed record CaseDetail(CaseSummary Summary, string ApplicantKind, string ApplicantIdNumber, string Applicant,
    JsonElement FormData, IReadOnlyList<CorrectionItem>? Correction, string? Reason, int? Rating, string? RatingComment,
    DateTimeOffset? AcceptedAt, DateTimeOffset? DeliveredAt, Guid? InstanceId, long Revision,
    IReadOnlyList<TaskItem> Tasks, IReadOnlyList<CommentItem> Comments, IReadOnlyList<MaterialItem> Materials,
    Guid? DefinitionId = null);

/// <summary>An uploaded material (without its content; download it by its link).</summary>
public sealed record MaterialItem(Guid Id, string Code, string FileName, string ContentType, long Size, string Sha256,
    string UploadedBy, DateTimeOffset UploadedAt)
{
    /// <summary>From the stored material.</summary>
    public static MaterialItem Of(CaseMaterialRecord m) =>
        new(m.Id, m.Code, m.FileName, m.ContentType, m.Size, m.Sha256, m.UploadedBy, m.UploadedAt);
}

/// <summary>A task in a queue or on a case.</summary>
public sealed record TaskItem(Guid Id, Guid CaseId, string? CaseNumber, string? ProcessName, string NodeId, string Name,
    string Kind, string State, IReadOnlyList<string> Departments, string? Assignee, string? DelegatedBy,
    Guid? ParentTaskId, bool SignAfter, string? FormKey, DateTimeOffset CreatedAt, DateTimeOffset? DueAt,
    DateTimeOffset? EndedAt, string? EndedBy, string? Outcome, int UrgeCount)
{
    /// <summary>From the stored task and its case.</summary>
    public static TaskItem Of(CaseTaskRecord t, CaseRecord? c) => new(t.Id, t.CaseId, c?.Number, c?.ProcessName, t.NodeId,
        t.Name, CaseSummary.Code(t.Kind), CaseSummary.Code(t.State), CaseAccess.Departments(t.Departments), t.Assignee,
        t.DelegatedBy, t.ParentTaskId, t.SignAfter, t.FormKey, t.CreatedAt, t.DueAt, t.EndedAt, t.EndedBy, t.Outcome,
        t.UrgeCount);
}

/// <summary>A comment or 审批意见.</summary>
public sealed record CommentItem(Guid Id, Guid? TaskId, string Kind, string Author, string Text, DateTimeOffset At)
{
    /// <summary>From the stored comment.</summary>
    public static CommentItem Of(CaseCommentRecord c) =>
        new(c.Id, c.TaskId, CaseSummary.Code(c.Kind), c.Author, c.Text, c.At);
}

/// <summary>The signed-in caller as the case layer sees them.</summary>
public static class Actors
{
    /// <summary>From the cookie's claims.</summary>
    public static CaseActor Of(ClaimsPrincipal user)
    {
        var current = CurrentUser.Of(user);
        return new CaseActor(current.UserName, current.Roles, current.Departments);
    }

    /// <summary>Whether the caller sees identity numbers whole on a case: the applicant, clerks and approvers who
    /// work on it; auditors and lists see them masked.</summary>
    public static bool SeesWholeIdNumber(CaseActor actor, CaseRecord record) =>
        record.Applicant == actor.UserName || actor.IsStaff;

    /// <summary>Roles allowed to work queues.</summary>
    public static readonly string[] Staff = [Roles.Clerk, Roles.Approver];
}
