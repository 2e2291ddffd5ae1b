using OneThing.Cases.Persistence;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Accounts;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Authorization;

/// <summary>The real host for the authorization and hostile-input tests: every caller gets a peer address of its own
/// (so the login rate limit, 10 per minute per address, counts each caller separately) and a second applicant
/// exists beside the demo accounts.</summary>
public sealed class AuthorizationApp : IDisposable
{
    /// <summary>The user name of the second applicant.</summary>
    public const string SecondApplicant = "applicant2";

    /// <summary>The matrix creates hundreds of drafts and 催办 as one applicant: limits far above that, still on.
    /// </summary>
    private readonly OneThingFactory _root = new(settings: new Dictionary<string, string>
    {
        ["OneThing:RateLimits:DraftsPerUser:Permits"] = "100000",
        ["OneThing:RateLimits:UrgesPerUser:Permits"] = "100000",
        ["OneThing:RateLimits:WritesPerUser:Permits"] = "100000",
    });
    private int _peers;

    public AuthorizationApp()
    {
        Factory = _root;
        CreateSecondApplicant();
    }

    public WebApplicationFactory<Program> Factory { get; }

    public IServiceProvider Services => Factory.Services;

    /// <summary>A client without a sign-in.</summary>
    public HttpClient Anonymous()
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Add(PeerAddress.Header, $"10.0.{Interlocked.Increment(ref _peers) / 250}.{_peers % 250 + 1}");
        return client;
    }

    /// <summary>A client signed in as the account, sending the anti-forgery token like the web UI does.</summary>
    public async Task<HttpClient> SignInAsync(string userName)
    {
        var client = Anonymous();
        using var login = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative),
            new LoginRequest(userName, DemoData.DemoPassword));
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"sign-in of {userName}: {(int)login.StatusCode}");
        var token = await client.GetFromJsonAsync<AntiforgeryToken>(new Uri("/api/auth/antiforgery", UriKind.Relative));
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        return client;
    }

    /// <summary>Runs a query on the app's database.</summary>
    public T Query<T>(Func<PlatformDbContext, T> query)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        return query(db);
    }

    public void Dispose()
    {
        Factory.Dispose();
    }

    private void CreateSecondApplicant()
    {
        var hasher = Services.GetRequiredService<IPasswordHasher<AccountRecord>>();
        var clock = Services.GetRequiredService<TimeProvider>();
        using var db = Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        var account = new AccountRecord
        {
            Id = Guid.CreateVersion7(), UserName = SecondApplicant, DisplayName = "李四（申请人）", Roles = Roles.Applicant,
            Departments = "", CreatedAt = clock.GetUtcNow(),
        };
        account.PasswordHash = hasher.HashPassword(account, DemoData.DemoPassword);
        db.Accounts.Add(account);
        db.SaveChanges();
    }
}
