using System.Net;
using System.Net.Http.Json;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Api;

/// <summary>Writes are rate-limited per user and per address; drafts and 催办 more strictly (issue 9, defect 8).</summary>
public sealed class RateLimitTests
{
    private static object Draft => new
    {
        processId = "qiye-kaiban",
        applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
        formData = ApplyForm(),
    };

    private static async Task AssertTooManyRequests(HttpResponseMessage response)
    {
        var problem = await Ok(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("TOO_MANY_REQUESTS", problem.GetProperty("code").GetString());
        Assert.Equal("请求过于频繁", problem.GetProperty("title").GetString());
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        Assert.Contains($"{retryAfter} 秒后重试", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDraft_TwoHundredInARow_StopsAtTheDraftLimitWith429AndRetryAfter()
    {
        using var factory = new OneThingFactory();
        using var applicant = await factory.SignInAsync("applicant");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 200; i++)
        {
            var response = await applicant.PostAsJsonAsync(new Uri("/api/cases", UriKind.Relative), Draft);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
                if (!ReferenceEquals(refused, response))
                {
                    response.Dispose();
                }
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(170, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        await AssertTooManyRequests(refused!);
        refused!.Dispose();
        var mine = await Get(applicant, "/api/cases/mine?pageSize=100");
        Assert.Equal(30, mine.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Writes_OverThePerUserLimit_Are429_ForThatUserOnly()
    {
        using var factory = new OneThingFactory(settings: new Dictionary<string, string>
        {
            ["OneThing:RateLimits:WritesPerUser:Permits"] = "5",
            ["OneThing:RateLimits:WritesPerUser:Period"] = "01:00:00",
        });
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        var id = await Submit(applicant);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await applicant.PostAsJsonAsync(new Uri($"/api/cases/{id}/comments", UriKind.Relative),
                new { text = $"第 {i} 条" });
            statuses.Add(response.StatusCode);
        }

        // Submit took two writes (create, submit), so the comments hit the limit of five after three.
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        using (var refused = await applicant.PostAsJsonAsync(new Uri($"/api/cases/{id}/comments", UriKind.Relative), new { text = "x" }))
        {
            await AssertTooManyRequests(refused);
        }

        // Reads go on, and another user's writes are not affected.
        Assert.Equal("submitted", await State(applicant, id));
        await Post(clerk, $"/api/cases/{id}/accept");
    }

    [Fact]
    public async Task Writes_OverThePerAddressLimit_Are429_AndAForgedForwardedForDoesNotEscape()
    {
        using var factory = new OneThingFactory(settings: new Dictionary<string, string>
        {
            ["OneThing:RateLimits:WritesPerAddress:Permits"] = "3",
            ["OneThing:RateLimits:WritesPerAddress:Period"] = "01:00:00",
        });
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/login", UriKind.Relative))
            {
                Content = JsonContent.Create(new LoginRequest("nobody", "x")),
            };
            request.Headers.Add(PeerAddress.Header, "198.51.100.20");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Urge_AHundredTimes_PutsOneNoticeInTheInbox()
    {
        using var factory = new OneThingFactory();
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        var id = await Accepted(applicant, clerk);
        var task = (await OpenTasks(applicant, id))["NameDeclaration"];
        var before = (await Get(approver, "/api/notifications?pageSize=100")).GetProperty("total").GetInt32();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await applicant.PostAsJsonAsync(new Uri($"/api/tasks/{task}/urge", UriKind.Relative),
                new { message = "急" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(70, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var inbox = await Get(approver, "/api/notifications?pageSize=100");
        Assert.Equal(before + 1, inbox.GetProperty("total").GetInt32());
        Assert.Single(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "task.urged");
        var urged = (await Tasks(applicant, id)).Single(t => t.GetProperty("id").GetString() == task);
        Assert.Equal(1, urged.GetProperty("urgeCount").GetInt32());
    }
}
