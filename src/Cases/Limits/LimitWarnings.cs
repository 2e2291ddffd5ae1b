using OneThing.Cases.Notifications;
using OneThing.Engine.Persistence;

namespace OneThing.Cases.Casework;

/// <summary>Warnings before a task's limit (超期预警): once per task, to whoever holds it.</summary>
public sealed class LimitWarnings(CaseCommandRunner runner)
{
    /// <summary>Warns the holders of up to <paramref name="batch"/> open tasks due within
    /// <see cref="CaseOptions.LimitWarningLead"/> that were not warned yet; returns how many it warned. Each task is
    /// warned in its own transaction, so a conflict with a person working the task only delays its warning.</summary>
    public int WarnNearingLimits(int batch = 100)
    {
        var due = runner.Engine.Run(tx =>
        {
            var horizon = tx.Now + runner.Options.LimitWarningLead;
            return tx.Db.Set<CaseTaskRecord>()
                .Where(t => t.State == CaseTaskState.Open && t.LimitWarnedAt == null && t.DueAt != null && t.DueAt <= horizon)
                .OrderBy(t => t.DueAt).Select(t => t.Id).Take(batch).ToList();
        });
        var warned = 0;
        foreach (var id in due)
        {
            try
            {
                warned += runner.Engine.Run(tx =>
                {
                    var task = tx.Db.Set<CaseTaskRecord>().Single(t => t.Id == id);
                    if (task.State != CaseTaskState.Open || task.LimitWarnedAt is not null)
                    {
                        return 0;
                    }

                    var record = tx.Db.Set<CaseRecord>().Single(c => c.Id == task.CaseId);
                    task.LimitWarnedAt = tx.Now;
                    // The case's revision makes two nodes warning the same task at once conflict instead of both warning.
                    record.Revision++;
                    var overdue = task.DueAt <= tx.Now;
                    CaseCommandRunner.NotifyWorkers(tx, record, task, NotificationKinds.TaskNearingLimit,
                        overdue ? "任务已超期" : "任务即将到期",
                        $"办件 {record.Number} 的“{task.Name}”{(overdue ? "已超过" : "即将到达")}办理时限（{runner.LocalText(task.DueAt!.Value)}）");
                    return 1;
                });
            }
            catch (ConcurrencyConflictException)
            {
                // Someone worked the task meanwhile; the next pass looks at it again.
            }
        }

        return warned;
    }
}
