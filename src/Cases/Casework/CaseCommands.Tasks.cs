using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Notifications;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Cases.Casework;

/// <summary>Human-task operations (审批): claim, complete, 转办, 委派, 加签/减签, 退回, 撤回, 不予许可, 催办, 抄送,
/// 审批意见, 一次性告知补正 from a step.</summary>
public sealed partial class CaseCommands
{
    /// <summary>签收: takes an open task of one's department.</summary>
    public CaseRecord Claim(CaseActor actor, Guid taskId) => _engine.Run(tx => OnTaskIn(tx, actor, taskId, "task.claim", (record, task) =>
    {
        if (task.Assignee is not null)
        {
            throw task.Assignee == actor.UserName
                ? CaseException.State("您已签收该任务")
                : new CaseException(CaseErrorKind.InvalidState, "TASK_CLAIMED", $"该任务已由 {task.Assignee} 签收");
        }

        task.Assignee = actor.UserName;
        return task.Name;
    }, claiming: true));

    /// <summary>Gives a claimed task back to the department queue.</summary>
    public CaseRecord Release(CaseActor actor, Guid taskId) => OnTask(actor, taskId, "task.release", (tx, record, task) =>
    {
        if (task.Assignee != actor.UserName || task.DelegatedBy is not null)
        {
            throw CaseException.State("只能退还自己签收的任务（委派的任务请办理后交回）");
        }

        task.Assignee = null;
        return task.Name;
    });

    /// <summary>办理: completes a step with its form data (checked against the step's form) and an optional 审批意见.
    /// An unclaimed task of one's department is claimed on the way. A delegate's completion hands the task back to
    /// its owner (委派); with 后加签 co-signers outstanding the process waits for them; a co-signature completes
    /// the co-signer's part.</summary>
    public CaseRecord Complete(CaseActor actor, Guid taskId, JsonElement? formData, string? opinion) =>
        OnTask(actor, taskId, "task.complete", (tx, record, task) =>
        {
            task.Assignee ??= actor.UserName;
            var data = formData is { ValueKind: JsonValueKind.Object } json ? json : JsonDocument.Parse("{}").RootElement;
            if (opinion is not null)
            {
                AddComment(tx, record, actor, task.Id, CaseCommentKind.Opinion, Required(opinion, "opinion", "请填写审批意见"));
            }

            if (task.Kind == CaseTaskKind.CoSign)
            {
                End(task, actor, tx, "co-signed");
                FinishCoSigned(tx, record, task.ParentTaskId!.Value, actor);
                return $"{task.Name}（加签）";
            }

            // After 委派 the owner confirms the delegate's answer: fields the delegate filled count as filled.
            var check = FormCheck(tx.Platform(), task.FormKey, data);
            var pending = VariableJson.Deserialize(task.PendingDataJson);
            var errors = pending is null ? check.Errors : check.Errors
                .Where(e => !(pending.ContainsKey(e.Key) && !data.TryGetProperty(e.Key, out _)))
                .ToDictionary(e => e.Key, e => e.Value);
            if (errors.Count > 0)
            {
                throw new CaseValidationException(errors);
            }

            var coSigns = CoSignsOf(tx, task).ToList();
            if (coSigns.Any(c => !c.SignAfter && c.State == CaseTaskState.Open))
            {
                throw new CaseException(CaseErrorKind.InvalidState, "COSIGN_PENDING", "前加签人员尚未全部签署，不能办理");
            }

            if (task.DelegatedBy is { } owner)
            {
                task.Assignee = owner;
                task.DelegatedBy = null;
                task.PendingDataJson = VariableJson.Serialize(check.Values);
                Notify(tx, record, owner, NotificationKinds.TaskAssigned, "委派任务已办回",
                    $"{actor.UserName} 已办理您委派的“{task.Name}”（办件 {record.Number}），请确认");
                return $"{task.Name}（委派办回）";
            }

            var after = coSigns.Where(c => c.SignAfter && c.State == CaseTaskState.Suspended).ToList();
            if (after.Count > 0)
            {
                task.State = CaseTaskState.Suspended;
                task.PendingDataJson = VariableJson.Serialize(check.Values);
                foreach (var signer in after)
                {
                    signer.State = CaseTaskState.Open;
                    NotifyWorkers(tx, record, signer, NotificationKinds.TaskAssigned, "请加签", $"请会签“{task.Name}”（办件 {record.Number}）");
                }

                return $"{task.Name}（待后加签）";
            }

            var values = Merge(task.PendingDataJson, check.Values);
            task.FormDataJson = VariableJson.Serialize(values) ?? "{}";
            End(task, actor, tx, "completed");
            tx.Complete(record.InstanceId!.Value, task.Id, values);
            return task.Name;
        });

