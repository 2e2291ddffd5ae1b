using System.Net;
using System.Net.Http.Json;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>Queues (待办, 已办, my cases), concurrent completions and idempotent creation.</summary>
public sealed class CaseQueueTests
{
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Queues_PagedFilteredAndOwn_ListExactlyTheRightRows(string provider)
    {
        using var factory = new OneThingFactory(provider);
        factory.AddAccount("applicant-2", "applicant", "");
        using var applicant = await factory.SignInAsync("applicant");
        using var other = await factory.SignInAsync("applicant-2");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Accepted(applicant, clerk));
        }

        var othersCase = await Submit(other);
        var pages = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await Get(approver, $"/api/tasks?view=todo&page={page}&pageSize=2");
            Assert.Equal(5, result.GetProperty("total").GetInt32());
            pages.AddRange(result.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("caseId").GetString()!));
        }

        Assert.Equal(5, pages.Count);
        Assert.Equal(ids.Order(), pages.Distinct().Order());
        Assert.Equal(await Queue(approver, "view=todo&pageSize=100"), await Queue(approver, "view=todo&pageSize=100"));
        Assert.Equal(5, (await Queue(approver, "view=todo&processId=qiye-kaiban")).Count);
        Assert.Empty(await Queue(approver, "view=todo&processId=no-such-process"));
        using (var tooBig = await approver.GetAsync(new Uri("/api/tasks?pageSize=101", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        }

        var completed = new List<string>();
        foreach (var id in ids.Take(2))
        {
            var task = (await OpenTasks(approver, id))["NameDeclaration"];
            await Post(approver, $"/api/tasks/{task}/complete", NameForm);
            completed.Add(task);
        }

        Assert.Equal(completed.AsEnumerable().Reverse(), await Queue(approver, "view=done"));
        Assert.Empty(await Queue(clerk, "view=done"));
        Assert.Equal(5, (await Queue(approver)).Count);

        var mine = (await Get(applicant, "/api/cases/mine?pageSize=100")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Order(), mine.Order());
        var theirs = (await Get(other, "/api/cases/mine")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal([othersCase], theirs);
        using var foreign = await other.GetAsync(new Uri($"/api/cases/{ids[0]}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Complete_TwoConcurrentCompletions_ExactlyOneSucceeds(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var again = await factory.SignInAsync("approver");
        for (var pair = 0; pair < 10; pair++)
        {
            var id = await Accepted(applicant, clerk);
            var task = (await OpenTasks(approver, id))["NameDeclaration"];
            var path = new Uri($"/api/tasks/{task}/complete", UriKind.Relative);
            var responses = await Task.WhenAll(approver.PostAsJsonAsync(path, NameForm), again.PostAsJsonAsync(path, NameForm));
            var statuses = responses.Select(r => r.StatusCode).Order().ToList();
            foreach (var response in responses)
            {
                response.Dispose();
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            Assert.Equal(["Registration"], (await OpenTasks(approver, id)).Keys);
            Assert.Single((await Get(approver, $"/api/cases/{id}/history")).EnumerateArray(),
                e => e.GetProperty("command").GetString() == "task.complete");
        }
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Create_SameIdempotencyKey_ReturnsSameCase(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        var first = await Create(applicant, "key-1");
        var repeated = await Create(applicant, "key-1");
        var other = await Create(applicant, "key-2");

        Assert.Equal(first, repeated);
        Assert.NotEqual(first, other);
        var mine = (await Get(applicant, "/api/cases/mine")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(new[] { first, other }.Order(), mine.Order());
        Assert.Single((await Get(applicant, $"/api/cases/{first}/history")).EnumerateArray());
    }

    private static async Task<string?> Create(HttpClient applicant, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/cases", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                processId = "qiye-kaiban",
                applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
                formData = ApplyForm(),
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await applicant.SendAsync(request);
        return (await Ok(response, HttpStatusCode.Created)).GetProperty("summary").GetProperty("id").GetString();
    }
}
