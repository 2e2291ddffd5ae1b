using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Accounts;

public sealed class AccountEndpointsTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private HttpClient NewClient() => _factory.CreateClient(new() { HandleCookies = true });

    private static Task<HttpResponseMessage> Login(HttpClient client, string user, string password) =>
        client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new LoginRequest(user, password));

    private static async Task<string> Code(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task Login_DemoAccount_SignsInWithRolesAndDepartments()
    {
        using var client = NewClient();

        using var response = await Login(client, "approver", DemoData.DemoPassword);
        var me = await client.GetFromJsonAsync<CurrentUser>(new Uri("/api/auth/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("approver", me!.UserName);
        Assert.Equal(["approver"], me.Roles);
        Assert.Equal(["市场监管局"], me.Departments);
    }

    [Fact]
    public async Task Me_Anonymous_Is401()
    {
        using var client = NewClient();

        using var response = await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_SameAnswer()
    {
        using var client = NewClient();

        using var wrong = await Login(client, "clerk", "nope");
        using var unknown = await Login(client, "nobody", "nope");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("SIGN_IN_FAILED", await Code(wrong));
        Assert.Equal("SIGN_IN_FAILED", await Code(unknown));
    }

    [Fact]
    public async Task Login_FiveFailures_BlocksEvenTheRightPasswordWithTheSameAnswer()
    {
        using var client = NewClient();
        for (var i = 0; i < 5; i++)
        {
            using var _ = await Login(client, "auditor", "wrong");
        }

        using var right = await Login(client, "auditor", DemoData.DemoPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("SIGN_IN_FAILED", await Code(right));
    }

    [Fact]
    public async Task Login_MoreThanTenPerMinute_RateLimited()
    {
        using var client = NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await Login(client, "nobody", "x");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Login_MalformedJson_Is400ProblemAndServerStaysUp()
    {
        using var client = NewClient();
        using var content = new StringContent("{\"userName\": ", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), content);
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Login_MissingFields_ValidationProblemPerField()
    {
        using var client = NewClient();

        using var response = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty("userName", out _));
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Logout_WithCookieButNoAntiforgeryToken_IsRefused_WithTokenSucceeds()
    {
        using var client = NewClient();
        using var _ = await Login(client, "clerk", DemoData.DemoPassword);

        using var refused = await client.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null);
        var token = await client.GetFromJsonAsync<AntiforgeryToken>(new Uri("/api/auth/antiforgery", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/logout", UriKind.Relative));
        request.Headers.Add(token!.HeaderName, token.Token);
        using var accepted = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("ANTIFORGERY_INVALID", await Code(refused));
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DocumentAndUi_AreServed()
    {
        using var client = NewClient();

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var ui = await client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));

        Assert.Contains("/api/auth/login", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }
}
