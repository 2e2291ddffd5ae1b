using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Hosting;

/// <summary>The web UI served at <c>/</c>: its files, its index page for the SPA's routes, and the server's own paths
/// unaffected.</summary>
public sealed class WebUiHostingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"onething-ui-{Guid.NewGuid():N}");
    private readonly OneThingFactory _factory;

    public WebUiHostingTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "assets"));
        File.WriteAllText(Path.Combine(_root, "index.html"), "<!doctype html><title>OneThing</title><div id=\"app\"></div>");
        File.WriteAllText(Path.Combine(_root, "assets", "x.js"), "console.log(1)");
        _factory = new OneThingFactory(settings: new Dictionary<string, string> { ["OneThing:Web:UiRoot"] = _root });
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/mine/123")]
    public async Task SpaPath_AnswersTheIndexPage_NotCached(string path)
    {
        using var client = _factory.NewClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains("<div id=\"app\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asset_IsServedWithImmutableCache()
    {
        using var client = _factory.NewClient();
        using var response = await client.GetAsync(new Uri("/assets/x.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("console.log(1)", await response.Content.ReadAsStringAsync());
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Public);
        Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
        Assert.Contains(cache.Extensions, e => e.Name == "immutable");
    }

    [Fact]
    public async Task UnknownApiPath_Is404ProblemJson()
    {
        using var client = _factory.NewClient();
        using var response = await client.GetAsync(new Uri("/api/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PostToASpaPath_Is404()
    {
        using var client = _factory.NewClient();
        using var token = await client.GetAsync(new Uri("/api/auth/antiforgery", UriKind.Relative));
        using var response = await client.PostAsync(new Uri("/mine/123", UriKind.Relative), new StringContent(""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Healthz_IsUnaffected()
    {
        using var client = _factory.NewClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WithoutABuiltUi_TheIndexAnswers503WithTheExplanation()
    {
        var empty = Path.Combine(Path.GetTempPath(), $"onething-ui-empty-{Guid.NewGuid():N}");
        Directory.CreateDirectory(empty);
        try
        {
            using var factory = new OneThingFactory(settings: new Dictionary<string, string> { ["OneThing:Web:UiRoot"] = empty });
            using var client = factory.NewClient();
            using var response = await client.GetAsync(new Uri("/mine", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("npm run build", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task Session_Anonymous_HasNoUser_SignedIn_HasTheUser()
    {
        using var anonymous = _factory.NewClient();
        using var signedIn = await _factory.SignInAsync("applicant");

        var none = await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/api/auth/session", UriKind.Relative));
        var some = await signedIn.GetFromJsonAsync<JsonElement>(new Uri("/api/auth/session", UriKind.Relative));

        Assert.Equal(JsonValueKind.Null, none.GetProperty("user").ValueKind);
        Assert.Equal("applicant", some.GetProperty("user").GetProperty("userName").GetString());
    }
}
