using System.Net;
using System.Text.Json;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>加签/减签, 退回, 撤回 and 不予许可: operations that change where the process stands.</summary>
public sealed class TaskFlowTests
{
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task AddSigner_BeforeAndAfter_HoldOwnerThenProcessUntilSigned(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var tax = await factory.SignInAsync("approver-tax");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(approver, id))["NameDeclaration"];

        // 前加签: the owner may not complete before the co-signer signed.
        var before = await Post(approver, $"/api/tasks/{name}/signers", new { signer = "approver-tax" }, HttpStatusCode.Created);
        var beforeId = before.GetProperty("id").GetString()!;
        Assert.Equal("coSign", before.GetProperty("kind").GetString());
        var detail = await Get(approver, $"/api/cases/{id}");
        Assert.Equal(detail.GetProperty("summary").GetProperty("number").GetString(), before.GetProperty("caseNumber").GetString());
        Assert.Equal(detail.GetProperty("summary").GetProperty("processName").GetString(),
            before.GetProperty("processName").GetString());
        Assert.NotNull(before.GetProperty("caseNumber").GetString());
        Assert.NotNull(before.GetProperty("processName").GetString());
        Assert.Contains(beforeId, await Queue(tax));
        Assert.Equal("COSIGN_PENDING", await Refused(approver, $"/api/tasks/{name}/complete", NameForm, HttpStatusCode.Conflict));
        await Post(tax, $"/api/tasks/{beforeId}/complete", new { opinion = "无异议" });
        Assert.Equal("completed", TaskIn(await Tasks(approver, id), beforeId).GetProperty("state").GetString());
        await Post(approver, $"/api/tasks/{name}/complete", NameForm);
        var registration = (await OpenTasks(approver, id))["Registration"];

