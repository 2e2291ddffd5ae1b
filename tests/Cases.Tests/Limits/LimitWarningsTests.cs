using OneThing.Cases.Casework;
using OneThing.Cases.Notifications;
using OneThing.Cases.Tests.TestSupport;

namespace OneThing.Cases.Tests.Limits;

/// <summary><see cref="LimitWarnings"/> on SQLite with a fake clock: a task due within the lead is warned once.
/// </summary>
public sealed class LimitWarningsTests : IDisposable
{
    private readonly CaseHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void WarnNearingLimits_TaskDueSoon_IsWarnedOnce_AndATaskWithNoLimitNever()
    {
        // 审查 is due in two hours, within the default lead; 决定 has no limit.
        _host.AddStaff(CaseHost.Approver.UserName);
        var id = _host.Accepted();

        Assert.Equal(1, _host.Warnings.WarnNearingLimits());
        Assert.Equal(0, _host.Warnings.WarnNearingLimits());
        _host.Tasks.Complete(CaseHost.Approver, new CompleteTask(_host.OpenTask(id), null, null));
        _host.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, _host.Warnings.WarnNearingLimits());

        using var db = _host.Contexts.CreateDbContext();
        Assert.Single(db.Set<NotificationRecord>().Where(n => n.Kind == NotificationKinds.TaskNearingLimit).ToList());
    }
}
