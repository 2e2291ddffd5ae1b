using OneThing.Cases.Notifications;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Cases.Casework;

/// <summary>A co-sign task added by 加签, with its case as the command left it.</summary>
/// <param name="Task">The co-signer's task.</param>
/// <param name="Case">The case the task belongs to.</param>
public sealed record AddedSigner(CaseTaskRecord Task, CaseRecord Case);

/// <summary>加签 and 减签: co-signers who sign a step before its owner, or after the owner before the process
/// moves on.</summary>
public sealed partial class CaseCommands
{
    /// <summary>加签: adds a co-signer who signs before the owner can complete (前加签) or after the owner's
    /// completion, before the process moves on (后加签).</summary>
    public AddedSigner AddSigner(CaseActor actor, Guid taskId, string signer, bool after)
    {
        CaseTaskRecord? added = null;
        var record = OnTask(actor, taskId, "task.add-signer", (tx, record, task) =>
        {
            if (task.Kind != CaseTaskKind.Step)
            {
                throw CaseException.State("只能为环节任务加签");
            }

            var target = Staff(tx, signer) ?? throw CaseValidationException.Field("signer", $"没有名为 {signer} 的经办人员");
            if (CoSignsOf(tx, task).Any(c => c.Assignee == target.UserName && c.State is CaseTaskState.Open or CaseTaskState.Suspended))
            {
                throw CaseException.State($"{target.UserName} 已是该任务的加签人");
            }

            task.Assignee ??= actor.UserName;
            added = new CaseTaskRecord
            {
                Id = TimeOrderedId.Next(tx.Now), CaseId = record.Id, Kind = CaseTaskKind.CoSign, NodeId = task.NodeId,
                Name = task.Name, Departments = task.Departments, Assignee = target.UserName, ParentTaskId = task.Id,
                SignAfter = after, State = after ? CaseTaskState.Suspended : CaseTaskState.Open, CreatedAt = tx.Now,
                DueAt = task.DueAt, CreatedByCommand = tx.CommandId,
            };
            tx.Db.Add(added);
            if (!after)
            {
                Notify(tx, record, target.UserName, NotificationKinds.TaskAssigned, "请加签",
                    $"{actor.UserName} 请您在其办理前会签“{task.Name}”（办件 {record.Number}）");
            }

            return $"{(after ? "后" : "前")}加签 {target.UserName}";
        });
        return new AddedSigner(added!, record);
    }

    /// <summary>减签: the step's owner removes a co-signer who has not signed yet.</summary>
    public CaseRecord RemoveSigner(CaseActor actor, Guid coSignTaskId) =>
        _engine.Run(tx =>
        {
            var coSign = tx.Db.Set<CaseTaskRecord>().SingleOrDefault(t => t.Id == coSignTaskId && t.Kind == CaseTaskKind.CoSign)
                ?? throw CaseException.TaskNotFound();
            return OnTaskIn(tx, actor, coSign.ParentTaskId!.Value, "task.remove-signer", (record, task) =>
            {
                if (coSign.State is not (CaseTaskState.Open or CaseTaskState.Suspended))
                {
                    throw CaseException.State("该加签人已签署或已被减签");
                }

                End(coSign, actor, tx, "removed");
                if (task.State == CaseTaskState.Suspended && record.CorrectionTaskId != task.Id)
                {
                    FinishCoSigned(tx, record, task.Id, actor);
                }

                return $"减签 {coSign.Assignee}";
            }, allowSuspended: true);
        });

    private void FinishCoSigned(EngineTransaction tx, CaseRecord record, Guid parentId, CaseActor actor)
    {
        var parent = tx.Db.Set<CaseTaskRecord>().Single(t => t.Id == parentId);
        if (parent.State != CaseTaskState.Suspended
            || CoSignsOf(tx, parent).Any(c => c.SignAfter && c.State is CaseTaskState.Open or CaseTaskState.Suspended))
        {
            return;
        }

        // Every 后加签 signature is in: the owner's completion, held until now, moves the process on.
        var values = VariableJson.Deserialize(parent.PendingDataJson);
        parent.State = CaseTaskState.Open;
        parent.FormDataJson = parent.PendingDataJson ?? "{}";
        End(parent, new CaseActor(parent.Assignee ?? actor.UserName, [], []), tx, "completed");
        tx.Complete(record.InstanceId!.Value, parent.Id, values);
    }

    private static IEnumerable<CaseTaskRecord> CoSignsOf(EngineTransaction tx, CaseTaskRecord task) =>
        tx.Db.Set<CaseTaskRecord>().Where(t => t.ParentTaskId == task.Id).AsEnumerable();
}
