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

    [Fact]
    public async Task Key_OnTheSamePathWithAnotherBody_Is422_AndTheSecondIsNotStored()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var id = await Submit(applicant);
        using var first = await Send(applicant, $"/api/cases/{id}/comments", new { text = "第一条" }, "same-key");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var other = await Send(applicant, $"/api/cases/{id}/comments", new { text = "另一条" }, "same-key");

        var problem = await Ok(other, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", problem.GetProperty("code").GetString());
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        var texts = (await Get(applicant, $"/api/cases/{id}")).GetProperty("comments").EnumerateArray()
            .Select(c => c.GetProperty("text").GetString()).ToList();
        Assert.Equal(["第一条"], texts);
    }

    [Fact]
    public async Task Upload_RepeatedWithSameKeyAndANewBoundary_IsReplayed()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = ApplyForm(),
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString();

        async Task<HttpResponseMessage> Upload()
        {
            var file = new ByteArrayContent("%PDF-1.7 章程"u8.ToArray());
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/cases/{id}/materials", UriKind.Relative))
            {
                // A fresh content each time: a fresh random boundary, as a browser's retry has.
                Content = new MultipartFormDataContent { { new StringContent("公司章程"), "code" }, { file, "file", "a.pdf" } },
            };
            request.Headers.Add("Idempotency-Key", "upload-1");
            return await applicant.SendAsync(request);
        }

        using var first = await Upload();
        using var repeat = await Upload();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single((await Get(applicant, $"/api/cases/{id}")).GetProperty("materials").EnumerateArray());
    }
}