    /// <summary>一次性告知补正 from a step: the case returns to the applicant, the step waits for the correction.
    /// </summary>
    public CaseRecord RequestTaskCorrection(CaseActor actor, Guid taskId, IReadOnlyList<CorrectionItem> items) =>
        OnTask(actor, taskId, "task.correction", (tx, record, task) =>
    {
        task.Assignee ??= actor.UserName;
        task.State = CaseTaskState.Suspended;
        return ReturnForCorrection(tx, record, actor, task, items);
    });

    /// <summary>转办: hands the task to another person (an approver or clerk) or to another department's queue.
    /// </summary>
    public CaseRecord Transfer(CaseActor actor, Guid taskId, string? toUser, string? toDepartment, string? reason) =>
        OnTask(actor, taskId, "task.transfer", (tx, record, task) =>
        {
            if (toUser is null == toDepartment is null)
            {
                throw CaseValidationException.Field("toUser", "请指定转办给一个人或一个部门");
            }

            if (toUser is not null)
            {
                var target = Staff(tx, toUser) ?? throw CaseValidationException.Field("toUser", $"没有名为 {toUser} 的经办人员");
                task.Assignee = target.UserName;
                // The task goes where its holder works: to those of its departments the holder belongs to, else to the
                // holder's, so another department no longer lists it as theirs and a release returns it to the new
                // one. A holder in no department (a clerk) leaves the departments a release would return it to.
                var kept = CaseAccess.Departments(task.Departments).Intersect(target.DepartmentList).ToList();
                if (target.DepartmentList.Count > 0)
                {
                    task.Departments = CaseAccess.DepartmentList(kept.Count > 0 ? kept : target.DepartmentList);
                }

                Notify(tx, record, target.UserName, NotificationKinds.TaskAssigned, "收到转办任务",
                    $"{actor.UserName} 将“{task.Name}”（办件 {record.Number}）转办给您");
            }
            else
            {
                if (!tx.Platform().Departments.Any(d => d.Name == toDepartment))
                {
                    throw CaseValidationException.Field("toDepartment", $"没有名为 {toDepartment} 的部门");
                }

                task.Departments = CaseAccess.DepartmentList([toDepartment!]);
                task.Assignee = null;
                NotifyWorkers(tx, record, task, NotificationKinds.TaskAssigned, "收到转办任务",
                    $"“{task.Name}”（办件 {record.Number}）已转办至{toDepartment}");
            }

            task.DelegatedBy = null;
            return Bounded($"转办给 {toUser ?? toDepartment}" + (reason is null ? "" : $"：{reason}"), "reason");
        });

    /// <summary>委派: the delegate works the task and their answer returns to the owner, who completes it.</summary>
    public CaseRecord Delegate(CaseActor actor, Guid taskId, string toUser) =>
        OnTask(actor, taskId, "task.delegate", (tx, record, task) =>
        {
            if (task.DelegatedBy is not null)
            {
                throw CaseException.State("委派中的任务不能再次委派");
            }

            var target = Staff(tx, toUser) ?? throw CaseValidationException.Field("toUser", $"没有名为 {toUser} 的经办人员");
            task.DelegatedBy = task.Assignee ?? actor.UserName;
            task.Assignee = target.UserName;
            Notify(tx, record, target.UserName, NotificationKinds.TaskAssigned, "收到委派任务",
                $"{actor.UserName} 委派您办理“{task.Name}”（办件 {record.Number}），办理后交回");
            return $"委派给 {target.UserName}";
        });

    /// <summary>审批意见 on a step, by whoever can work it.</summary>
    public CaseCommentRecord Opinion(CaseActor actor, Guid taskId, string text)
    {
        CaseCommentRecord? added = null;
        OnTask(actor, taskId, "task.opinion", (tx, record, task) =>
        {
            added = AddComment(tx, record, actor, task.Id, CaseCommentKind.Opinion, Required(text, "text", "请填写审批意见"));
            return added.Text;
        });
        return added!;
    }

