using System.Text.Json;
using OneThing.Cases.Accounts;
using OneThing.Cases.Notifications;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using static OneThing.Cases.Casework.CaseCommandRunner;

namespace OneThing.Cases.Casework;

/// <summary>签收 of an open task of one's department.</summary>
public sealed record ClaimTask(Guid TaskId);

/// <summary>Gives a claimed task back to the department queue.</summary>
public sealed record ReleaseTask(Guid TaskId);

/// <summary>办理 of a step with its form data and an optional 审批意见.</summary>
public sealed record CompleteTask(Guid TaskId, JsonElement? FormData, string? Opinion);

/// <summary>一次性告知补正 from a step.</summary>
public sealed record RequestTaskCorrection(Guid TaskId, IReadOnlyList<CorrectionItem> Items);

/// <summary>转办 to one person (<paramref name="ToUser"/>) or one department (<paramref name="ToDepartment"/>).</summary>
public sealed record TransferTask(Guid TaskId, string? ToUser, string? ToDepartment, string? Reason);

/// <summary>委派 to a person, whose answer returns to the owner.</summary>
public sealed record DelegateTask(Guid TaskId, string ToUser);

/// <summary>审批意见 on a step.</summary>
public sealed record GiveOpinion(Guid TaskId, string Text);

/// <summary>催办 of whoever holds a step, with an optional message.</summary>
public sealed record UrgeTask(Guid TaskId, string? Message);

/// <summary>抄送 of the case to readers (staff).</summary>
public sealed record CopyCase(Guid TaskId, IReadOnlyList<string> Recipients);

