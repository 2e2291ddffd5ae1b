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

/// <summary>What every 办件 command shares: the engine it runs on, the options, the case-number format and the
/// local zone, and the templates a command runs in (<see cref="OnCase"/>, <see cref="OnOwnCase"/>,
/// <see cref="OnIntake"/>, <see cref="OnTask"/>). Each command runs in one transaction with the engine commands it
/// causes, appends one audit event to the case's chain and the notifications it sends, and increments the case's
/// revision, so of two concurrent commands on one case one fails with <see cref="ConcurrencyConflictException"/>.
/// The command classes (<see cref="ApplicationCommands"/>, <see cref="IntakeCommands"/>, <see cref="TaskCommands"/>,
/// <see cref="CoSignCommands"/>, <see cref="MoveCommands"/>, <see cref="MaterialCommands"/>,
/// <see cref="LimitWarnings"/>) take it in their constructors.</summary>
public sealed class CaseCommandRunner
{
    private readonly CaseNumberFormat _numbers;
    private readonly TimeZoneInfo _zone;

    /// <summary>Creates the runner on <paramref name="engine"/>. So that cases follow their processes also when a
    /// timer, a message or a job moves them on, the host registers <see cref="CaseSync.FromEngine"/> with the engine
    /// where it composes the two (<c>engine.AfterEveryCommand(CaseSync.FromEngine)</c>).</summary>
    public CaseCommandRunner(DurableEngine engine, CaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        Engine = engine;
        Options = options;
        _numbers = CaseNumberFormat.Create(options.NumberPattern);
        _zone = options.LocalZone();
    }

    /// <summary>The engine the commands run on.</summary>
    public DurableEngine Engine { get; }

    /// <summary>The case layer's options.</summary>
    public CaseOptions Options { get; }

    /// <summary>A command on a case the actor applied for.</summary>
    internal CaseRecord OnOwnCase(CaseActor actor, Guid caseId, string command,
        Func<EngineTransaction, CaseRecord, string?> work) =>
        OnCase(actor, caseId, command, (tx, record) =>
        {
            if (!actor.Is(Roles.Applicant) || record.Applicant != actor.UserName)
            {
                throw CaseException.Forbidden("只有申请人本人可以这样做");
            }

            return work(tx, record);
        });

    /// <summary>A command of the intake window: a clerk's, moving the case as the lifecycle says.</summary>
    internal CaseRecord OnIntake(CaseActor actor, Guid caseId, string command,
        Func<EngineTransaction, CaseRecord, string?> work) =>
        OnCase(actor, caseId, command, (tx, record) =>
        {
            Require(actor, Roles.Clerk, "只有窗口人员可以受理");
            record.State = CaseLifecycle.Next(record.State, command);
            return work(tx, record);
        });

    /// <summary>A command on a case the actor can read, in its own transaction.</summary>
    internal CaseRecord OnCase(CaseActor actor, Guid caseId, string command,
        Func<EngineTransaction, CaseRecord, string?> work) =>
        Engine.Run(tx => OnCaseIn(tx, actor, caseId, command, record => work(tx, record), byTask: false));

    /// <summary>A command on a task the actor may work, in its own transaction.</summary>
    internal CaseRecord OnTask(CaseActor actor, Guid taskId, string command,
        Func<EngineTransaction, CaseRecord, CaseTaskRecord, string?> work) =>
        Engine.Run(tx => OnTaskIn(tx, actor, taskId, command, (record, task) => work(tx, record, task)));

