using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

public sealed class CaseLifecycleTests
{
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task QiyeKaiban_FromApplicationToRating_WalksEveryState(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var tax = await factory.SignInAsync("approver-tax");
        using var police = await factory.SignInAsync("approver-police");
        using var hr = await factory.SignInAsync("approver-hrss");
        using var auditor = await factory.SignInAsync("auditor");
        var id = await Submit(applicant);

        var submitted = await Get(applicant, $"/api/cases/{id}");
        var number = submitted.GetProperty("summary").GetProperty("number").GetString()!;
        var submittedAt = submitted.GetProperty("summary").GetProperty("submittedAt").GetDateTimeOffset();
        var day = submittedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        Assert.Equal($"310104{day}000001", number);
        var second = await Submit(applicant);
        Assert.Matches(new Regex(@"^310104\d{8}00000[12]$"), (await Get(applicant, $"/api/cases/{second}"))
            .GetProperty("summary").GetProperty("number").GetString());
        Assert.Equal("submitted", submitted.GetProperty("summary").GetProperty("state").GetString());

        var intake = await Get(clerk, "/api/cases/intake");
        Assert.Contains(intake.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        var accepted = await Post(clerk, $"/api/cases/{id}/accept");
        Assert.Equal("accepted", accepted.GetProperty("summary").GetProperty("state").GetString());
        Assert.DoesNotContain(id, (await Get(clerk, "/api/cases/intake")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()));

        var todo = await Get(approver, "/api/tasks?view=todo");
        var name = todo.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("caseId").GetString() == id);
        Assert.Equal("NameDeclaration", name.GetProperty("nodeId").GetString());
        Assert.Equal(number, name.GetProperty("caseNumber").GetString());
        var taskId = name.GetProperty("id").GetString();
        await Post(approver, $"/api/tasks/{taskId}/complete", new { formData = new { approvedName = "上海一件事科技有限公司" }, opinion = "名称可用" });
        Assert.Equal("inProgress", await State(applicant, id));

        var tasks = await OpenTasks(approver, id);
        var registration = Assert.Single(tasks);
        var refused = await Post(approver, $"/api/tasks/{registration.Value}/complete",
            new { formData = new { creditCode = "not-a-code", registeredOn = "2026-13-01" } }, HttpStatusCode.BadRequest);
        Assert.Equal(["creditCode", "registeredOn"], refused.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        await Post(approver, $"/api/tasks/{registration.Value}/complete", RegistrationForm);
        var parallel = await OpenTasks(approver, id);
        Assert.Equal(["Seal", "SocialInsurance", "TaxRegistration"], parallel.Keys.Order());

        Assert.Contains(parallel["TaxRegistration"], await Queue(tax));
        Assert.DoesNotContain(parallel["Seal"], await Queue(tax));
        await Post(police, $"/api/tasks/{parallel["Seal"]}/complete");
        await Post(tax, $"/api/tasks/{parallel["TaxRegistration"]}/complete");
        Assert.Equal(["SocialInsurance"], (await OpenTasks(approver, id)).Keys);
        await Post(hr, $"/api/tasks/{parallel["SocialInsurance"]}/complete");

        var delivery = Assert.Single(await OpenTasks(clerk, id));
        Assert.Equal("Delivery", delivery.Key);
        Assert.Contains(delivery.Value, await Queue(clerk));
        var decided = await Post(clerk, $"/api/tasks/{delivery.Value}/complete");
        Assert.Equal("decided", decided.GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal("granted", decided.GetProperty("summary").GetProperty("outcome").GetString());
        Assert.Empty(await OpenTasks(clerk, id));

        await Refused(applicant, $"/api/cases/{id}/rating", new { rating = 5 }, HttpStatusCode.Conflict);
        var delivered = await Post(clerk, $"/api/cases/{id}/deliver");
        Assert.Equal("delivered", delivered.GetProperty("summary").GetProperty("state").GetString());
        var rated = await Post(applicant, $"/api/cases/{id}/rating", new { rating = 5, comment = "一次办成" });
        Assert.Equal("rated", rated.GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal(5, rated.GetProperty("rating").GetInt32());
        await Refused(applicant, $"/api/cases/{id}/rating", new { rating = 4 }, HttpStatusCode.Conflict);

        var history = (await Get(auditor, $"/api/cases/{id}/history")).EnumerateArray().ToList();
        Assert.Equal(["create", "submit", "accept", "task.complete", "task.complete", "task.complete", "task.complete",
            "task.complete", "task.complete", "deliver", "rate"], history.Select(e => e.GetProperty("command").GetString()));
        Assert.Equal(Enumerable.Range(0, history.Count), history.Select(e => e.GetProperty("seq").GetInt32()));
        Assert.Equal("已评价", history[^1].GetProperty("after").GetString());
        var verification = await Get(auditor, $"/api/cases/{id}/history/verify");
        Assert.True(verification.GetProperty("intact").GetBoolean());
        Assert.Equal(11, verification.GetProperty("events").GetInt32());
        using var forbidden = await approver.GetAsync(new Uri($"/api/cases/{id}/history/verify", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
