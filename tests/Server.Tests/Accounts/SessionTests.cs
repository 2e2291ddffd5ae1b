using OneThing.Cases.Persistence;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Accounts.AccountTestApi;

namespace OneThing.Server.Tests.Accounts;

/// <summary>Issue 9, defect 1: a session is checked against the database on every request, so ending it, changing
/// the account or removing it takes effect at the next request.</summary>
public sealed class SessionTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Logout_CookieReplayedAfterwards_Is401()
    {
        using var client = _factory.NewClient();
        using var login = await Login(client, "clerk", DemoData.DemoPassword);
        var cookie = CookieOf(login);
        var token = await client.GetFromJsonAsync<AntiforgeryToken>(new Uri("/api/auth/antiforgery", UriKind.Relative));
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);

        Assert.Equal(HttpStatusCode.NoContent, await Send(client, HttpMethod.Post, "/api/auth/logout"));
        using var replay = _factory.CreateClient(new() { HandleCookies = false });
        replay.DefaultRequestHeaders.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(replay));
    }

    [Fact]
    public async Task UpdateRolesAndDepartments_OpenSession_SeesThemAtTheNextRequest()
    {
        using var admin = await _factory.SignInAsync("admin");
        using var approver = await _factory.SignInAsync("approver");
        Assert.Equal(HttpStatusCode.OK, await Send(approver, HttpMethod.Get, "/api/tasks"));

        Assert.Equal(HttpStatusCode.OK, await Send(admin, HttpMethod.Put, "/api/admin/users/approver",
            new { roles = new[] { "applicant" }, departments = new[] { "税务局" } }));

        var me = await MeOf(approver);
        Assert.Equal(["applicant"], me.Roles);
        Assert.Equal(["税务局"], me.Departments);
        Assert.Equal(HttpStatusCode.Forbidden, await Send(approver, HttpMethod.Get, "/api/tasks"));
    }

    [Fact]
    public async Task PasswordReset_EndsEverySessionOfTheAccount()
    {
        using var admin = await _factory.SignInAsync("admin");
        using var first = await _factory.SignInAsync("auditor");
        using var second = await _factory.SignInAsync("auditor");

        Assert.Equal(HttpStatusCode.OK, await Send(admin, HttpMethod.Put, "/api/admin/users/auditor",
            new { password = "Ledger#Check42" }));

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(first));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(second));
        using var again = await _factory.SignInAsync("auditor", "Ledger#Check42");
        Assert.Equal(HttpStatusCode.OK, await Me(again));
    }

    [Fact]
    public async Task Lock_EndsSessionsAndRefusesSignIn_UnlockLetsItBackIn()
    {
        using var admin = await _factory.SignInAsync("admin");
        using var analyst = await _factory.SignInAsync("analyst");

        Assert.Equal(HttpStatusCode.OK, await Send(admin, HttpMethod.Put, "/api/admin/users/analyst", new { @lock = true }));

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(analyst));
        using var refused = await Login(_factory.NewClient(), "analyst", DemoData.DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Send(admin, HttpMethod.Put, "/api/admin/users/analyst", new { unlock = true }));
        using var back = await _factory.SignInAsync("analyst");
        Assert.Equal(HttpStatusCode.OK, await Me(back));
    }

    [Fact]
    public async Task AdminSignOutEverywhere_EndsTheUsersSessionsOnly()
    {
        using var admin = await _factory.SignInAsync("admin");
        using var first = await _factory.SignInAsync("clerk");
        using var second = await _factory.SignInAsync("clerk");
        using var other = await _factory.SignInAsync("approver");

        Assert.Equal(HttpStatusCode.NoContent,
            await Send(admin, HttpMethod.Post, "/api/admin/users/clerk/sign-out-everywhere"));

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(first));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(second));
        Assert.Equal(HttpStatusCode.OK, await Me(other));
        Assert.Equal(HttpStatusCode.OK, await Me(admin));
        Assert.Equal(HttpStatusCode.NotFound,
            await Send(admin, HttpMethod.Post, "/api/admin/users/nobody/sign-out-everywhere"));
    }

    [Fact]
    public async Task SelfSignOutEverywhere_EndsEveryOwnSession()
    {
        using var first = await _factory.SignInAsync("applicant");
        using var second = await _factory.SignInAsync("applicant");

        Assert.Equal(HttpStatusCode.NoContent, await Send(first, HttpMethod.Post, "/api/auth/sign-out-everywhere"));

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(first));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(second));
    }

    [Fact]
    public async Task ChangePassword_EndsOtherSessionsKeepsThisOne_AndAppliesThePolicy()
    {
        using var here = await _factory.SignInAsync("approver-tax");
        using var elsewhere = await _factory.SignInAsync("approver-tax");

        Assert.Equal(HttpStatusCode.BadRequest, await Send(here, HttpMethod.Post, "/api/auth/password",
            new { currentPassword = "wrong-password-1", newPassword = "Tax#Ledger2027" }));
        Assert.Equal(HttpStatusCode.BadRequest, await Send(here, HttpMethod.Post, "/api/auth/password",
            new { currentPassword = DemoData.DemoPassword, newPassword = "password12" }));
        Assert.Equal(HttpStatusCode.NoContent, await Send(here, HttpMethod.Post, "/api/auth/password",
            new { currentPassword = DemoData.DemoPassword, newPassword = "Tax#Ledger2027" }));

        Assert.Equal(HttpStatusCode.OK, await Me(here));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(elsewhere));
        using var old = await Login(_factory.NewClient(), "approver-tax", DemoData.DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var fresh = await _factory.SignInAsync("approver-tax", "Tax#Ledger2027");
        Assert.Equal(HttpStatusCode.OK, await Me(fresh));
    }

    [Fact]
    public async Task Cookie_AccountRemovedFromTheDatabase_Is401()
    {
        using var client = await _factory.SignInAsync("approver-bank");
        Assert.Equal(HttpStatusCode.OK, await Me(client));

        using (var db = _factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext())
        {
            await db.Accounts.Where(a => a.UserName == "approver-bank").ExecuteDeleteAsync();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(client));
    }

    [Fact]
    public async Task Cookie_FromAnotherDatabasesNode_Is401()
    {
        using var client = _factory.NewClient();
        using var login = await Login(client, "clerk", DemoData.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var otherNode = new OneThingFactory();
        using var replay = otherNode.CreateClient(new() { HandleCookies = false });
        replay.DefaultRequestHeaders.Add("Cookie", CookieOf(login));

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(replay));
    }
}