    /// <summary>催办: the applicant (own case), a clerk or an approver of the case urges whoever holds a step. Urging
    /// is idempotent per task and <see cref="CaseOptions.UrgeInterval"/>: a repeat within the interval, by anyone,
    /// answers the case as it is and notifies no one again, so a hundred 催办 put one notice in an inbox.</summary>
    public CaseRecord Urge(CaseActor actor, Guid taskId, string? message) =>
        _engine.Run(tx =>
        {
            var task = tx.Db.Set<CaseTaskRecord>().SingleOrDefault(t => t.Id == taskId) ?? throw CaseException.TaskNotFound();
            var current = tx.Db.Set<CaseRecord>().SingleOrDefault(c => c.Id == task.CaseId);
            if (current is null || !CaseAccess.CanRead(tx.Platform(), actor, current))
            {
                throw CaseException.TaskNotFound();
            }

            RequireUrgeable(actor, current, task);
            if (task.LastUrgedAt > tx.Now - _options.UrgeInterval)
            {
                return current;
            }

            return OnCaseIn(tx, actor, task.CaseId, "task.urge", record =>
            {
                task.UrgeCount++;
                task.LastUrgedAt = tx.Now;
                NotifyWorkers(tx, record, task, NotificationKinds.TaskUrged, "催办",
                    $"请尽快办理“{task.Name}”（办件 {record.Number}）" + (message is null ? "" : $"：{Bounded(message, "message")}"));
                return message;
            });
        });

    private static void RequireUrgeable(CaseActor actor, CaseRecord record, CaseTaskRecord task)
    {
        if (!(actor.IsStaff || actor.Is(Roles.Applicant) && record.Applicant == actor.UserName))
        {
            throw CaseException.Forbidden("只有申请人和经办人员可以催办");
        }

        if (task.State != CaseTaskState.Open)
        {
            throw CaseException.State("只能催办待办的任务");
        }
    }

    /// <summary>抄送: copies the case to readers (staff), who find it under 抄送我的 and may read it.</summary>
    public CaseRecord Copy(CaseActor actor, Guid taskId, IReadOnlyList<string> recipients) =>
        OnTask(actor, taskId, "task.copy", (tx, record, task) =>
        {
            if (recipients.Count is 0 or > 20)
            {
                throw CaseValidationException.Field("recipients", "请指定 1 至 20 位抄送人");
            }

            foreach (var name in recipients.Distinct(StringComparer.Ordinal))
            {
                var reader = Staff(tx, name) ?? throw CaseValidationException.Field("recipients", $"没有名为 {name} 的经办人员");
                tx.Db.Add(new CaseCopyRecord
                {
                    Id = TimeOrderedId.Next(tx.Now), CaseId = record.Id, TaskId = task.Id, Recipient = reader.UserName,
                    CopiedBy = actor.UserName, At = tx.Now,
                });
                Notify(tx, record, reader.UserName, NotificationKinds.TaskAssigned, "抄送",
                    $"{actor.UserName} 抄送给您办件 {record.Number}（{record.ProcessName}）");
            }

            return "抄送 " + string.Join('、', recipients);
        });

    private static void End(CaseTaskRecord task, CaseActor actor, EngineTransaction tx, string outcome)
    {
        task.State = outcome is "completed" or "co-signed" ? CaseTaskState.Completed : CaseTaskState.Cancelled;
        task.EndedAt = tx.Now;
        task.EndedBy = actor.UserName;
        task.Outcome = outcome;
        task.EndedByCommand = tx.CommandId;
    }

    private static AccountRecord? Staff(EngineTransaction tx, string userName) =>
        tx.Platform().Accounts.AsNoTracking().Where(a => a.UserName == userName).AsEnumerable().FirstOrDefault(IsStaff);

    private static bool IsStaff(AccountRecord account) =>
        account.RoleList.Contains(Roles.Approver) || account.RoleList.Contains(Roles.Clerk);

    /// <summary>Notifies whoever holds the task: its assignee, else the staff of its departments.</summary>
    private static void NotifyWorkers(EngineTransaction tx, CaseRecord record, CaseTaskRecord task, string kind,
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

    private static Dictionary<string, object?> Merge(string? pending, IReadOnlyDictionary<string, object?> values)
    {
        var merged = VariableJson.Deserialize(pending) ?? [];
        foreach (var (key, value) in values)
        {
            merged[key] = value;
        }

        return merged;
    }

    private CaseRecord OnTask(CaseActor actor, Guid taskId, string command,
        Func<EngineTransaction, CaseRecord, CaseTaskRecord, string?> work) =>
        _engine.Run(tx => OnTaskIn(tx, actor, taskId, command, (record, task) => work(tx, record, task)));

    /// <summary>A command on a task the actor may work: open (or, for 减签, waiting on co-signers).</summary>
    private CaseRecord OnTaskIn(EngineTransaction tx, CaseActor actor, Guid taskId, string command,
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
    private CaseRecord OnCaseIn(EngineTransaction tx, CaseActor actor, Guid caseId, string command,
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

        SyncTasks(tx, record);
        Audit(tx, record, actor, command, before, detail);
        return record;
    }
}
