using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Json;
using OneThing.Server.Accounts;
using OneThing.Server.Persistence;

namespace OneThing.Server.Tests.TestSupport;

/// <summary>The real host on an embedded SQLite database in a data directory of its own.</summary>
public sealed class OneThingFactory : WebApplicationFactory<Program>
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), $"onething-server-{Guid.NewGuid():N}");

    /// <summary>A client signed in as a demo account, sending the anti-forgery token like the web UI does.</summary>
    public async Task<HttpClient> SignInAsync(string userName)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var login = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative),
            new LoginRequest(userName, DemoData.DemoPassword));
        login.EnsureSuccessStatusCode();
        var token = await client.GetFromJsonAsync<AntiforgeryToken>(new Uri("/api/auth/antiforgery", UriKind.Relative));
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting(DatabaseExtensions.DataDirKey, DataDir);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
