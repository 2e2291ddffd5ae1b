using System.Net;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Authorization;

/// <summary>What each reader sees of a case: identity numbers whole or masked, internal opinions or not.</summary>
public sealed class CaseReadingTests : IDisposable
{
    private const string Masked = "3101**********123X";

    private readonly AuthorizationApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task CaseDetail_EachReader_SeesIdentityNumberWholeOrMasked()
    {
        using var applicant = await _app.SignInAsync("applicant");
        using var clerk = await _app.SignInAsync("clerk");
        using var approver = await _app.SignInAsync("approver");
        using var auditor = await _app.SignInAsync("auditor");
        var id = await Submit(applicant);
        await Post(clerk, $"/api/cases/{id}/accept");

        foreach (var (client, whole) in new[] { (applicant, true), (clerk, true), (approver, true), (auditor, false) })
        {
            var detail = await Get(client, $"/api/cases/{id}");
            Assert.Equal(whole ? PersonId() : Masked, detail.GetProperty("applicantIdNumber").GetString());
            Assert.Equal(Masked, detail.GetProperty("summary").GetProperty("applicantIdNumber").GetString());
        }

        var mine = await Get(applicant, "/api/cases/mine");
        Assert.All(mine.GetProperty("items").EnumerateArray(), c => Assert.Equal(Masked, c.GetProperty("applicantIdNumber").GetString()));
        var other = await Submit(applicant);
        var intake = await Get(clerk, "/api/cases/intake");
        Assert.Equal(Masked, intake.GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == other).GetProperty("applicantIdNumber").GetString());
    }

    [Fact]
    public async Task CaseDetail_EnterpriseApplicant_CreditCodeWholeForEveryReader()
    {
        const string Code = "91310104MA1K2P3W7E";
        using var applicant = await _app.SignInAsync("applicant");
        using var clerk = await _app.SignInAsync("clerk");
        using var auditor = await _app.SignInAsync("auditor");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "enterprise", name = "上海一件事科技有限公司", idNumber = Code },
            formData = ApplyForm(),
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        await Post(applicant, $"/api/cases/{id}/submit");

        foreach (var client in new[] { applicant, clerk, auditor })
        {
            var detail = await Get(client, $"/api/cases/{id}");
            Assert.Equal(Code, detail.GetProperty("applicantIdNumber").GetString());
            Assert.Equal(Code, detail.GetProperty("summary").GetProperty("applicantIdNumber").GetString());
        }

        var intake = await Get(clerk, "/api/cases/intake");
        Assert.Equal(Code, intake.GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == id).GetProperty("applicantIdNumber").GetString());
    }

    [Fact]
    public async Task CaseHistory_Applicant_DoesNotSeeInternalOpinions()
    {
        const string Internal = "内部意见：核名存疑，请科长把关";
        using var applicant = await _app.SignInAsync("applicant");
        using var clerk = await _app.SignInAsync("clerk");
        using var approver = await _app.SignInAsync("approver");
        using var auditor = await _app.SignInAsync("auditor");
        var id = await Submit(applicant);
        await Post(clerk, $"/api/cases/{id}/accept");
        var task = (await OpenTasks(approver, id))["NameDeclaration"];
        await Post(approver, $"/api/tasks/{task}/opinions", new { text = Internal }, HttpStatusCode.Created);
        await Post(approver, $"/api/tasks/{task}/transfer", new { toUser = "approver", reason = Internal });

        Assert.DoesNotContain(Internal, (await Get(applicant, $"/api/cases/{id}")).ToString(), StringComparison.Ordinal);
        var history = await Get(applicant, $"/api/cases/{id}/history");
        Assert.DoesNotContain(Internal, history.ToString(), StringComparison.Ordinal);
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("command").GetString() == "task.opinion");
        foreach (var staff in new[] { approver, clerk, auditor })
        {
            Assert.Contains(Internal, (await Get(staff, $"/api/cases/{id}/history")).ToString(), StringComparison.Ordinal);
        }
    }
}
