using OneThing.Cases.Casework;
using OneThing.Cases.Tests.TestSupport;
using static OneThing.Cases.Tests.TestSupport.CaseHost;

namespace OneThing.Cases.Tests.Casework;

/// <summary>The case commands on SQLite with a fake clock, without HTTP: the happy path of each group of commands
/// and a refusal of each.</summary>
public sealed class CaseCommandsTests : IDisposable
{
    private readonly CaseHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void CreateDraft_ByAnApplicant_IsADraftAtTheClocksTime()
    {
        var draft = _host.Commands.CreateDraft(Applicant, ProcessId, Person, null);

        Assert.Equal(CaseState.Draft, draft.State);
        Assert.Equal(_host.Clock.GetUtcNow(), draft.CreatedAt);
        Assert.Null(draft.Number);
    }

    [Fact]
    public void CreateDraft_ByAClerk_IsForbidden()
    {
        var refused = Assert.Throws<CaseException>(() => _host.Commands.CreateDraft(Clerk, ProcessId, Person, null));

        Assert.Equal(CaseErrorKind.Forbidden, refused.Kind);
    }

    [Fact]
    public void Submit_Draft_GetsANumberAndTheClocksTime()
    {
        var id = _host.Commands.CreateDraft(Applicant, ProcessId, Person, null).Id;
        _host.Clock.Advance(TimeSpan.FromMinutes(5));

        var submitted = _host.Commands.Submit(Applicant, id);

        Assert.Equal(CaseState.Submitted, submitted.State);
        Assert.Equal(_host.Clock.GetUtcNow(), submitted.SubmittedAt);
        Assert.NotNull(submitted.Number);
    }

    [Fact]
    public void Submit_Twice_IsAStateConflict()
    {
        var id = _host.Submitted();

        var refused = Assert.Throws<CaseException>(() => _host.Commands.Submit(Applicant, id));

        Assert.Equal(CaseErrorKind.InvalidState, refused.Kind);
        Assert.Equal("只有草稿或补正中的办件可以提交", refused.Message);
    }

    [Fact]
    public void Withdraw_Submitted_IsWithdrawn_AndAfterAcceptanceRefused()
    {
        var waiting = _host.Submitted();
        var accepted = _host.Accepted();

        Assert.Equal(CaseState.Withdrawn, _host.Commands.Withdraw(Applicant, waiting, "不办了").State);
        Assert.Equal("办件已受理，不能撤回",
            Assert.Throws<CaseException>(() => _host.Commands.Withdraw(Applicant, accepted, null)).Message);
    }

    [Fact]
    public void Accept_Submitted_StartsTheProcessWithItsFirstTask()
    {
        var id = _host.Accepted();

        var accepted = _host.Case(id);
        Assert.Equal(CaseState.Accepted, accepted.State);
        Assert.Equal(_host.Clock.GetUtcNow(), accepted.AcceptedAt);
        Assert.NotEqual(Guid.Empty, _host.OpenTask(id));
    }

    [Fact]
    public void Accept_Draft_IsNotFoundForTheClerk() =>
        Assert.Equal(CaseErrorKind.NotFound, Assert.Throws<CaseException>(() =>
            _host.Commands.Accept(Clerk, _host.Commands.CreateDraft(Applicant, ProcessId, Person, null).Id)).Kind);

    [Fact]
    public void Accept_Twice_IsAStateConflict()
    {
        var id = _host.Accepted();

        Assert.Equal("只有已提交、待受理的办件可以受理、不予受理或要求补正",
            Assert.Throws<CaseException>(() => _host.Commands.Accept(Clerk, id)).Message);
    }

    [Fact]
    public void RefuseIntake_And_RequestCorrection_MoveTheCaseOutOfTheQueue()
    {
        var refused = _host.Submitted();
        var corrected = _host.Submitted();

        Assert.Equal(CaseState.NotAccepted, _host.Commands.RefuseIntake(Clerk, refused, "材料不全").State);
        Assert.Equal(CaseState.Correction,
            _host.Commands.RequestCorrection(Clerk, corrected, [new CorrectionItem("营业执照", "请上传清晰扫描件")]).State);
        Assert.Equal(CaseState.Submitted, _host.Commands.Submit(Applicant, corrected).State);
    }

    [Fact]
    public void RefuseIntake_ByAnApplicant_IsForbidden() =>
        Assert.Equal(CaseErrorKind.Forbidden,
            Assert.Throws<CaseException>(() => _host.Commands.RefuseIntake(Applicant, _host.Submitted(), "否")).Kind);

    [Fact]
    public void Complete_TheLastTask_DecidesTheCase()
    {
        var id = _host.Accepted();

        var decided = _host.Commands.Complete(Approver, _host.OpenTask(id), null, "同意");

        Assert.Equal(CaseState.Decided, decided.State);
        Assert.Equal(CaseOutcome.Granted, decided.Outcome);
    }

    [Fact]
    public void Complete_ByAnApprovalOfAnotherDepartment_IsNotFound()
    {
        var id = _host.Accepted();
        var stranger = new CaseActor("stranger", [OneThing.Cases.Accounts.Roles.Approver], ["别的科"]);

        Assert.Equal(CaseErrorKind.NotFound,
            Assert.Throws<CaseException>(() => _host.Commands.Complete(stranger, _host.OpenTask(id), null, "同意")).Kind);
    }

    [Fact]
    public void Deliver_And_Rate_EndTheCase()
    {
        var id = _host.Accepted();
        _host.Commands.Complete(Approver, _host.OpenTask(id), null, "同意");
        _host.Clock.Advance(TimeSpan.FromDays(1));

        var delivered = _host.Commands.Deliver(Clerk, id);
        var rated = _host.Commands.Rate(Applicant, id, 5, "办事顺利");

        Assert.Equal(_host.Clock.GetUtcNow(), delivered.DeliveredAt);
        Assert.Equal(CaseState.Rated, rated.State);
        Assert.Equal("每个办件只能评价一次",
            Assert.Throws<CaseException>(() => _host.Commands.Rate(Applicant, id, 4, null)).Message);
    }

    [Fact]
    public void Deliver_BeforeTheDecision_IsAStateConflict()
    {
        var id = _host.Accepted();

        Assert.Equal("只有已办结的办件可以出件",
            Assert.Throws<CaseException>(() => _host.Commands.Deliver(Clerk, id)).Message);
    }

    [Fact]
    public void Rate_OutOfRange_IsAValidationError()
    {
        var id = _host.Accepted();
        _host.Commands.Complete(Approver, _host.OpenTask(id), null, "同意");
        _host.Commands.Deliver(Clerk, id);

        var refused = Assert.Throws<CaseValidationException>(() => _host.Commands.Rate(Applicant, id, 6, null));

        Assert.Contains("rating", refused.Errors.Keys);
    }

    [Fact]
    public void Commands_OnAnothersCase_AreRefused()
    {
        var id = _host.Commands.CreateDraft(Applicant, ProcessId, Person, null).Id;

        Assert.Throws<CaseException>(() => _host.Commands.Submit(Other, id));
    }
}
