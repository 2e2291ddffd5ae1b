using OneThing.Cases.Notifications;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Cases.Casework;

/// <summary>Keeps a case's task rows and state in step with its process instance: after every case command, and
/// (through <see cref="DurableEngine.AfterEveryCommand"/>) after every engine command that moved an instance on
/// its own — a timer, a message, a service job.</summary>
public static class CaseSync
{
    /// <summary>Who the audit trail names for changes the process made by itself.</summary>
    private static readonly CaseActor Process = new("system", ["system"], []);

    /// <summary>The engine's after-command hook (<see cref="DurableEngine.AfterEveryCommand"/>), registered by the
    /// host where it composes engine and case layer: syncs the cases of instances a command moved that no case
    /// command of the same transaction has handled already.</summary>
    public static void FromEngine(EngineTransaction tx, IReadOnlyList<ProcessInstance> instances)
    {
        foreach (var instance in instances)
        {
            if (tx.Db.ChangeTracker.Entries<CaseRecord>().Any(e => e.Entity.InstanceId == instance.Id))
            {
                continue;
            }

            var record = tx.Db.Set<CaseRecord>().SingleOrDefault(c => c.InstanceId == instance.Id);
            if (record is null)
            {
                continue;
            }

            var before = record.State;
            if (SyncTasks(tx, record))
            {
                CaseCommandRunner.Audit(tx, record, Process, "process", before, null);
            }
        }
    }

    /// <summary>Creates and ends task rows for the user tasks the command's engine work opened and closed, and
    /// decides the case when its process ended. A command that ran no engine work on the instance has nothing to
    /// sync, so nothing is read. Returns whether anything changed.</summary>
    internal static bool SyncTasks(EngineTransaction tx, CaseRecord record)
    {
        if (record.InstanceId is not { } instanceId || tx.Loaded(instanceId) is not { } instance)
        {
            return false;
        }

        var changed = false;

        // Tasks added earlier in this command are not in the database yet: count them too, so syncing twice adds
        // nothing twice.
        var tasks = tx.Db.Set<CaseTaskRecord>().Where(t => t.CaseId == record.Id).AsEnumerable()
            .Union(tx.Db.ChangeTracker.Entries<CaseTaskRecord>()
                .Where(e => e.State == Microsoft.EntityFrameworkCore.EntityState.Added && e.Entity.CaseId == record.Id)
                .Select(e => e.Entity))
            .ToList();
        var waiting = instance.IsEnded ? [] : instance.UserTasks.ToDictionary(w => w.Id);
        foreach (var task in tasks.Where(t => t.State is CaseTaskState.Open or CaseTaskState.Suspended))
        {
            var stepId = task.Kind == CaseTaskKind.Step ? task.Id : task.ParentTaskId!.Value;
            if (!waiting.ContainsKey(stepId) || tasks.Any(p => p.Id == stepId && p.State is CaseTaskState.Completed or CaseTaskState.Cancelled))
            {
                // Another branch, a 退回, a refusal or the end of the process took the step away.
                task.State = CaseTaskState.Cancelled;
                task.Outcome ??= "cancelled";
                task.EndedAt = tx.Now;
                task.EndedByCommand = tx.CommandId;
                changed = true;
            }
        }

        var known = tasks.Select(t => t.Id).ToHashSet();
        foreach (var wait in waiting.Values.Where(w => !known.Contains(w.Id)).OrderBy(w => w.CreatedAt))
        {
            var node = instance.Model.FindNode(wait.NodeId);
            var task = new CaseTaskRecord
            {
                Id = wait.Id, CaseId = record.Id, Kind = CaseTaskKind.Step, NodeId = wait.NodeId,
                Name = node?.Name ?? wait.NodeId, Departments = CaseAccess.DepartmentList(wait.CandidateGroups),
                Assignee = wait.Assignee, FormKey = wait.FormKey, CreatedAt = tx.Now, DueAt = wait.TaskDueAt,
                CreatedByCommand = tx.CommandId,
            };
            tx.Db.Add(task);
            changed = true;
            CaseCommandRunner.NotifyWorkers(tx, record, task, NotificationKinds.TaskAssigned, "新的待办",
                $"办件 {record.Number}（{record.ProcessName}）待您办理“{task.Name}”");
        }

        if (instance.IsEnded && CaseLifecycle.Allows(record.State, CaseCommandNames.ProcessEnd, CaseLifecycle.ProcessEnded))
        {
            record.State = CaseLifecycle.Next(record.State, CaseCommandNames.ProcessEnd, CaseLifecycle.ProcessEnded);
            record.DecidedAt = tx.Now;
            record.CorrectionJson = null;
            record.CorrectionTaskId = null;
            record.Outcome ??= instance.Variables.TryGetValue("approved", out var approved) && approved is false
                ? CaseOutcome.Refused
                : CaseOutcome.Granted;
            CaseCommandRunner.Notify(tx, record, record.Applicant, NotificationKinds.CaseDecided, "办件已办结",
                $"您的办件 {record.Number}（{record.ProcessName}）已办结：{(record.Outcome == CaseOutcome.Granted ? "准予" : "不予")}");
            changed = true;
        }

        return changed;
    }
}
