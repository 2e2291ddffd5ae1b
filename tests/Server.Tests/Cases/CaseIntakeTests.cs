using System.Net;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

public sealed class CaseIntakeTests
{
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Intake_RefuseCorrectWithdraw_MovesCaseAndQueue(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");

        // 不予受理 needs a reason, which the applicant reads.
        var refusedId = await Submit(applicant);
        await Post(clerk, $"/api/cases/{refusedId}/refuse", new { reason = "" }, HttpStatusCode.BadRequest);
        Assert.Equal("submitted", await State(clerk, refusedId));
        var refused = await Post(clerk, $"/api/cases/{refusedId}/refuse", new { reason = "不属于本区管辖" });
        Assert.Equal("notAccepted", refused.GetProperty("summary").GetProperty("state").GetString());
        var seen = await Get(applicant, $"/api/cases/{refusedId}");
        Assert.Equal("不属于本区管辖", seen.GetProperty("reason").GetString());
        Assert.Contains(seen.GetProperty("comments").EnumerateArray(),
            c => c.GetProperty("text").GetString() == "不予受理：不属于本区管辖");
        Assert.DoesNotContain(refusedId, await IntakeIds(clerk));

        // 一次性告知补正: the applicant changes the application and resubmits; it is back in the intake queue.
        var correctedId = await Submit(applicant);
        var number = (await Get(applicant, $"/api/cases/{correctedId}")).GetProperty("summary").GetProperty("number").GetString();
        await Post(clerk, $"/api/cases/{correctedId}/correction", new { items = Array.Empty<object>() }, HttpStatusCode.BadRequest);
        var correction = await Post(clerk, $"/api/cases/{correctedId}/correction", new
        {
            items = new[] { new { item = "注册资本", requirement = "请填写实缴注册资本" }, new { item = "住所", requirement = "请写明门牌号" } },
        });
        Assert.Equal("correction", correction.GetProperty("summary").GetProperty("state").GetString());
        Assert.DoesNotContain(correctedId, await IntakeIds(clerk));
        var told = await Get(applicant, $"/api/cases/{correctedId}");
        Assert.Equal(["注册资本", "住所"], told.GetProperty("correction").EnumerateArray().Select(i => i.GetProperty("item").GetString()));
        await Post(clerk, $"/api/cases/{correctedId}/accept", null, HttpStatusCode.Conflict);

        var updated = await Put(applicant, $"/api/cases/{correctedId}", new
        {
            formData = new { companyName = "上海一件事科技有限公司", address = "上海市徐汇区漕溪北路 1 号 101 室", registeredCapital = 200, needsBankAccount = false },
        });
        Assert.Equal(200, updated.GetProperty("formData").GetProperty("registeredCapital").GetInt32());
        var resubmitted = await Post(applicant, $"/api/cases/{correctedId}/submit");
        Assert.Equal("submitted", resubmitted.GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal(number, resubmitted.GetProperty("summary").GetProperty("number").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, resubmitted.GetProperty("correction").ValueKind);
        Assert.Contains(correctedId, await IntakeIds(clerk));
        await Put(applicant, $"/api/cases/{correctedId}", new { formData = ApplyForm() }, HttpStatusCode.Conflict);

        // 撤回 before acceptance works; after acceptance it is refused and nothing changes.
        var withdrawnId = await Submit(applicant);
        var withdrawn = await Post(applicant, $"/api/cases/{withdrawnId}/withdraw", new { reason = "信息填错" });
        Assert.Equal("withdrawn", withdrawn.GetProperty("summary").GetProperty("state").GetString());
        Assert.DoesNotContain(withdrawnId, await IntakeIds(clerk));
        await Post(clerk, $"/api/cases/{correctedId}/accept");
        await Post(applicant, $"/api/cases/{correctedId}/withdraw", new { reason = "不办了" }, HttpStatusCode.Conflict);
        Assert.Equal("accepted", await State(applicant, correctedId));

        var history = (await Get(applicant, $"/api/cases/{correctedId}/history")).EnumerateArray()
            .Select(e => e.GetProperty("command").GetString());
        Assert.Equal(["create", "submit", "correction", "update", "submit", "accept"], history);
    }

    private static async Task<List<string?>> IntakeIds(HttpClient clerk) =>
        (await Get(clerk, "/api/cases/intake?pageSize=100")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()).ToList();
}
