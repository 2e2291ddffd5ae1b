using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Audit;
using OneThing.Cases.Forms;
using OneThing.Cases.Notifications;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Cases.Casework;

/// <summary>Who applies, as the applicant enters it.</summary>
public sealed record ApplicantInput(ApplicantKind Kind, string Name, string IdNumber);

/// <summary>One item of a 一次性告知 list: what is missing or wrong, and what to do.</summary>
public sealed record CorrectionItem(string Item, string Requirement);

/// <summary>The 办件 commands. Each runs in one transaction with the engine commands it causes, appends one
/// audit event to the case's chain and the notifications it sends, and increments the case's revision, so of two
/// concurrent commands on one case one fails with <see cref="ConcurrencyConflictException"/>.</summary>
public sealed partial class CaseCommands
{
    private readonly DurableEngine _engine;
    private readonly CaseOptions _options;
    private readonly CaseNumberFormat _numbers;
    private readonly TimeZoneInfo _zone;

    /// <summary>Creates the commands on <paramref name="engine"/>. So that cases follow their processes also when a
    /// timer, a message or a job moves them on, the host registers <see cref="SyncFromEngine"/> with the engine
    /// where it composes the two (<c>engine.AfterEveryCommand(CaseCommands.SyncFromEngine)</c>).</summary>
    public CaseCommands(DurableEngine engine, CaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _options = options;
        _numbers = CaseNumberFormat.Create(options.NumberPattern);
        _zone = options.LocalZone();
    }

