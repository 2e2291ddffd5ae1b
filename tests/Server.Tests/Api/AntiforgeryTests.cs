using System.Net;
using System.Net.Http.Json;
using System.Text;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Api;

/// <summary>Anti-forgery and body limits hold whatever the spelling of the path (issue 9, defect 2).</summary>
public sealed class AntiforgeryTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>A client holding the clerk's sign-in cookie but no anti-forgery token, as a forged cross-site request
    /// would.</summary>
    private async Task<HttpClient> CookieOnly(string userName)
    {
        var client = _factory.CreateClient(new() { HandleCookies = true });
        using var login = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative),
            new LoginRequest(userName, DemoData.DemoPassword));
        login.EnsureSuccessStatusCode();
        return client;
    }

    [Theory]
    [InlineData("/API/cases/{0}/accept")]
    [InlineData("/Api/Cases/{0}/Accept")]
    [InlineData("/api/cases/{0}/ACCEPT")]
    [InlineData("/%61pi/cases/{0}/accept")]
    [InlineData("/./api/cases/{0}/accept")]
    [InlineData("//api/cases/{0}/accept")]
    [InlineData("/api//cases/{0}/accept")]
    [InlineData("/api/cases/{0}/accept/")]
    public async Task Accept_AnySpellingWithCookieButNoToken_IsRefusedAndTheCaseStaysSubmitted(string pattern)
    {
        using var applicant = await _factory.SignInAsync("applicant");
        using var forged = await CookieOnly("clerk");
        var id = await Submit(applicant);

        using var response = await forged.PostAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, id),
            UriKind.Relative), JsonContent.Create(new { }));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode} {body}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Contains("ANTIFORGERY_INVALID", body, StringComparison.Ordinal);
        }

        Assert.Equal("submitted", await State(applicant, id));
    }

    [Fact]
    public async Task Accept_UpperCasePathWithoutToken_Is400()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        using var forged = await CookieOnly("clerk");
        var id = await Submit(applicant);

        using var response = await forged.PostAsync(new Uri($"/API/cases/{id}/accept", UriKind.Relative), null);

        Assert.Equal("ANTIFORGERY_INVALID", (await Ok(response, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task StateChange_OutsideApiWithCookieButNoToken_IsRefused()
    {
        using var forged = await CookieOnly("clerk");

        using var response = await forged.PostAsync(new Uri("/healthz", UriKind.Relative), null);

        Assert.Equal("ANTIFORGERY_INVALID", (await Ok(response, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Login_FromAFormOrPlainText_Is415AndSetsNoCookie()
    {
        using var client = _factory.CreateClient(new() { HandleCookies = false });
        var json = $$"""{"userName":"clerk","password":"{{DemoData.DemoPassword}}"}""";

        using var plain = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative),
            new StringContent(json, Encoding.UTF8, "text/plain"));
        using var form = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "clerk", ["password"] = DemoData.DemoPassword }));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.False(plain.Headers.Contains("Set-Cookie"));
        Assert.False(form.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("/API/cases")]
    [InlineData("/api/CASES")]
    [InlineData("/apI/cases/")]
    public async Task CreateCase_TwentyFiveMegabytesAnySpelling_Is413(string path)
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var big = "{\"processId\":\"qiye-kaiban\",\"formData\":{\"x\":\"" + new string('a', 25 * 1024 * 1024) + "\"}}";

        using var response = await applicant.PostAsync(new Uri(path, UriKind.Relative),
            new StringContent(big, Encoding.UTF8, "application/json"));

        Assert.Equal("BODY_TOO_LARGE", (await Ok(response, HttpStatusCode.RequestEntityTooLarge)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Upload_MultipartToAJsonEndpoint_KeepsTheJsonLimit()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        using var content = new MultipartFormDataContent { { new ByteArrayContent(new byte[3 * 1024 * 1024]), "file", "x.pdf" } };

        using var response = await applicant.PostAsync(new Uri("/api/cases", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
