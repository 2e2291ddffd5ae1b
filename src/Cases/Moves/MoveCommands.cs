using static OneThing.Cases.Casework.CaseCommandRunner;

namespace OneThing.Cases.Casework;

/// <summary>退回 to an earlier step this case has passed.</summary>
public sealed record ReturnTask(Guid TaskId, string ToNodeId, string Reason);

/// <summary>撤回 of one's own completion of a step (the completed task).</summary>
public sealed record TakeBackTask(Guid TaskId);

/// <summary>不予许可 at a step, with a reason.</summary>
public sealed record RefuseTask(Guid TaskId, string Reason);

/// <summary>退回, 撤回 and 不予许可: commands that move or end the process instead of completing a step.</summary>
public sealed class MoveCommands(CaseCommandRunner runner)
{
    /// <summary>退回: sends the case back to an earlier step of its process (one this case has passed); every
    /// open step ends and the earlier one opens again.</summary>
    public CaseRecord Return(CaseActor actor, ReturnTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var toNodeId = input.ToNodeId;
        return runner.OnTask(actor, input.TaskId, "task.return", (tx, record, task) =>
        {
            var text = Required(input.Reason, "reason", "请说明退回理由");
            if (!tx.Db.Set<CaseTaskRecord>().Any(t => t.CaseId == record.Id && t.NodeId == toNodeId
                    && t.Kind == CaseTaskKind.Step && t.State == CaseTaskState.Completed))
            {
                // The same answer as the engine's for a step it cannot move to: the request is well-formed, the case
                // just cannot go there.
                throw new CaseException(CaseErrorKind.InvalidState, "MOVE_TARGET_INVALID",
                    $"不能退回到“{toNodeId}”：只能退回到本办件已经办理过的环节");
            }

            End(task, actor, tx, "returned");
            AddComment(tx, record, actor, task.Id, CaseCommentKind.Opinion, $"退回：{text}");
            tx.MoveTo(record.InstanceId!.Value, toNodeId);
            return $"退回至 {toNodeId}：{text}";
        });
    }

    /// <summary>撤回 by an approver: takes back their completion of a step while every step that completion opened
    /// is still untouched (unclaimed, no opinions, no co-signers).</summary>
    public CaseRecord TakeBack(CaseActor actor, TakeBackTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.Engine.Run(tx =>
        {
            var done = tx.Db.Set<CaseTaskRecord>().SingleOrDefault(t => t.Id == input.TaskId) ?? throw CaseException.TaskNotFound();
            return runner.OnCaseIn(tx, actor, done.CaseId, "task.take-back", record =>
            {
                if (done.EndedBy != actor.UserName || !actor.IsStaff)
                {
                    throw CaseException.Forbidden("只能撤回自己办理完成的环节");
                }

                if (done.Kind != CaseTaskKind.Step || done.State != CaseTaskState.Completed)
                {
                    throw CaseException.State("该环节未办理完成，不能撤回");
                }

                var tasks = tx.Db.Set<CaseTaskRecord>().Where(t => t.CaseId == record.Id).ToList();
                var next = tasks.Where(t => t.CreatedByCommand == done.EndedByCommand && t.Id != done.Id).ToList();
                var later = tasks.Where(t => t.EndedByCommand is { } c && c != done.EndedByCommand && t.EndedAt >= done.EndedAt);
                var commented = tx.Db.Set<CaseCommentRecord>().Where(c => c.CaseId == record.Id && c.At > done.EndedAt!.Value)
                    .Select(c => c.TaskId).ToList();
                if (record.State is not (CaseState.Accepted or CaseState.InProgress) || next.Count == 0 || later.Any()
                    || next.Any(t => t.State != CaseTaskState.Open || t.Assignee is not null || commented.Contains(t.Id))
                    || tasks.Any(t => t.ParentTaskId is { } p && next.Any(n => n.Id == p)))
                {
                    throw new CaseException(CaseErrorKind.InvalidState, "TAKE_BACK_TOO_LATE", "下一环节已有人处理，不能撤回");
                }

                tx.MoveTo(record.InstanceId!.Value, done.NodeId);
                CaseSync.SyncTasks(tx, record);
                // The step taken back returns to the person who took it back, not to the department's queue.
                foreach (var reopened in tx.Db.ChangeTracker.Entries<CaseTaskRecord>().Select(e => e.Entity)
                    .Where(t => t.CreatedByCommand == tx.CommandId && t.NodeId == done.NodeId))
                {
                    reopened.Assignee = actor.UserName;
                }

                return $"撤回“{done.Name}”";
            });
        });
    }

    /// <summary>不予许可: the step decides against the application, with a reason; the process ends.</summary>
    public CaseRecord Refuse(CaseActor actor, RefuseTask input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnTask(actor, input.TaskId, "task.refuse", (tx, record, task) =>
        {
            record.Reason = Required(input.Reason, "reason", "请说明不予许可的理由");
            End(task, actor, tx, "refused");
            AddComment(tx, record, actor, task.Id, CaseCommentKind.Public, $"不予许可：{record.Reason}");
            record.Outcome = CaseOutcome.Refused;
            tx.Terminate(record.InstanceId!.Value);
            return record.Reason;
        });
    }
}