        // 后加签: the owner completes, the process waits for the co-signer.
        var after = await Post(approver, $"/api/tasks/{registration}/signers", new { signer = "approver-tax", after = true }, HttpStatusCode.Created);
        var afterId = after.GetProperty("id").GetString()!;
        Assert.Equal("suspended", after.GetProperty("state").GetString());
        Assert.DoesNotContain(afterId, await Queue(tax));
        var waiting = await Post(approver, $"/api/tasks/{registration}/complete", RegistrationForm);
        Assert.Equal("suspended", TaskIn(waiting.GetProperty("tasks").EnumerateArray().ToList(), registration).GetProperty("state").GetString());
        Assert.Empty(await OpenTasks(approver, id));
        Assert.Contains(afterId, await Queue(tax));
        await Post(tax, $"/api/tasks/{afterId}/complete");
        var moved = await Tasks(approver, id);
        Assert.Equal("completed", TaskIn(moved, registration).GetProperty("state").GetString());
        Assert.Equal(["Seal", "SocialInsurance", "TaxRegistration"], (await OpenTasks(approver, id)).Keys.Order());
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task RemoveSigner_PendingCoSigner_LetsOwnerComplete(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var tax = await factory.SignInAsync("approver-tax");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(approver, id))["NameDeclaration"];
        var signer = (await Post(approver, $"/api/tasks/{name}/signers", new { signer = "approver-tax" }, HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

        await Post(tax, $"/api/tasks/{signer}/remove-signer", null, HttpStatusCode.Forbidden);
        var removed = await Post(approver, $"/api/tasks/{signer}/remove-signer");
        var coSign = TaskIn(removed.GetProperty("tasks").EnumerateArray().ToList(), signer);
        Assert.Equal(("cancelled", "removed"), (coSign.GetProperty("state").GetString(), coSign.GetProperty("outcome").GetString()));
        Assert.DoesNotContain(signer, await Queue(tax));
        await Post(tax, $"/api/tasks/{signer}/complete", null, HttpStatusCode.Conflict);
        await Post(approver, $"/api/tasks/{name}/complete", NameForm);
        Assert.Equal(["Registration"], (await OpenTasks(approver, id)).Keys);
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Return_ToVisitedStep_ReopensItAndCancelsCurrent(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        var id = await Accepted(applicant, clerk);
        var firstName = (await OpenTasks(approver, id))["NameDeclaration"];
        var registration = await PastName(approver, id);

        Assert.Equal("MOVE_TARGET_INVALID", await Refused(approver, $"/api/tasks/{registration}/return",
            new { toNodeId = "Delivery", reason = "试试" }, HttpStatusCode.Conflict));
        Assert.Equal("MOVE_TARGET_INVALID", await Refused(approver, $"/api/tasks/{registration}/return",
            new { toNodeId = "NoSuchStep", reason = "试试" }, HttpStatusCode.Conflict));
        await Post(approver, $"/api/tasks/{registration}/return", new { toNodeId = "NameDeclaration", reason = "" }, HttpStatusCode.BadRequest);
        Assert.Equal(["Registration"], (await OpenTasks(approver, id)).Keys);

        await Post(approver, $"/api/tasks/{registration}/return", new { toNodeId = "NameDeclaration", reason = "名称含行业禁用词" });
        var tasks = await Tasks(approver, id);
        Assert.Equal(("cancelled", "returned"), (TaskIn(tasks, registration).GetProperty("state").GetString(),
            TaskIn(tasks, registration).GetProperty("outcome").GetString()));
        var again = (await OpenTasks(approver, id))["NameDeclaration"];
        Assert.NotEqual(firstName, again);
        Assert.Contains(again, await Queue(approver));
        Assert.Contains((await Get(approver, $"/api/cases/{id}")).GetProperty("comments").EnumerateArray(),
            c => c.GetProperty("text").GetString() == "退回：名称含行业禁用词" && c.GetProperty("kind").GetString() == "opinion");
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task TakeBack_NextStepUntouchedThenClaimed_WorksThenTooLate(string provider)
    {
        using var factory = new OneThingFactory(provider);
        factory.AddAccount("approver-2", "approver", "市场监管局");
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var second = await factory.SignInAsync("approver-2");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(approver, id))["NameDeclaration"];
        var registration = await PastName(approver, id);

        await Post(second, $"/api/tasks/{name}/take-back", null, HttpStatusCode.Forbidden);
        await Post(approver, $"/api/tasks/{name}/take-back");
        var tasks = await Tasks(approver, id);
        Assert.Equal("cancelled", TaskIn(tasks, registration).GetProperty("state").GetString());
        var reopened = (await OpenTasks(approver, id))["NameDeclaration"];
        Assert.NotEqual(name, reopened);

        await Post(approver, $"/api/tasks/{reopened}/complete", NameForm);
        var next = (await OpenTasks(approver, id))["Registration"];
        await Post(second, $"/api/tasks/{next}/claim");
        Assert.Equal("TAKE_BACK_TOO_LATE", await Refused(approver, $"/api/tasks/{reopened}/take-back", null, HttpStatusCode.Conflict));
        Assert.Equal(["Registration"], (await OpenTasks(approver, id)).Keys);
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Refuse_DuringParallelSteps_DecidesRefusedAndCancelsOpenTasks(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var tax = await factory.SignInAsync("approver-tax");
        var id = await Accepted(applicant, clerk);
        await Post(approver, $"/api/tasks/{await PastName(approver, id)}/complete", RegistrationForm);
        var taxTask = (await OpenTasks(approver, id))["TaxRegistration"];

        await Post(tax, $"/api/tasks/{taxTask}/refuse", new { reason = "" }, HttpStatusCode.BadRequest);
        var refused = await Post(tax, $"/api/tasks/{taxTask}/refuse", new { reason = "存在欠税记录" });
        Assert.Equal("decided", refused.GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal("refused", refused.GetProperty("summary").GetProperty("outcome").GetString());
        var steps = refused.GetProperty("tasks").EnumerateArray().ToList();
        Assert.DoesNotContain(steps, t => t.GetProperty("state").GetString() is "open" or "suspended");
        Assert.Equal(["Seal", "SocialInsurance", "TaxRegistration"], steps.Where(t => t.GetProperty("state").GetString() == "cancelled")
            .Select(t => t.GetProperty("nodeId").GetString()).Order());
        Assert.Empty(await Queue(tax));
        var seen = await Get(applicant, $"/api/cases/{id}");
        Assert.Equal("存在欠税记录", seen.GetProperty("reason").GetString());
        Assert.Equal("rated", (await Post(applicant, $"/api/cases/{id}/rating", new { rating = 2 })).GetProperty("summary").GetProperty("state").GetString());
    }

    private static JsonElement TaskIn(List<JsonElement> tasks, string taskId) =>
        tasks.Single(t => t.GetProperty("id").GetString() == taskId);
}
