using System.Net;
using System.Net.Http.Json;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Api;

public sealed class IdempotencyTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static async Task<HttpResponseMessage> Send(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Comment_RepeatedWithSameKey_AnsweredAgainAndStoredOnce()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var id = await Submit(applicant);

        using var first = await Send(applicant, $"/api/cases/{id}/comments", new { text = "请问进度？" }, "c-1");
        using var repeat = await Send(applicant, $"/api/cases/{id}/comments", new { text = "请问进度？" }, "c-1");
        var original = await Ok(first, HttpStatusCode.Created);
        var replayed = await Ok(repeat, HttpStatusCode.Created);

        Assert.Equal(original.GetProperty("id").GetString(), replayed.GetProperty("id").GetString());
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        var comments = (await Get(applicant, $"/api/cases/{id}")).GetProperty("comments");
        Assert.Single(comments.EnumerateArray(), c => c.GetProperty("text").GetString() == "请问进度？");
    }

    [Fact]
    public async Task Key_OnAnotherRequest_Is422_AndARefusedRequestKeepsNoAnswer()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var id = await Submit(applicant);
        using var commented = await Send(applicant, $"/api/cases/{id}/comments", new { text = "第一条" }, "k");
        Assert.Equal(HttpStatusCode.Created, commented.StatusCode);

        using var reused = await Send(applicant, "/api/cases", new { processId = "qiye-kaiban" }, "k");
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", (await Ok(reused, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());

        using var refused = await Send(applicant, $"/api/cases/{id}/comments", new { text = "" }, "k2");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var retried = await Send(applicant, $"/api/cases/{id}/comments", new { text = "第二条" }, "k2");
        Assert.Equal("第二条", (await Ok(retried, HttpStatusCode.Created)).GetProperty("text").GetString());
    }
}
