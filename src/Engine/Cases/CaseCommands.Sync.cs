using OneThing.Engine.Notifications;
using OneThing.Engine.Persistence;

namespace OneThing.Engine.Cases;

/// <summary>Keeps a case's task rows and state in step with its process instance after every command.</summary>
public sealed partial class CaseCommands
{
    private static void SyncTasks(EngineTransaction tx, CaseRecord record)
    {
        if (record.InstanceId is not { } instanceId)
        {
            return;
        }

        var instance = tx.Load(instanceId);
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
            NotifyWorkers(tx, record, task, NotificationKinds.TaskAssigned, "新的待办",
                $"办件 {record.Number}（{record.ProcessName}）待您办理“{task.Name}”");
        }

        if (instance.IsEnded && record.State is CaseState.Accepted or CaseState.InProgress or CaseState.Correction)
        {
            record.State = CaseState.Decided;
            record.DecidedAt = tx.Now;
            record.CorrectionJson = null;
            record.CorrectionTaskId = null;
            record.Outcome ??= instance.Variables.TryGetValue("approved", out var approved) && approved is false
                ? CaseOutcome.Refused
                : CaseOutcome.Granted;
            Notify(tx, record, record.Applicant, NotificationKinds.CaseDecided, "办件已办结",
                $"您的办件 {record.Number}（{record.ProcessName}）已办结：{(record.Outcome == CaseOutcome.Granted ? "准予" : "不予")}");
        }
    }
}