    /// <summary>A command on a task the actor may work: open (or, for 减签, waiting on co-signers).</summary>
    internal CaseRecord OnTaskIn(EngineTransaction tx, CaseActor actor, Guid taskId, string command,
        Func<CaseRecord, CaseTaskRecord, string?> work, bool allowSuspended = false, bool claiming = false)
    {
        var task = tx.Db.Set<CaseTaskRecord>().SingleOrDefault(t => t.Id == taskId) ?? throw CaseException.TaskNotFound();
        return OnCaseIn(tx, actor, task.CaseId, command, record =>
        {
            if (!(task.State == CaseTaskState.Open || allowSuspended && task.State == CaseTaskState.Suspended))
            {
                throw new CaseException(CaseErrorKind.InvalidState, "TASK_NOT_OPEN", "该任务已办理或不在待办中");
            }

            if (claiming && task.Assignee is { } holder && holder != actor.UserName && actor.IsStaff
                && CaseAccess.Departments(task.Departments).Intersect(actor.Departments).Any())
            {
                // Someone of the department was quicker: a conflict, not a lack of rights.
                throw new CaseException(CaseErrorKind.InvalidState, "TASK_CLAIMED", $"该任务已由 {holder} 签收");
            }

            if (!CaseAccess.CanWork(actor, task))
            {
                throw CaseException.Forbidden(task.Assignee is null
                    ? $"该任务由{string.Join("、", CaseAccess.Departments(task.Departments))}办理，不属于您的部门"
                    : $"该任务由 {task.Assignee} 办理");
            }

            return work(record, task);
        });
    }

    /// <summary>Runs one command on a case the actor can read: loads it, runs the work, synchronises its tasks with
    /// the process, records the audit event and increments the revision — all in the caller's transaction. A case
    /// the actor may not read is reported as not found (<paramref name="byTask"/>: as the task not found), so its
    /// existence does not leak.</summary>
    internal CaseRecord OnCaseIn(EngineTransaction tx, CaseActor actor, Guid caseId, string command,
        Func<CaseRecord, string?> work, bool byTask = true)
    {
        var record = tx.Db.Set<CaseRecord>().SingleOrDefault(c => c.Id == caseId);
        if (record is null || !CaseAccess.CanRead(tx.Platform(), actor, record))
        {
            throw byTask ? CaseException.TaskNotFound() : CaseException.CaseNotFound();
        }

        var before = record.State;
        var detail = work(record);
        if (byTask && CaseLifecycle.Allows(record.State, CaseCommandNames.TaskWork))
        {
            record.State = CaseLifecycle.Next(record.State, CaseCommandNames.TaskWork);
        }

        CaseSync.SyncTasks(tx, record);
        Audit(tx, record, actor, command, before, detail);
        return record;
    }

