using System.Net;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>催办, 抄送 and 审批意见.</summary>
public sealed class TaskNoticeTests
{
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task UrgeCopyOpinion_ByApplicantAndStaff_AreRecordedAndScoped(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var tax = await factory.SignInAsync("approver-tax");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(applicant, id))["NameDeclaration"];

        // 催办 by the applicant, twice: the repeat within the urge interval changes nothing.
        await Post(applicant, $"/api/tasks/{name}/urge", new { message = "急需营业执照" });
        var urged = await Post(applicant, $"/api/tasks/{name}/urge", new { message = (string?)null });
        Assert.Equal(1, urged.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == name)
            .GetProperty("urgeCount").GetInt32());
        var todo = await Get(approver, "/api/tasks?view=todo");
        Assert.Equal(1, todo.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetString() == name)
            .GetProperty("urgeCount").GetInt32());

        // 抄送: the recipient finds it under 抄送我的 and may read the case, which it could not before.
        using (var hidden = await tax.GetAsync(new Uri($"/api/cases/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        await Post(approver, $"/api/tasks/{name}/copy", new { recipients = new[] { "applicant" } }, HttpStatusCode.BadRequest);
        Assert.Empty(await Queue(tax, "view=copied"));
        await Post(approver, $"/api/tasks/{name}/copy", new { recipients = new[] { "approver-tax" } });
        Assert.Equal([name], await Queue(tax, "view=copied"));
        Assert.Empty(await Queue(approver, "view=copied"));
        Assert.Equal(id, (await Get(tax, $"/api/cases/{id}")).GetProperty("summary").GetProperty("id").GetString());
        await Post(tax, $"/api/tasks/{name}/complete", NameForm, HttpStatusCode.Forbidden);

        // 审批意见 are for staff; the applicant reads public comments only.
        var opinion = await Post(approver, $"/api/tasks/{name}/opinions", new { text = "建议核实股东身份" }, HttpStatusCode.Created);
        Assert.Equal("opinion", opinion.GetProperty("kind").GetString());
        await Post(applicant, $"/api/tasks/{name}/opinions", new { text = "我也提意见" }, HttpStatusCode.Forbidden);
        await Post(applicant, $"/api/cases/{id}/comments", new { text = "请问何时出照？" }, HttpStatusCode.Created);
        await Post(approver, $"/api/tasks/{name}/complete", new { formData = new { approvedName = "上海一件事科技有限公司" }, opinion = "同意" });

        var staffView = (await Get(approver, $"/api/cases/{id}")).GetProperty("comments").EnumerateArray()
            .Select(c => c.GetProperty("text").GetString()).ToList();
        Assert.Equal(3, staffView.Count);
        Assert.Equal(new HashSet<string?> { "请问何时出照？", "同意", "建议核实股东身份" }, staffView.ToHashSet());
        var clerkView = (await Get(clerk, $"/api/cases/{id}")).GetProperty("comments").GetArrayLength();
        Assert.Equal(3, clerkView);
        var applicantView = (await Get(applicant, $"/api/cases/{id}")).GetProperty("comments").EnumerateArray()
            .Select(c => c.GetProperty("text").GetString());
        Assert.Equal(["请问何时出照？"], applicantView);

        var commands = (await Get(approver, $"/api/cases/{id}/history")).EnumerateArray()
            .Select(e => e.GetProperty("command").GetString()).ToList();
        Assert.Equal(["create", "submit", "accept", "task.urge", "task.copy", "task.opinion", "comment",
            "task.complete"], commands);
    }
}
