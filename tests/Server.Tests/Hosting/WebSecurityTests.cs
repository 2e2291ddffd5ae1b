using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OneThing.Server.Accounts;
using OneThing.Server.Hosting;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Hosting;

/// <summary>Security headers, no-store, API documentation, forwarded headers, Secure cookies, HTTPS.</summary>
public sealed class WebSecurityTests
{
    private const string Proxy = "10.20.0.5";

    private static Dictionary<string, string> ProxySettings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string> { ["OneThing:Web:KnownProxies:0"] = Proxy };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<HttpResponseMessage> Login(HttpClient client, string? peer, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/login", UriKind.Relative))
        {
            Content = JsonContent.Create(new LoginRequest("clerk", DemoData.DemoPassword)),
        };
        if (peer is not null)
        {
            request.Headers.Add(PeerAddress.Header, peer);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }

        return await client.SendAsync(request);
    }

    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("onething.auth=", StringComparison.Ordinal));

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/nowhere")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path)
    {
        using var factory = new OneThingFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalData_IsNoStore_AnySpelling()
    {
        using var factory = new OneThingFactory();
        using var applicant = await factory.SignInAsync("applicant");
        var id = await Submit(applicant);

        foreach (var path in new[] { $"/api/cases/{id}", $"/API/cases/{id}", "/api/cases/mine", "/api/auth/me", "/api/notifications" })
        {
            using var response = await applicant.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: {response.Headers.CacheControl}");
        }
    }

    [Theory]
    [InlineData("/swagger/index.html")]
    [InlineData("/openapi/v1.json")]
    public async Task ApiDocumentation_InProduction_Is404UnlessEnabled(string path)
    {
        using var root = new OneThingFactory();
        using var production = root.WithWebHostBuilder(web => Production(web));
        using var enabled = root.WithWebHostBuilder(web => Production(web)
            .UseSetting("OneThing:Web:ApiDocumentation", "true"));

        using var off = await production.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        using var on = await enabled.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
    }

    [Fact]
    public async Task SwaggerUi_InDevelopment_LoadsUnderThePolicy()
    {
        using var factory = new OneThingFactory();
        using var client = factory.CreateClient();

        using var page = await client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        using var script = await client.GetAsync(new Uri("/swagger/index.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // script-src 'self' allows only scripts loaded from files: the page has no inline script.
        Assert.DoesNotMatch("<script>|<script [^>]*>[^<]+</script>", html);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
    }

    [Fact]
    public async Task Login_ThroughAKnownProxyOverTls_GetsASecureCookie()
    {
        using var factory = new OneThingFactory(settings: ProxySettings());
        using var client = factory.CreateClient(new() { HandleCookies = false });

        using var response = await Login(client, Proxy, "https");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("secure", AuthCookie(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_ForwardedHeadersFromAnUnknownAddress_AreIgnored()
    {
        using var factory = new OneThingFactory(settings: ProxySettings());
        using var client = factory.CreateClient(new() { HandleCookies = false });

        using var response = await Login(client, "198.51.100.9", "https");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("secure", AuthCookie(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_CookieSecureAlways_IsSecureEvenOverPlainHttp()
    {
        using var factory = new OneThingFactory(settings: ProxySettings(("OneThing:Web:CookieSecure", "Always")));
        using var client = factory.CreateClient(new() { HandleCookies = false });

        using var response = await Login(client, "198.51.100.9", null);

        Assert.Contains("secure", AuthCookie(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hsts_InProduction_OnlyOnAnswersThatArrivedOverTls()
    {
        using var root = new OneThingFactory(settings: ProxySettings());
        using var production = root.WithWebHostBuilder(web => Production(web));
        using var client = production.CreateClient();

        using var viaProxy = await Send(client, Proxy, "https");
        using var forged = await Send(client, "198.51.100.9", "https");

        Assert.StartsWith("max-age=31536000", viaProxy.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.False(forged.Headers.Contains("Strict-Transport-Security"));

        static async Task<HttpResponseMessage> Send(HttpClient client, string peer, string proto)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative));
            // Browsers are never told HSTS for localhost, so the test names a real host.
            request.Headers.Host = "banshi.example.gov.cn";
            request.Headers.Add(PeerAddress.Header, peer);
            request.Headers.Add("X-Forwarded-Proto", proto);
            return await client.SendAsync(request);
        }
    }

    [Fact]
    public async Task PlainHttp_WithAnHttpsPort_IsRedirected()
    {
        using var factory = new OneThingFactory(settings: ProxySettings(("OneThing:Web:HttpsPort", "8443")));
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost"),
        });

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://localhost:8443/healthz", response.Headers.Location?.ToString());
    }

    [Fact]
    public void DefaultPolicy_AllowsNoInlineScript()
    {
        Assert.DoesNotContain("'unsafe-inline'", WebSecurityOptions.DefaultContentSecurityPolicy.Split(';')
            .Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>A production start needs a master key (docs/security.md); each host gets one of its own.</summary>
    private static IWebHostBuilder Production(IWebHostBuilder web) => web.UseEnvironment("Production")
        .UseSetting(Security.SecurityHosts.MasterKeySetting, Server.Security.MasterKeys.NewEncoded());
}
