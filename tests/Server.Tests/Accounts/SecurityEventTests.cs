using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Accounts.AccountTestApi;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Accounts;

/// <summary>Issue 9, defect 4: security events go into a hash-chained audit trail of their own, which auditors and
/// administrators read, and into the log — never with a password.</summary>
public sealed class SecurityEventTests : IDisposable
{
    private const string Wrong = "Secret#Typo123";
    private const string NewPassword = "Harbour#Lamp58";

    private readonly OneThingFactory _root = new();
    private readonly CapturingLoggerProvider _log = new();
    private readonly WebApplicationFactory<Program> _factory;

    public SecurityEventTests() =>
        _factory = _root.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(_log)));

    public void Dispose()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task AccountLifecycle_EveryEventChainedReadableByAuditorsAndLogged_NoPassword()
    {
        using var anonymous = Client("192.0.2.44");
        for (var i = 0; i < 5; i++)
        {
            using var _ = await Login(anonymous, "clerk", Wrong);
        }

        using var admin = await SignIn("admin", DemoData.DemoPassword);
        await Post(admin, "/api/admin/users", new
        {
            userName = "new-clerk", displayName = "新窗口", password = "Window#Seat481", roles = new[] { "clerk" },
            departments = new[] { "综合窗口" },
        }, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, await Send(admin, HttpMethod.Put, "/api/admin/users/clerk",
            new { roles = new[] { "clerk", "approver" }, departments = new[] { "综合窗口", "税务局" }, unlock = true }));
        Assert.Equal(HttpStatusCode.OK, await Send(admin, HttpMethod.Put, "/api/admin/users/clerk",
            new { password = NewPassword, @lock = true }));
        Assert.Equal(HttpStatusCode.NoContent, await Send(admin, HttpMethod.Post, "/api/admin/users/clerk/sign-out-everywhere"));
        Assert.Equal(HttpStatusCode.NoContent, await Send(admin, HttpMethod.Post, "/api/auth/logout"));
        using var auditor = await SignIn("auditor", DemoData.DemoPassword);

        var events = (await Get(auditor, "/api/audit/security-events")).GetProperty("items").EnumerateArray().ToList();
        var commands = events.Select(e => e.GetProperty("command").GetString()).Reverse().ToList();
        Assert.Equal([
            "sign-in.failed", "sign-in.failed", "sign-in.failed", "sign-in.failed", "sign-in.failed", "lock-out",
            "sign-in", "account.created", "roles.changed", "departments.changed", "account.unlocked",
            "password.reset", "account.locked", "sign-out-everywhere", "sign-out", "sign-in",
        ], commands);
        var failed = events.Last();
        Assert.Equal("clerk", failed.GetProperty("actor").GetString());
        Assert.Contains("192.0.2.44", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var text = JsonSerializer.Serialize(events) + string.Join('\n', _log.Entries.Select(e => e.Message));
        Assert.DoesNotContain(Wrong, text, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoData.DemoPassword, text, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("lock-out", StringComparison.Ordinal));
        Assert.Contains(_log.Entries, e => e.Message.Contains("roles.changed", StringComparison.Ordinal));
        var verify = await Get(auditor, "/api/audit/verify");
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(events.Count, verify.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task SecurityEvents_Paging_AndOnlyAuditorsAndAdminsRead()
    {
        using var anonymous = Client("192.0.2.45");
        for (var i = 0; i < 3; i++)
        {
            using var _ = await Login(anonymous, "nobody-" + i, Wrong);
        }

        using var admin = await SignIn("admin", DemoData.DemoPassword);
        using var applicant = await SignIn("applicant", DemoData.DemoPassword);

        var first = await Get(admin, "/api/audit/security-events?pageSize=2");
        var page = first.GetProperty("items").EnumerateArray().ToList();
        var before = page[^1].GetProperty("seq").GetInt32();
        var cursor = first.GetProperty("nextCursor").GetString();
        var next = (await Get(admin, $"/api/audit/security-events?cursor={cursor}&pageSize=10")).GetProperty("items")
            .EnumerateArray().ToList();

        Assert.Equal(2, page.Count);
        Assert.Equal(before - 1, next[0].GetProperty("seq").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, await Send(applicant, HttpMethod.Get, "/api/audit/security-events"));
        Assert.Equal(HttpStatusCode.BadRequest, await Send(admin, HttpMethod.Get, "/api/audit/security-events?pageSize=0"));
    }

    private HttpClient Client(string address)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Add(PeerAddress.Header, address);
        return client;
    }

    private async Task<HttpClient> SignIn(string user, string password)
    {
        var client = Client("192.0.2.99");
        using var login = await Login(client, user, password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<AntiforgeryToken>(client,
            new Uri("/api/auth/antiforgery", UriKind.Relative));
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        return client;
    }
}