    /// <summary>一次性告知补正, at intake (<paramref name="task"/> null) or from a step: the case returns to the
    /// applicant with everything that is missing.</summary>
    internal string? ReturnForCorrection(EngineTransaction tx, CaseRecord record, CaseActor actor, CaseTaskRecord? task,
        IReadOnlyList<CorrectionItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0 || items.Count > Options.MaxCorrectionItems)
        {
            throw CaseValidationException.Field("items", $"一次性告知应列出 1 至 {Options.MaxCorrectionItems} 项需补正的内容");
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

    /// <summary>Appends the command's audit event to the case's chain and increments the case's revision.</summary>
    internal static void Audit(EngineTransaction tx, CaseRecord record, CaseActor actor, string command, CaseState? before,
        string? reason)
    {
        record.Revision++;
        AuditTrail.Append(tx.Platform(), record.Id, new AuditEntry(actor.UserName, actor.RoleText, command,
            before is null ? null : CaseStates.Name(before.Value), CaseStates.Name(record.State),
            reason is null ? null : Truncate(reason, AuditTrail.MaxReasonLength)), tx.Now);
    }

    internal static void Notify(EngineTransaction tx, CaseRecord record, string recipient, string kind, string title,
        string body) => Notifier.Notify(tx.Platform(), recipient, kind, record.Id, title, body, tx.Now);

    /// <summary>Notifies whoever holds the task: its assignee, else the staff of its departments.</summary>
    internal static void NotifyWorkers(EngineTransaction tx, CaseRecord record, CaseTaskRecord task, string kind,
        string title, string body)
    {
        // Accounts list departments comma-separated: the database narrows by text, the exact match is made here.
        IEnumerable<string> recipients = task.Assignee is { } assignee ? [assignee]
            : CaseAccess.Departments(task.Departments)
                .SelectMany(department => tx.Platform().Accounts.AsNoTracking().Where(a => a.Departments.Contains(department))
                    .AsEnumerable().Where(a => IsStaff(a) && a.DepartmentList.Contains(department)))
                .Select(a => a.UserName).Distinct(StringComparer.Ordinal);
        foreach (var recipient in recipients)
        {
            Notify(tx, record, recipient, kind, title, body);
        }
    }

    internal static CaseCommentRecord AddComment(EngineTransaction tx, CaseRecord record, CaseActor actor, Guid? taskId,
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

    /// <summary>Ends a task (completed, co-signed, returned, refused, removed) in the command's transaction.</summary>
    internal static void End(CaseTaskRecord task, CaseActor actor, EngineTransaction tx, string outcome)
    {
        task.State = outcome is "completed" or "co-signed" ? CaseTaskState.Completed : CaseTaskState.Cancelled;
        task.EndedAt = tx.Now;
        task.EndedBy = actor.UserName;
        task.Outcome = outcome;
        task.EndedByCommand = tx.CommandId;
    }

    /// <summary>The staff account (an approver or clerk) of that name, or null.</summary>
    internal static AccountRecord? Staff(EngineTransaction tx, string userName) =>
        tx.Platform().Accounts.AsNoTracking().Where(a => a.UserName == userName).AsEnumerable().FirstOrDefault(IsStaff);

    private static bool IsStaff(AccountRecord account) =>
        account.RoleList.Contains(Roles.Approver) || account.RoleList.Contains(Roles.Clerk);

    /// <summary>The local date (for birth dates in identity numbers and the date in case numbers).</summary>
    internal DateOnly Today(EngineTransaction tx) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(tx.Now, _zone).DateTime);

    /// <summary>An instant as people read it in 站内信 and messages: local time to the minute, e.g. 2026-12-02 14:30.
    /// </summary>
    internal string LocalText(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Checks form data against the form of the process's start event (when it has one) and returns it
    /// as stored JSON. Drafts may be incomplete; a submission must be complete.</summary>
    internal string CheckForm(EngineTransaction tx, string processId, JsonElement? data, bool complete)
    {
        if (data is not { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } json)
        {
            return "{}";
        }

        if (json.GetRawText().Length > Options.MaxFormDataLength)
        {
            throw CaseValidationException.Field("formData", $"表单数据不能超过 {Options.MaxFormDataLength / 1024} KB");
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

    /// <summary>The next 办件编号 of the day, from the district's sequence for the local date.</summary>
    internal string NextNumber(EngineTransaction tx)
    {
        var date = Today(tx);
        var prefix = _numbers.Format(Options.District, date, 0);
        var sequence = tx.Db.Set<CaseSequenceRecord>().SingleOrDefault(s => s.Prefix == prefix);
        if (sequence is null)
        {
            sequence = new CaseSequenceRecord { Prefix = prefix };
            tx.Db.Add(sequence);
        }

        sequence.Value++;
        return _numbers.Format(Options.District, date, sequence.Value);
    }

    /// <summary>Refuses a case that can no longer be edited (only drafts and cases in 补正 can).</summary>
    internal static void RequireEditable(CaseRecord record) => CaseLifecycle.Next(record.State, CaseCommandNames.Update);

    internal static void Require(CaseActor actor, string role, string message)
    {
        if (!actor.Is(role))
        {
            throw CaseException.Forbidden(message);
        }
    }

    /// <summary>Trimmed text that must be there, at most <see cref="CaseLimits.MaxTextLength"/> characters.</summary>
    internal static string Required(string? text, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw CaseValidationException.Field(field, message);
        }

        return Bounded(text.Trim(), field)!;
    }

    /// <summary>Optional text of at most <see cref="CaseLimits.MaxTextLength"/> characters.</summary>
    internal static string? Bounded(string? text, string field) =>
        text is { Length: > CaseLimits.MaxTextLength }
            ? throw CaseValidationException.Field(field, $"内容不能超过 {CaseLimits.MaxTextLength} 个字符")
            : text;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
