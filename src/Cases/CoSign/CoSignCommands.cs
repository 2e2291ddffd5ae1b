using OneThing.Cases.Notifications;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using static OneThing.Cases.Casework.CaseCommandRunner;

namespace OneThing.Cases.Casework;

/// <summary>A co-sign task added by 加签, with its case as the command left it.</summary>
/// <param name="Task">The co-signer's task.</param>
/// <param name="Case">The case the task belongs to.</param>
public sealed record AddedSigner(CaseTaskRecord Task, CaseRecord Case);

/// <summary>加签: a co-signer for a step, who signs before its owner (前加签) or after (后加签,
/// <paramref name="After"/>).</summary>
public sealed record AddCoSigner(Guid TaskId, string Signer, bool After);

/// <summary>减签 of a co-signer (their co-sign task) who has not signed yet.</summary>
public sealed record RemoveCoSigner(Guid CoSignTaskId);

/// <summary>加签 and 减签: co-signers who sign a step before its owner, or after the owner before the process
/// moves on.</summary>
public sealed class CoSignCommands(CaseCommandRunner runner)
{
    /// <summary>加签: adds a co-signer who signs before the owner can complete (前加签) or after the owner's
    /// completion, before the process moves on (后加签).</summary>
    public AddedSigner Add(CaseActor actor, AddCoSigner input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var (signer, after) = (input.Signer, input.After);
        CaseTaskRecord? added = null;
        var record = runner.OnTask(actor, input.TaskId, "task.add-signer", (tx, record, task) =>
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
    public CaseRecord Remove(CaseActor actor, RemoveCoSigner input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.Engine.Run(tx =>
        {
            var coSign = tx.Db.Set<CaseTaskRecord>().SingleOrDefault(t => t.Id == input.CoSignTaskId && t.Kind == CaseTaskKind.CoSign)
                ?? throw CaseException.TaskNotFound();
            return runner.OnTaskIn(tx, actor, coSign.ParentTaskId!.Value, "task.remove-signer", (record, task) =>
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
    }

    /// <summary>When the last 后加签 signature of a step is in (or the last outstanding signer removed), the
    /// owner's completion, held until now, moves the process on.</summary>
    internal static void FinishCoSigned(EngineTransaction tx, CaseRecord record, Guid parentId, CaseActor actor)
    {
        var parent = tx.Db.Set<CaseTaskRecord>().Single(t => t.Id == parentId);
        if (parent.State != CaseTaskState.Suspended
            || CoSignsOf(tx, parent).Any(c => c.SignAfter && c.State is CaseTaskState.Open or CaseTaskState.Suspended))
        {
            return;
        }

        var values = VariableJson.Deserialize(parent.PendingDataJson);
        parent.State = CaseTaskState.Open;
        parent.FormDataJson = parent.PendingDataJson ?? "{}";
        End(parent, new CaseActor(parent.Assignee ?? actor.UserName, [], []), tx, "completed");
        tx.Complete(record.InstanceId!.Value, parent.Id, values);
    }

    /// <summary>The co-sign tasks added to a step.</summary>
    internal static IEnumerable<CaseTaskRecord> CoSignsOf(EngineTransaction tx, CaseTaskRecord task) =>
        tx.Db.Set<CaseTaskRecord>().Where(t => t.ParentTaskId == task.Id).AsEnumerable();
}
