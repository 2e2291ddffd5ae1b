using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Cases.Tests.TestSupport;
using static OneThing.Cases.Tests.TestSupport.CaseHost;

namespace OneThing.Cases.Tests.Moves;

/// <summary><see cref="MoveCommands"/> on SQLite with a fake clock: 退回, 撤回 and 不予许可, and a refusal of each.
/// </summary>
public sealed class MoveCommandsTests : IDisposable
{
    private readonly CaseHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Return_ToAPassedStep_ReopensIt_AndToOneNotPassedIsRefused()
    {
        var id = _host.Reviewed();
        var decide = _host.OpenTask(id);

        Assert.Equal("MOVE_TARGET_INVALID", Assert.Throws<CaseException>(() =>
            _host.Moves.Return(Approver, new ReturnTask(decide, "E", "重审"))).Code);
        _host.Moves.Return(Approver, new ReturnTask(decide, "Review", "请重审"));

        Assert.Equal("审查", _host.OpenTasks(id).Single().Name);
    }

    [Fact]
    public void TakeBack_OwnCompletion_ReopensTheStepForTheTaker_AndByAnotherIsForbidden()
    {
        var id = _host.Accepted();
        var review = _host.OpenTask(id);
        _host.Tasks.Complete(Approver, new CompleteTask(review, null, null));
        var colleague = new CaseActor("colleague", [Roles.Approver], ["审批科"]);

        Assert.Equal(CaseErrorKind.Forbidden, Assert.Throws<CaseException>(() =>
            _host.Moves.TakeBack(colleague, new TakeBackTask(review))).Kind);
        _host.Moves.TakeBack(Approver, new TakeBackTask(review));

        var reopened = _host.OpenTasks(id).Single();
        Assert.Equal("审查", reopened.Name);
        Assert.Equal(Approver.UserName, reopened.Assignee);
    }

    [Fact]
    public void Refuse_AtAStep_EndsTheProcessRefused_AndWithoutAReasonIsRefused()
    {
        var id = _host.Accepted();
        var task = _host.OpenTask(id);

        Assert.Contains("reason", Assert.Throws<CaseValidationException>(() =>
            _host.Moves.Refuse(Approver, new RefuseTask(task, ""))).Errors.Keys);
        var refused = _host.Moves.Refuse(Approver, new RefuseTask(task, "不符合条件"));

        Assert.Equal(CaseState.Decided, refused.State);
        Assert.Equal(CaseOutcome.Refused, refused.Outcome);
        Assert.Empty(_host.OpenTasks(id));
    }
}
