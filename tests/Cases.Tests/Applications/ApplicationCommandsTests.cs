using OneThing.Cases.Casework;
using OneThing.Cases.Tests.TestSupport;
using static OneThing.Cases.Tests.TestSupport.CaseHost;

namespace OneThing.Cases.Tests.Applications;

/// <summary><see cref="ApplicationCommands"/> on SQLite with a fake clock: each command's happy path and a refusal.
/// </summary>
public sealed class ApplicationCommandsTests : IDisposable
{
    private readonly CaseHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Create_ByAnApplicant_IsADraftAtTheClocksTime()
    {
        var draft = _host.Applications.Create(Applicant, new CreateDraft(ProcessId, Person, null));

        Assert.Equal(CaseState.Draft, draft.State);
        Assert.Equal(_host.Clock.GetUtcNow(), draft.CreatedAt);
        Assert.Null(draft.Number);
    }

    [Fact]
    public void Create_ByAClerk_IsForbidden()
    {
        var refused = Assert.Throws<CaseException>(() => _host.Applications.Create(Clerk, new CreateDraft(ProcessId, Person, null)));

        Assert.Equal(CaseErrorKind.Forbidden, refused.Kind);
    }

    [Fact]
    public void Create_WithANameTooLong_IsAValidationError()
    {
        var name = new string('张', CaseLimits.MaxApplicantNameLength + 1);

        var refused = Assert.Throws<CaseValidationException>(() =>
            _host.Applications.Create(Applicant, new CreateDraft(ProcessId, Person with { Name = name }, null)));

        Assert.Equal($"申请人名称不能超过 {CaseLimits.MaxApplicantNameLength} 个字符", refused.Errors["applicant.name"].Single());
    }

    [Fact]
    public void Update_Draft_ChangesTheApplicant_AndAfterSubmissionIsRefused()
    {
        var draft = _host.Draft();
        var submitted = _host.Submitted();

        var updated = _host.Applications.Update(Applicant, new UpdateDraft(draft, Person with { Name = "李四" }, null));

        Assert.Equal("李四", updated.ApplicantName);
        Assert.Equal(CaseErrorKind.InvalidState, Assert.Throws<CaseException>(() =>
            _host.Applications.Update(Applicant, new UpdateDraft(submitted, Person, null))).Kind);
    }

    [Fact]
    public void Submit_Draft_GetsANumberAndTheClocksTime()
    {
        var id = _host.Draft();
        _host.Clock.Advance(TimeSpan.FromMinutes(5));

        var submitted = _host.Applications.Submit(Applicant, new SubmitCase(id));

        Assert.Equal(CaseState.Submitted, submitted.State);
        Assert.Equal(_host.Clock.GetUtcNow(), submitted.SubmittedAt);
        Assert.NotNull(submitted.Number);
    }

    [Fact]
    public void Submit_Twice_IsAStateConflict()
    {
        var id = _host.Submitted();

        var refused = Assert.Throws<CaseException>(() => _host.Applications.Submit(Applicant, new SubmitCase(id)));

        Assert.Equal(CaseErrorKind.InvalidState, refused.Kind);
        Assert.Equal("只有草稿或补正中的办件可以提交", refused.Message);
    }

    [Fact]
    public void Submit_AnothersCase_IsNotFound() =>
        Assert.Equal(CaseErrorKind.NotFound, Assert.Throws<CaseException>(() =>
            _host.Applications.Submit(Other, new SubmitCase(_host.Draft()))).Kind);

    [Fact]
    public void Withdraw_Submitted_IsWithdrawn_AndAfterAcceptanceRefused()
    {
        var waiting = _host.Submitted();
        var accepted = _host.Accepted();

        Assert.Equal(CaseState.Withdrawn, _host.Applications.Withdraw(Applicant, new WithdrawCase(waiting, "不办了")).State);
        Assert.Equal("办件已受理，不能撤回", Assert.Throws<CaseException>(() =>
            _host.Applications.Withdraw(Applicant, new WithdrawCase(accepted, null))).Message);
    }

    [Fact]
    public void Rate_Delivered_IsRatedOnce()
    {
        var id = _host.Decided();
        _host.Intake.Deliver(Clerk, new DeliverCase(id));

        var rated = _host.Applications.Rate(Applicant, new RateCase(id, 5, "办事顺利"));

        Assert.Equal(CaseState.Rated, rated.State);
        Assert.Equal("每个办件只能评价一次",
            Assert.Throws<CaseException>(() => _host.Applications.Rate(Applicant, new RateCase(id, 4, null))).Message);
    }

    [Fact]
    public void Rate_OutOfRange_IsAValidationError()
    {
        var id = _host.Decided();
        _host.Intake.Deliver(Clerk, new DeliverCase(id));

        var refused = Assert.Throws<CaseValidationException>(() => _host.Applications.Rate(Applicant, new RateCase(id, 6, null)));

        Assert.Contains("rating", refused.Errors.Keys);
    }

    [Fact]
    public void Comment_ByTheApplicant_IsPublic_AndTooLongIsRefused()
    {
        var id = _host.Submitted();

        var comment = _host.Applications.Comment(Applicant, new CommentOnCase(id, " 请尽快 "));

        Assert.Equal("请尽快", comment.Text);
        Assert.Equal(CaseCommentKind.Public, comment.Kind);
        var refused = Assert.Throws<CaseValidationException>(() =>
            _host.Applications.Comment(Applicant, new CommentOnCase(id, new string('字', CaseLimits.MaxTextLength + 1))));
        Assert.Equal($"内容不能超过 {CaseLimits.MaxTextLength} 个字符", refused.Errors["text"].Single());
    }
}
