using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Cases.Tests.TestSupport;
using static OneThing.Cases.Tests.TestSupport.CaseHost;

namespace OneThing.Cases.Tests.Tasks;

/// <summary><see cref="TaskCommands"/> on SQLite with a fake clock: each command's happy path and a refusal.
/// </summary>
public sealed class TaskCommandsTests : IDisposable
{
    private static readonly CaseActor Colleague = new("colleague", [Roles.Approver], ["审批科"]);

    private readonly CaseHost _host = new();

    public void Dispose() => _host.Dispose();

    private CaseTaskRecord Task(Guid caseId) => _host.OpenTasks(caseId).Single(t => t.Kind == CaseTaskKind.Step);

    [Fact]
    public void Claim_OpenTask_IsTheClaimants_AndAColleagueIsTooLate()
    {
        var id = _host.Accepted();
        var task = _host.OpenTask(id);

        _host.Tasks.Claim(Approver, new ClaimTask(task));

        Assert.Equal(Approver.UserName, Task(id).Assignee);
        Assert.Equal("TASK_CLAIMED", Assert.Throws<CaseException>(() => _host.Tasks.Claim(Colleague, new ClaimTask(task))).Code);
    }

    [Fact]
    public void Release_Claimed_ReturnsToTheQueue_AndUnclaimedIsRefused()
    {
        var id = _host.Accepted();
        var task = _host.OpenTask(id);
        _host.Tasks.Claim(Approver, new ClaimTask(task));

        _host.Tasks.Release(Approver, new ReleaseTask(task));

        Assert.Null(Task(id).Assignee);
        Assert.Equal(CaseErrorKind.InvalidState,
            Assert.Throws<CaseException>(() => _host.Tasks.Release(Approver, new ReleaseTask(task))).Kind);
    }

    [Fact]
    public void Complete_EveryStep_DecidesTheCase()
    {
        var id = _host.Reviewed();

        var decided = _host.Tasks.Complete(Approver, new CompleteTask(_host.OpenTask(id), null, "同意"));

        Assert.Equal(CaseState.Decided, decided.State);
        Assert.Equal(CaseOutcome.Granted, decided.Outcome);
    }

    [Fact]
    public void Complete_ByAnApproverOfAnotherDepartment_IsNotFound()
    {
        var id = _host.Accepted();
        var stranger = new CaseActor("stranger", [Roles.Approver], ["别的科"]);

        Assert.Equal(CaseErrorKind.NotFound, Assert.Throws<CaseException>(() =>
            _host.Tasks.Complete(stranger, new CompleteTask(_host.OpenTask(id), null, "同意"))).Kind);
    }

    [Fact]
    public void RequestCorrection_FromAStep_ReturnsTheCase_AndTheStepReopensOnSubmission()
    {
        var id = _host.Accepted();
        var task = _host.OpenTask(id);

        var corrected = _host.Tasks.RequestCorrection(Approver,
            new RequestTaskCorrection(task, [new CorrectionItem("身份证", "请上传反面")]));

        Assert.Equal(CaseState.Correction, corrected.State);
        Assert.Equal(CaseState.InProgress, _host.Applications.Submit(Applicant, new SubmitCase(id)).State);
        Assert.Equal(CaseTaskState.Open, Task(id).State);
    }

    [Fact]
    public void RequestCorrection_WithTooManyItems_IsAValidationError()
    {
        var items = Enumerable.Range(0, new CaseOptions().MaxCorrectionItems + 1)
            .Select(n => new CorrectionItem($"材料{n}", "补")).ToList();

        Assert.Contains("items", Assert.Throws<CaseValidationException>(() =>
            _host.Tasks.RequestCorrection(Approver, new RequestTaskCorrection(_host.OpenTask(_host.Accepted()), items))).Errors.Keys);
    }

    [Fact]
    public void Transfer_ToAPerson_AssignsThem_AndToNobodyIsRefused()
    {
        _host.AddStaff(Colleague.UserName);
        var id = _host.Accepted();
        var task = _host.OpenTask(id);

        _host.Tasks.Transfer(Approver, new TransferTask(task, Colleague.UserName, null, "请假"));

        Assert.Equal(Colleague.UserName, Task(id).Assignee);
        Assert.Contains("toUser", Assert.Throws<CaseValidationException>(() =>
            _host.Tasks.Transfer(Colleague, new TransferTask(task, null, null, null))).Errors.Keys);
    }

    [Fact]
    public void Delegate_ToAColleague_ComesBackToTheOwner_AndToAStrangerIsRefused()
    {
        _host.AddStaff(Colleague.UserName);
        var id = _host.Accepted();
        var task = _host.OpenTask(id);
        _host.Tasks.Claim(Approver, new ClaimTask(task));

        _host.Tasks.Delegate(Approver, new DelegateTask(task, Colleague.UserName));
        Assert.Equal(Colleague.UserName, Task(id).Assignee);
        _host.Tasks.Complete(Colleague, new CompleteTask(task, null, null));

        Assert.Equal(Approver.UserName, Task(id).Assignee);
        Assert.Contains("toUser", Assert.Throws<CaseValidationException>(() =>
            _host.Tasks.Delegate(Approver, new DelegateTask(task, "nobody"))).Errors.Keys);
    }

    [Fact]
    public void Opinion_OnAStep_IsAnOpinion_AndAnEmptyOneIsRefused()
    {
        var task = _host.OpenTask(_host.Accepted());

        var opinion = _host.Tasks.Opinion(Approver, new GiveOpinion(task, "材料齐全"));

        Assert.Equal(CaseCommentKind.Opinion, opinion.Kind);
        Assert.Equal(task, opinion.TaskId);
        Assert.Contains("text", Assert.Throws<CaseValidationException>(() =>
            _host.Tasks.Opinion(Approver, new GiveOpinion(task, " "))).Errors.Keys);
    }

    [Fact]
    public void Urge_Twice_CountsOnce_AndByAnotherApplicantIsRefused()
    {
        var id = _host.Accepted();
        var task = _host.OpenTask(id);

        var first = _host.Tasks.Urge(Applicant, new UrgeTask(task, "请尽快"));
        var again = _host.Tasks.Urge(Applicant, new UrgeTask(task, null));

        Assert.Equal(first.Revision, again.Revision);
        Assert.Equal(1, Task(id).UrgeCount);
        Assert.Throws<CaseException>(() => _host.Tasks.Urge(Other, new UrgeTask(task, null)));
    }

    [Fact]
    public void Copy_ToAColleague_IsCopied_AndToNoOneIsRefused()
    {
        _host.AddStaff(Colleague.UserName);
        var id = _host.Accepted();
        var task = _host.OpenTask(id);

        var copied = _host.Tasks.Copy(Approver, new CopyCase(task, [Colleague.UserName]));

        using (var db = _host.Contexts.CreateDbContext())
        {
            Assert.True(CaseAccess.CanRead(db, Colleague with { Departments = [] }, copied));
        }

        Assert.Contains("recipients", Assert.Throws<CaseValidationException>(() =>
            _host.Tasks.Copy(Approver, new CopyCase(task, []))).Errors.Keys);
    }
}