/// <summary>Human-task operations (审批): 签收, 退还, 办理, 一次性告知补正 from a step, 转办, 委派, 审批意见, 催办, 抄送.
/// </summary>
public sealed class TaskCommands(CaseCommandRunner runner)
{
    /// <summary>签收: takes an open task of one's department.</summary>
    public CaseRecord Claim(CaseActor actor, ClaimTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.Engine.Run(tx => runner.OnTaskIn(tx, actor, input.TaskId, "task.claim", (record, task) =>
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
    }

    /// <summary>Gives a claimed task back to the department queue.</summary>
    public CaseRecord Release(CaseActor actor, ReleaseTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnTask(actor, input.TaskId, "task.release", (tx, record, task) =>
        {
            if (task.Assignee != actor.UserName || task.DelegatedBy is not null)
            {
                throw CaseException.State("只能退还自己签收的任务（委派的任务请办理后交回）");
            }

            task.Assignee = null;
            return task.Name;
        });
    }

    /// <summary>办理: completes a step with its form data (checked against the step's form) and an optional 审批意见.
    /// An unclaimed task of one's department is claimed on the way. A delegate's completion hands the task back to
    /// its owner (委派); with 后加签 co-signers outstanding the process waits for them; a co-signature completes
    /// the co-signer's part.</summary>
    public CaseRecord Complete(CaseActor actor, CompleteTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnTask(actor, input.TaskId, "task.complete", (tx, record, task) =>
        {
            task.Assignee ??= actor.UserName;
            var data = input.FormData is { ValueKind: JsonValueKind.Object } json ? json : JsonDocument.Parse("{}").RootElement;
            if (input.Opinion is not null)
            {
                AddComment(tx, record, actor, task.Id, CaseCommentKind.Opinion, Required(input.Opinion, "opinion", "请填写审批意见"));
            }

            if (task.Kind == CaseTaskKind.CoSign)
            {
                End(task, actor, tx, "co-signed");
                CoSignCommands.FinishCoSigned(tx, record, task.ParentTaskId!.Value, actor);
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

            var coSigns = CoSignCommands.CoSignsOf(tx, task).ToList();
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
    }

    /// <summary>一次性告知补正 from a step: the case returns to the applicant, the step waits for the correction.
    /// </summary>
    public CaseRecord RequestCorrection(CaseActor actor, RequestTaskCorrection input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnTask(actor, input.TaskId, "task.correction", (tx, record, task) =>
        {
            task.Assignee ??= actor.UserName;
            task.State = CaseTaskState.Suspended;
            return runner.ReturnForCorrection(tx, record, actor, task, input.Items);
        });
    }

    /// <summary>转办: hands the task to another person (an approver or clerk) or to another department's queue.
    /// </summary>
    public CaseRecord Transfer(CaseActor actor, TransferTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var (toUser, toDepartment) = (input.ToUser, input.ToDepartment);
        return runner.OnTask(actor, input.TaskId, "task.transfer", (tx, record, task) =>
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
            return Bounded($"转办给 {toUser ?? toDepartment}" + (input.Reason is null ? "" : $"：{input.Reason}"), "reason");
        });
    }

    /// <summary>委派: the delegate works the task and their answer returns to the owner, who completes it.</summary>
    public CaseRecord Delegate(CaseActor actor, DelegateTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnTask(actor, input.TaskId, "task.delegate", (tx, record, task) =>
        {
            if (task.DelegatedBy is not null)
            {
                throw CaseException.State("委派中的任务不能再次委派");
            }

            var target = Staff(tx, input.ToUser)
                ?? throw CaseValidationException.Field("toUser", $"没有名为 {input.ToUser} 的经办人员");
            task.DelegatedBy = task.Assignee ?? actor.UserName;
            task.Assignee = target.UserName;
            Notify(tx, record, target.UserName, NotificationKinds.TaskAssigned, "收到委派任务",
                $"{actor.UserName} 委派您办理“{task.Name}”（办件 {record.Number}），办理后交回");
            return $"委派给 {target.UserName}";
        });
    }

    /// <summary>审批意见 on a step, by whoever can work it.</summary>
    public CaseCommentRecord Opinion(CaseActor actor, GiveOpinion input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        CaseCommentRecord? added = null;
        runner.OnTask(actor, input.TaskId, "task.opinion", (tx, record, task) =>
        {
            added = AddComment(tx, record, actor, task.Id, CaseCommentKind.Opinion, Required(input.Text, "text", "请填写审批意见"));
            return added.Text;
        });
        return added!;
    }

    /// <summary>催办: the applicant (own case), a clerk or an approver of the case urges whoever holds a step. Urging
    /// is idempotent per task and <see cref="CaseOptions.UrgeInterval"/>: a repeat within the interval, by anyone,
    /// answers the case as it is and notifies no one again, so a hundred 催办 put one notice in an inbox.</summary>
    public CaseRecord Urge(CaseActor actor, UrgeTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.Engine.Run(tx =>
        {
            var task = tx.Db.Set<CaseTaskRecord>().SingleOrDefault(t => t.Id == input.TaskId) ?? throw CaseException.TaskNotFound();
            var current = tx.Db.Set<CaseRecord>().SingleOrDefault(c => c.Id == task.CaseId);
            if (current is null || !CaseAccess.CanRead(tx.Platform(), actor, current))
            {
                throw CaseException.TaskNotFound();
            }

            RequireUrgeable(actor, current, task);
            if (task.LastUrgedAt > tx.Now - runner.Options.UrgeInterval)
            {
                return current;
            }

            return runner.OnCaseIn(tx, actor, task.CaseId, "task.urge", record =>
            {
                task.UrgeCount++;
                task.LastUrgedAt = tx.Now;
                NotifyWorkers(tx, record, task, NotificationKinds.TaskUrged, "催办",
                    $"请尽快办理“{task.Name}”（办件 {record.Number}）"
                    + (input.Message is null ? "" : $"：{Bounded(input.Message, "message")}"));
                return input.Message;
            });
        });
    }

    /// <summary>抄送: copies the case to readers (staff), who find it under 抄送我的 and may read it.</summary>
    public CaseRecord Copy(CaseActor actor, CopyCase input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var recipients = input.Recipients ?? [];
        return runner.OnTask(actor, input.TaskId, "task.copy", (tx, record, task) =>
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
    }

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

    private static Dictionary<string, object?> Merge(string? pending, IReadOnlyDictionary<string, object?> values)
    {
        var merged = VariableJson.Deserialize(pending) ?? [];
        foreach (var (key, value) in values)
        {
            merged[key] = value;
        }

        return merged;
    }
}
