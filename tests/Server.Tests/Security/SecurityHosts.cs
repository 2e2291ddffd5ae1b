using OneThing.Cases.Persistence;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Server.Accounts;

namespace OneThing.Server.Tests.Security;

/// <summary>What the key and personal-data tests share: signing in on any host, and reading stored values with
/// SQL, past the model.</summary>
internal static class SecurityHosts
{
    public const string MasterKeySetting = "OneThing:Security:MasterKey";
    public const string ProfileSetting = "OneThing:Security:CryptoProfile";

    /// <summary>A client of <paramref name="host"/> signed in as a demo account, with the anti-forgery header.</summary>
    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> host, string userName)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var login = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative),
            new LoginRequest(userName, DemoData.DemoPassword));
        login.EnsureSuccessStatusCode();
        var token = await client.GetFromJsonAsync<AntiforgeryToken>(new Uri("/api/auth/antiforgery", UriKind.Relative));
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        return client;
    }

    /// <summary>The text values one SQL query returns (its column named <c>Value</c>).</summary>
    public static List<string?> Column(WebApplicationFactory<Program> host, string sql)
    {
        using var db = host.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        return db.Database.SqlQueryRaw<string?>(sql).ToList();
    }
}