    /// <summary>草稿: the applicant starts an application for the newest version of a one-thing.</summary>
    public CaseRecord CreateDraft(CaseActor actor, string processId, ApplicantInput applicant, JsonElement? formData)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(applicant);
        Require(actor, Roles.Applicant, "只有申请人可以提交申请");
        return _engine.Run(tx =>
        {
            var definition = tx.Db.Definitions.AsNoTracking().Where(d => d.ProcessId == processId)
                .OrderByDescending(d => d.Version).FirstOrDefault()
                ?? throw new CaseException(CaseErrorKind.Invalid, "PROCESS_NOT_DEPLOYED", $"事项 \"{processId}\" 不存在或尚未发布");
            var record = new CaseRecord
            {
                Id = TimeOrderedId.Next(tx.Now), ProcessId = processId, ProcessName = definition.Name,
                Applicant = actor.UserName, CreatedAt = tx.Now, ApplicantName = "",
            };
            SetApplicant(tx, record, applicant);
            record.FormDataJson = CheckForm(tx, processId, formData, complete: false);
            tx.Db.Add(record);
            Audit(tx, record, actor, "create", null, null);
            return record;
        });
    }

    /// <summary>Changes the application while it is a draft or returned for correction.</summary>
    public CaseRecord UpdateDraft(CaseActor actor, Guid caseId, ApplicantInput? applicant, JsonElement? formData) =>
        OnOwnCase(actor, caseId, "update", (tx, record) =>
        {
            RequireEditable(record);

            if (applicant is not null)
            {
                SetApplicant(tx, record, applicant);
            }

            if (formData is not null)
            {
                record.FormDataJson = CheckForm(tx, record.ProcessId, formData, complete: false);
            }

            return (string?)null;
        });

    /// <summary>提交: a draft goes to the intake queue with a case number; a case returned for correction goes
    /// back to where it was returned from (the intake queue, or the step that asked, which reopens).</summary>
    public CaseRecord Submit(CaseActor actor, Guid caseId) => OnOwnCase(actor, caseId, CaseCommandNames.Submit, (tx, record) =>
    {
        var next = CaseLifecycle.Next(record.State, CaseCommandNames.Submit, CorrectionOf(record));
        record.FormDataJson = CheckForm(tx, record.ProcessId, JsonDocument.Parse(record.FormDataJson).RootElement, complete: true);
        record.CorrectionJson = null;
        if (record.State == CaseState.Correction && record.CorrectionTaskId is { } taskId)
        {
            var task = tx.Db.Set<CaseTaskRecord>().Single(t => t.Id == taskId);
            task.State = CaseTaskState.Open;
            // The process goes on with the corrected application.
            tx.SetVariables(record.InstanceId!.Value, VariableJson.Deserialize(record.FormDataJson) ?? []);
            record.CorrectionTaskId = null;
            record.State = next;
            NotifyWorkers(tx, record, task, NotificationKinds.TaskAssigned, "补正材料已提交",
                $"办件 {record.Number} 的申请人已按一次性告知补正，请继续办理“{task.Name}”");
            return "补正后继续办理";
        }

        record.Number ??= NextNumber(tx);
        record.SubmittedAt = tx.Now;
        record.State = next;
        return null;
    });

    /// <summary>撤回 by the applicant, before acceptance.</summary>
    public CaseRecord Withdraw(CaseActor actor, Guid caseId, string? reason) => OnOwnCase(actor, caseId, CaseCommandNames.Withdraw,
        (tx, record) =>
        {
            // A correction asked at intake has no process yet; one asked by a step has.
            record.State = CaseLifecycle.Next(record.State, CaseCommandNames.Withdraw,
                record.State == CaseState.Correction ? record.InstanceId is null ? CaseLifecycle.AtIntake : CaseLifecycle.ByStep : null);
            record.Reason = Bounded(reason, "reason");
            return record.Reason;
        });

    /// <summary>受理: the clerk accepts a submitted case; its process starts with the form data as variables.
    /// </summary>
    public CaseRecord Accept(CaseActor actor, Guid caseId) => OnIntake(actor, caseId, CaseCommandNames.Accept, (tx, record) =>
    {
        record.AcceptedAt = tx.Now;
        var variables = VariableJson.Deserialize(record.FormDataJson) ?? [];
        variables["caseId"] = record.Id.ToString();
        variables["caseNumber"] = record.Number;
        variables["applicant"] = record.Applicant;
        variables["applicantName"] = record.ApplicantName;
        var instance = tx.Start(record.ProcessId, variables);
        record.InstanceId = instance.Id;
        Notify(tx, record, record.Applicant, NotificationKinds.CaseAccepted, "办件已受理",
            $"您的办件 {record.Number}（{record.ProcessName}）已受理");
        return null;
    });

    /// <summary>不予受理 at intake, with a reason the applicant reads.</summary>
    public CaseRecord RefuseIntake(CaseActor actor, Guid caseId, string reason) =>
        OnIntake(actor, caseId, CaseCommandNames.RefuseIntake, (tx, record) =>
        {
            record.Reason = Required(reason, "reason", "请说明不予受理的理由");
            AddComment(tx, record, actor, null, CaseCommentKind.Public, $"不予受理：{record.Reason}");
            Notify(tx, record, record.Applicant, NotificationKinds.CaseDecided, "办件不予受理",
                $"您的办件 {record.Number} 不予受理：{record.Reason}");
            return record.Reason;
        });

    /// <summary>一次性告知补正 at intake: the case returns to the applicant with everything that is missing.</summary>
    public CaseRecord RequestCorrection(CaseActor actor, Guid caseId, IReadOnlyList<CorrectionItem> items) =>
        OnIntake(actor, caseId, CaseCommandNames.Correction, (tx, record) => ReturnForCorrection(tx, record, actor, null, items));

    /// <summary>出件: the clerk delivers the results of a decided case.</summary>
    public CaseRecord Deliver(CaseActor actor, Guid caseId) => OnCase(actor, caseId, CaseCommandNames.Deliver, (tx, record) =>
    {
        Require(actor, Roles.Clerk, "只有窗口人员可以出件");
        record.State = CaseLifecycle.Next(record.State, CaseCommandNames.Deliver);
        record.DeliveredAt = tx.Now;
        Notify(tx, record, record.Applicant, NotificationKinds.CaseDecided, "办件已出件",
            $"您的办件 {record.Number} 的结果已送达，欢迎评价");
        return null;
    });

    /// <summary>好差评: one rating per case, 1 (非常不满意) to 5 (非常满意), after delivery or a refusal.</summary>
    public CaseRecord Rate(CaseActor actor, Guid caseId, int rating, string? comment) =>
        OnOwnCase(actor, caseId, CaseCommandNames.Rate, (tx, record) =>
        {
            var when = record.State == CaseState.Decided && record.Outcome == CaseOutcome.Refused ? CaseLifecycle.Refused : null;
            if (!CaseLifecycle.Allows(record.State, CaseCommandNames.Rate, when))
            {
                throw CaseException.State(record.Rating is null ? "办件出件后才能评价" : "每个办件只能评价一次");
            }

            if (rating is < 1 or > 5)
            {
                throw CaseValidationException.Field("rating", "评价应为 1（非常不满意）到 5（非常满意）");
            }

            record.Rating = rating;
            record.RatingComment = Bounded(comment, "comment");
            record.RatedAt = tx.Now;
            record.State = CaseLifecycle.Next(record.State, CaseCommandNames.Rate, when);
            return $"{rating} 星";
        });

    /// <summary>A comment the applicant and the departments read (the applicant on own cases; staff on cases
    /// they can read).</summary>
    public CaseCommentRecord Comment(CaseActor actor, Guid caseId, string text)
    {
        CaseCommentRecord? added = null;
        OnCase(actor, caseId, "comment", (tx, record) =>
        {
            if (!(actor.IsStaff || actor.Is(Roles.Applicant) && record.Applicant == actor.UserName))
            {
                throw CaseException.Forbidden("只有申请人和经办人员可以留言");
            }

            added = AddComment(tx, record, actor, null, CaseCommentKind.Public, Required(text, "text", "请填写留言内容"));
            return null;
        });
        return added!;
    }

    /// <summary>Which correction a case in 补正 waits for (see <see cref="CaseLifecycle"/>), or null.</summary>
    private static string? CorrectionOf(CaseRecord record) => record.State != CaseState.Correction
        ? null
        : record.CorrectionTaskId is null ? CaseLifecycle.AtIntake : CaseLifecycle.ByStep;

    private string? ReturnForCorrection(EngineTransaction tx, CaseRecord record, CaseActor actor, CaseTaskRecord? task,
        IReadOnlyList<CorrectionItem> items)
    {
        if (items.Count == 0 || items.Count > _options.MaxCorrectionItems)
        {
            throw CaseValidationException.Field("items", $"一次性告知应列出 1 至 {_options.MaxCorrectionItems} 项需补正的内容");
        }

        foreach (var item in items)
        {
            Required(item.Item, "items", "每一项都应写明需补正的材料或内容");
            Bounded(item.Requirement, "items");
        }

        if (task is not null)
        {
            // At intake, OnIntake has taken the step already.
            record.State = CaseLifecycle.Next(record.State, CaseCommandNames.TaskCorrection, CaseLifecycle.ByStep);
        }

        record.CorrectionJson = JsonSerializer.Serialize(items);
        record.CorrectionTaskId = task?.Id;
        var list = string.Join("；", items.Select((i, n) => $"{n + 1}. {i.Item}：{i.Requirement}"));
        AddComment(tx, record, actor, task?.Id, CaseCommentKind.Public, Bounded($"一次性告知补正：{list}", "items")!);
        Notify(tx, record, record.Applicant, NotificationKinds.CaseCorrection, "请补正材料",
            $"您的办件 {record.Number} 需要补正（一次性告知）：{list}");
        return list;
    }

    private CaseRecord OnOwnCase(CaseActor actor, Guid caseId, string command,
        Func<EngineTransaction, CaseRecord, string?> work) =>
        OnCase(actor, caseId, command, (tx, record) =>
        {
            if (!actor.Is(Roles.Applicant) || record.Applicant != actor.UserName)
            {
                throw CaseException.Forbidden("只有申请人本人可以这样做");
            }

            return work(tx, record);
        });

    private CaseRecord OnIntake(CaseActor actor, Guid caseId, string command,
        Func<EngineTransaction, CaseRecord, string?> work) =>
        OnCase(actor, caseId, command, (tx, record) =>
        {
            Require(actor, Roles.Clerk, "只有窗口人员可以受理");
            record.State = CaseLifecycle.Next(record.State, command);
            return work(tx, record);
        });

    private CaseRecord OnCase(CaseActor actor, Guid caseId, string command,
        Func<EngineTransaction, CaseRecord, string?> work) =>
        _engine.Run(tx => OnCaseIn(tx, actor, caseId, command, record => work(tx, record), byTask: false));

    private static void Audit(EngineTransaction tx, CaseRecord record, CaseActor actor, string command, CaseState? before,
        string? reason)
    {
        record.Revision++;
        AuditTrail.Append(tx.Platform(), record.Id, new AuditEntry(actor.UserName, actor.RoleText, command,
            before is null ? null : CaseStates.Name(before.Value), CaseStates.Name(record.State),
            reason is null ? null : Truncate(reason, AuditTrail.MaxReasonLength)), tx.Now);
    }

    private static void Notify(EngineTransaction tx, CaseRecord record, string recipient, string kind, string title,
        string body) => Notifier.Notify(tx.Platform(), recipient, kind, record.Id, title, body, tx.Now);

    private static CaseCommentRecord AddComment(EngineTransaction tx, CaseRecord record, CaseActor actor, Guid? taskId,
        CaseCommentKind kind, string text)
    {
        var comment = new CaseCommentRecord
        {
            Id = TimeOrderedId.Next(tx.Now), CaseId = record.Id, TaskId = taskId, Kind = kind, Author = actor.UserName,
            Role = actor.RoleText, Text = Bounded(text, "text")!, At = tx.Now,
        };
        tx.Db.Add(comment);
        return comment;
    }

    /// <summary>The local date (for birth dates in identity numbers and the date in case numbers).</summary>
    private DateOnly Today(EngineTransaction tx) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(tx.Now, _zone).DateTime);

    /// <summary>An instant as people read it in 站内信 and messages: local time to the minute, e.g. 2026-12-02 14:30.
    /// </summary>
    private string LocalText(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private void SetApplicant(EngineTransaction tx, CaseRecord record, ApplicantInput applicant)
    {
        var today = Today(tx);
        record.ApplicantKind = applicant.Kind;
        record.ApplicantName = Required(applicant.Name, "applicant.name", "请填写申请人名称");
        if (record.ApplicantName.Length > 200)
        {
            throw CaseValidationException.Field("applicant.name", "申请人名称不能超过 200 个字符");
        }

        var error = applicant.Kind == ApplicantKind.Person
            ? ResidentIdNumber.Validate(applicant.IdNumber, today, out _)
            : UnifiedSocialCreditCode.Validate(applicant.IdNumber, out _);
        if (error is not null)
        {
            throw CaseValidationException.Field("applicant.idNumber", error.Message);
        }

        ApplicantIdNumbers.Set(tx.Platform(), record, applicant.IdNumber);
    }

    /// <summary>Checks form data against the form of the process's start event (when it has one) and returns it
    /// as stored JSON. Drafts may be incomplete; a submission must be complete.</summary>
    private string CheckForm(EngineTransaction tx, string processId, JsonElement? data, bool complete)
    {
        if (data is not { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } json)
        {
            return "{}";
        }

        if (json.GetRawText().Length > _options.MaxFormDataLength)
        {
            throw CaseValidationException.Field("formData", $"表单数据不能超过 {_options.MaxFormDataLength / 1024} KB");
        }

        var startForm = tx.StartFormKey(processId);
        var check = FormCheck(tx.Platform(), startForm, json, partial: !complete);
        if (!check.IsValid)
        {
            throw new CaseValidationException(check.Errors);
        }

        return VariableJson.Serialize(check.Values) ?? "{}";
    }

    /// <summary>Checks data against the newest version of a form; with no form key only an empty object passes.
    /// </summary>
    internal static FormCheck FormCheck(PlatformDbContext db, string? formKey, JsonElement data, bool partial = false)
    {
        if (formKey is null)
        {
            return data.ValueKind == JsonValueKind.Object && !data.EnumerateObject().Any()
                ? new FormCheck(new Dictionary<string, object?>(), new Dictionary<string, string[]>())
                : new FormCheck(new Dictionary<string, object?>(),
                    new Dictionary<string, string[]> { ["formData"] = ["该环节没有表单，不能提交表单数据"] });
        }

        var form = db.Set<FormRecord>().AsNoTracking().Where(f => f.Key == formKey).OrderByDescending(f => f.Version)
            .Select(f => f.Json).FirstOrDefault()
            ?? throw new CaseException(CaseErrorKind.Invalid, "FORM_NOT_DEPLOYED", $"表单 \"{formKey}\" 尚未发布");
        return FormSchema.Parse(form).Check(data, partial);
    }

    private string NextNumber(EngineTransaction tx)
    {
        var date = Today(tx);
        var prefix = _numbers.Format(_options.District, date, 0);
        var sequence = tx.Db.Set<CaseSequenceRecord>().SingleOrDefault(s => s.Prefix == prefix);
        if (sequence is null)
        {
            sequence = new CaseSequenceRecord { Prefix = prefix };
            tx.Db.Add(sequence);
        }

        sequence.Value++;
        return _numbers.Format(_options.District, date, sequence.Value);
    }

    private static void Require(CaseActor actor, string role, string message)
    {
        if (!actor.Is(role))
        {
            throw CaseException.Forbidden(message);
        }
    }

    private static string Required(string? text, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw CaseValidationException.Field(field, message);
        }

        return Bounded(text.Trim(), field)!;
    }

    private static string? Bounded(string? text, string field) =>
        text is { Length: > 2000 } ? throw CaseValidationException.Field(field, "内容不能超过 2000 个字符") : text;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
