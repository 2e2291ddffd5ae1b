using System.Net;
using System.Text.Json;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>签收/退还, 办理 with invalid data, 一次性告知补正 from a step, 转办 and 委派.</summary>
public sealed class TaskAssignmentTests
{
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Claim_SecondApproverOfDepartment_IsRefusedUntilReleased(string provider)
    {
        using var factory = new OneThingFactory(provider);
        factory.AddAccount("approver-2", "approver", "市场监管局");
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var second = await factory.SignInAsync("approver-2");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(approver, id))["NameDeclaration"];
        Assert.Contains(name, await Queue(second));

        var claimed = await Post(approver, $"/api/tasks/{name}/claim");
        Assert.Equal("approver", Task(claimed, name).GetProperty("assignee").GetString());
        Assert.Equal("TASK_CLAIMED", await Refused(second, $"/api/tasks/{name}/claim", null, HttpStatusCode.Conflict));
        await Post(second, $"/api/tasks/{name}/complete", NameForm, HttpStatusCode.Forbidden);
        Assert.DoesNotContain(name, await Queue(second));
        Assert.Contains(name, await Queue(approver));

        await Post(second, $"/api/tasks/{name}/release", null, HttpStatusCode.Forbidden);
        var released = await Post(approver, $"/api/tasks/{name}/release");
        Assert.Equal(JsonValueKind.Null, Task(released, name).GetProperty("assignee").ValueKind);
        var taken = await Post(second, $"/api/tasks/{name}/claim");
        Assert.Equal("approver-2", Task(taken, name).GetProperty("assignee").GetString());
        Assert.DoesNotContain(name, await Queue(approver));
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Complete_InvalidFormData_Returns400PerFieldAndChangesNothing(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(approver, id))["NameDeclaration"];
        var before = await Get(approver, $"/api/cases/{id}");

        var refused = await Post(approver, $"/api/tasks/{name}/complete",
            new { formData = new { approvedName = new string('名', 51) }, opinion = "同意" }, HttpStatusCode.BadRequest);
        Assert.Equal("VALIDATION_FAILED", refused.GetProperty("code").GetString());
        Assert.Equal(["approvedName"], refused.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        await Post(approver, $"/api/tasks/{name}/complete", new { formData = new { } }, HttpStatusCode.BadRequest);

        var after = await Get(approver, $"/api/cases/{id}");
        Assert.Equal(before.GetProperty("revision").GetInt64(), after.GetProperty("revision").GetInt64());
        Assert.Equal(JsonValueKind.Null, Task(after, name).GetProperty("assignee").ValueKind);
        Assert.Equal("open", Task(after, name).GetProperty("state").GetString());
        Assert.Empty(after.GetProperty("comments").EnumerateArray());
        Assert.Equal(3, (await Get(approver, $"/api/cases/{id}/history")).GetArrayLength());
    }

