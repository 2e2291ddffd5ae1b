using OneThing.Cases.Casework;
using OneThing.Cases.Tests.TestSupport;
using static OneThing.Cases.Tests.TestSupport.CaseHost;

namespace OneThing.Cases.Tests.Intake;

/// <summary><see cref="IntakeCommands"/> on SQLite with a fake clock: each command's happy path and a refusal.
/// </summary>
public sealed class IntakeCommandsTests : IDisposable
{
    private readonly CaseHost _host = new();

    public void Dispose() => _host.Dispose();

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
            _host.Intake.Accept(Clerk, new AcceptCase(_host.Draft()))).Kind);

    [Fact]
    public void Accept_Twice_IsAStateConflict()
    {
        var id = _host.Accepted();

        Assert.Equal("只有已提交、待受理的办件可以受理、不予受理或要求补正",
            Assert.Throws<CaseException>(() => _host.Intake.Accept(Clerk, new AcceptCase(id))).Message);
    }

    [Fact]
    public void Refuse_And_RequestCorrection_MoveTheCaseOutOfTheQueue()
    {
        var refused = _host.Submitted();
        var corrected = _host.Submitted();

        Assert.Equal(CaseState.NotAccepted, _host.Intake.Refuse(Clerk, new RefuseIntake(refused, "材料不全")).State);
        Assert.Equal(CaseState.Correction, _host.Intake.RequestCorrection(Clerk,
            new RequestIntakeCorrection(corrected, [new CorrectionItem("营业执照", "请上传清晰扫描件")])).State);
        Assert.Equal(CaseState.Submitted, _host.Applications.Submit(Applicant, new SubmitCase(corrected)).State);
    }

    [Fact]
    public void Refuse_ByAnApplicant_IsForbidden() =>
        Assert.Equal(CaseErrorKind.Forbidden, Assert.Throws<CaseException>(() =>
            _host.Intake.Refuse(Applicant, new RefuseIntake(_host.Submitted(), "否"))).Kind);

    [Fact]
    public void RequestCorrection_WithNoItems_IsAValidationError() =>
        Assert.Contains("items", Assert.Throws<CaseValidationException>(() =>
            _host.Intake.RequestCorrection(Clerk, new RequestIntakeCorrection(_host.Submitted(), []))).Errors.Keys);

    [Fact]
    public void Deliver_Decided_IsDeliveredAtTheClocksTime()
    {
        var id = _host.Decided();
        _host.Clock.Advance(TimeSpan.FromDays(1));

        var delivered = _host.Intake.Deliver(Clerk, new DeliverCase(id));

        Assert.Equal(CaseState.Delivered, delivered.State);
        Assert.Equal(_host.Clock.GetUtcNow(), delivered.DeliveredAt);
    }

    [Fact]
    public void Deliver_BeforeTheDecision_IsAStateConflict()
    {
        var id = _host.Accepted();

        Assert.Equal("只有已办结的办件可以出件",
            Assert.Throws<CaseException>(() => _host.Intake.Deliver(Clerk, new DeliverCase(id))).Message);
    }
}
