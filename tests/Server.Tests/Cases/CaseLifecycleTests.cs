using System.Net;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

public sealed class CaseLifecycleTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task QiyeKaiban_FromApplicationToRating_WalksEveryState()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        using var clerk = await _factory.SignInAsync("clerk");
        using var approver = await _factory.SignInAsync("approver");
        using var tax = await _factory.SignInAsync("approver-tax");
        var id = await Submit(applicant);

        var intake = await Get(clerk, "/api/cases/intake");
        Assert.Contains(intake.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        var accepted = await Post(clerk, $"/api/cases/{id}/accept");
        Assert.Equal("accepted", accepted.GetProperty("summary").GetProperty("state").GetString());

        var todo = await Get(approver, "/api/tasks?view=todo");
        var name = todo.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("caseId").GetString() == id);
        Assert.Equal("NameDeclaration", name.GetProperty("nodeId").GetString());
        var taskId = name.GetProperty("id").GetString();
        await Post(approver, $"/api/tasks/{taskId}/complete", new { formData = new { approvedName = "上海一件事科技有限公司" }, opinion = "名称可用" });

        var tasks = await OpenTasks(approver, id);
        var registration = Assert.Single(tasks);
        var refused = await Post(approver, $"/api/tasks/{registration.Value}/complete",
            new { formData = new { creditCode = "not-a-code", registeredOn = "2026-13-01" } }, HttpStatusCode.BadRequest);
        Assert.Equal(["creditCode", "registeredOn"], refused.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        await Post(approver, $"/api/tasks/{registration.Value}/complete",
            new { formData = new { creditCode = "91310104MA1FL1234X", registeredOn = "2026-11-27" } });
        Assert.Equal(["Seal", "SocialInsurance", "TaxRegistration"], (await OpenTasks(approver, id)).Keys.Order());
        _ = tax;
    }
}