    [Fact]
    public async Task Complete_CreditCodeField_CheckedLikeAnEnterpriseApplicant()
    {
        using var factory = new OneThingFactory();
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        var id = await Accepted(applicant, clerk);
        var registration = await PastName(approver, id);

        // Well-formed, but its 组织机构代码 check character is wrong: the applicant's check refuses it, so does the form.
        var refused = await Post(approver, $"/api/tasks/{registration}/complete",
            new { formData = new { creditCode = "91310104MA1FL1234X", registeredOn = "2026-11-27" } }, HttpStatusCode.BadRequest);
        var error = Assert.Single(refused.GetProperty("errors").GetProperty("creditCode").EnumerateArray()).GetString();
        Assert.Equal("“统一社会信用代码”无效：组织机构代码（第 9 至 17 位）的校验位不正确", error);

        await Post(approver, $"/api/tasks/{registration}/complete",
            new { formData = new { creditCode = " 91310104ma1fl12371 ", registeredOn = "2026-11-27" } });
        var done = Task(await Get(approver, $"/api/cases/{id}"), registration);
        Assert.Equal("completed", done.GetProperty("state").GetString());
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Correction_FromStep_SuspendsStepUntilApplicantResubmits(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        var id = await Accepted(applicant, clerk);
        var registration = await PastName(approver, id);

        var corrected = await Post(approver, $"/api/tasks/{registration}/correction",
            new { items = new[] { new { item = "住所证明", requirement = "请上传租赁合同" } } });
        Assert.Equal("correction", corrected.GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal("suspended", Task(corrected, registration).GetProperty("state").GetString());
        Assert.DoesNotContain(registration, await Queue(approver));
        await Post(approver, $"/api/tasks/{registration}/complete", RegistrationForm, HttpStatusCode.Conflict);
        Assert.Equal("住所证明", (await Get(applicant, $"/api/cases/{id}")).GetProperty("correction")[0].GetProperty("item").GetString());

        await Put(applicant, $"/api/cases/{id}", new { formData = new { companyName = "上海一件事科技有限公司", address = "上海市徐汇区漕溪北路 1 号 2 楼", registeredCapital = 100 } });
        var resubmitted = await Post(applicant, $"/api/cases/{id}/submit");
        Assert.Equal("inProgress", resubmitted.GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal("open", Task(resubmitted, registration).GetProperty("state").GetString());
        Assert.Contains(registration, await Queue(approver));
        await Post(approver, $"/api/tasks/{registration}/complete", RegistrationForm);
        Assert.Equal(["Seal", "SocialInsurance", "TaxRegistration"], (await OpenTasks(approver, id)).Keys.Order());
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Transfer_ToUserThenDepartment_MovesTaskBetweenQueues(string provider)
    {
        using var factory = new OneThingFactory(provider);
        factory.AddAccount("approver-2", "approver", "市场监管局");
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var second = await factory.SignInAsync("approver-2");
        using var tax = await factory.SignInAsync("approver-tax");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(approver, id))["NameDeclaration"];

        await Post(approver, $"/api/tasks/{name}/transfer", new { toUser = "nobody" }, HttpStatusCode.BadRequest);
        await Post(approver, $"/api/tasks/{name}/transfer", new { toUser = "approver-2", toDepartment = "税务局" }, HttpStatusCode.BadRequest);
        var toUser = await Post(approver, $"/api/tasks/{name}/transfer", new { toUser = "approver-2", reason = "请假" });
        Assert.Equal("approver-2", Task(toUser, name).GetProperty("assignee").GetString());
        Assert.Contains(name, await Queue(second));
        Assert.DoesNotContain(name, await Queue(approver));

        var toDepartment = await Post(second, $"/api/tasks/{name}/transfer", new { toDepartment = "税务局" });
        Assert.Equal(["税务局"], Task(toDepartment, name).GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(JsonValueKind.Null, Task(toDepartment, name).GetProperty("assignee").ValueKind);
        Assert.Contains(name, await Queue(tax));
        Assert.DoesNotContain(name, await Queue(second));
        await Post(tax, $"/api/tasks/{name}/complete", NameForm);
        Assert.Equal(["Registration"], (await OpenTasks(approver, id)).Keys);
        var history = (await Get(approver, $"/api/cases/{id}/history")).EnumerateArray().ToList();
        Assert.Equal("task.transfer", history[3].GetProperty("command").GetString());
        Assert.Equal("转办给 approver-2：请假", history[3].GetProperty("reason").GetString());
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Transfer_ToUserOfOtherDepartment_TaskMovesToTheirDepartment(string provider)
    {
        using var factory = new OneThingFactory(provider);
        factory.AddAccount("approver-2", "approver", "市场监管局");
        factory.AddAccount("approver-tax-2", "approver", "税务局");
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var second = await factory.SignInAsync("approver-2");
        using var tax = await factory.SignInAsync("approver-tax");
        using var taxSecond = await factory.SignInAsync("approver-tax-2");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(approver, id))["NameDeclaration"];

        var moved = await Post(approver, $"/api/tasks/{name}/transfer", new { toUser = "approver-tax" });
        Assert.Equal(["税务局"], Task(moved, name).GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(["税务局"], (await Get(tax, $"/api/tasks/{name}")).GetProperty("departments").EnumerateArray()
            .Select(d => d.GetString()));

        // Given back, it waits in the new department's queue; the old department cannot take it.
        await Post(tax, $"/api/tasks/{name}/release");
        Assert.Contains(name, await Queue(taxSecond));
        Assert.DoesNotContain(name, await Queue(second));
        await Post(second, $"/api/tasks/{name}/claim", null, HttpStatusCode.NotFound);
        await Post(taxSecond, $"/api/tasks/{name}/claim");
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Delegate_DelegateCompletes_TaskReturnsToOwnerWhoCompletes(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var tax = await factory.SignInAsync("approver-tax");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(approver, id))["NameDeclaration"];

        var delegated = await Post(approver, $"/api/tasks/{name}/delegate", new { toUser = "approver-tax" });
        Assert.Equal("approver-tax", Task(delegated, name).GetProperty("assignee").GetString());
        Assert.Equal("approver", Task(delegated, name).GetProperty("delegatedBy").GetString());
        Assert.Contains(name, await Queue(tax));
        await Post(approver, $"/api/tasks/{name}/complete", NameForm, HttpStatusCode.Forbidden);

        var returned = await Post(tax, $"/api/tasks/{name}/complete", NameForm);
        Assert.Equal("open", Task(returned, name).GetProperty("state").GetString());
        Assert.Equal("approver", Task(returned, name).GetProperty("assignee").GetString());
        Assert.Equal(JsonValueKind.Null, Task(returned, name).GetProperty("delegatedBy").ValueKind);
        Assert.Equal(["NameDeclaration"], (await OpenTasks(approver, id)).Keys);
        Assert.DoesNotContain(name, await Queue(tax));

        var done = await Post(approver, $"/api/tasks/{name}/complete", new { formData = new { } });
        Assert.Equal("completed", Task(done, name).GetProperty("state").GetString());
        Assert.Equal(["Registration"], (await OpenTasks(approver, id)).Keys);
    }

    private static JsonElement Task(JsonElement detail, string taskId) =>
        detail.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == taskId);
}
