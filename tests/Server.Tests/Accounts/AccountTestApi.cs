using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneThing.Server.Accounts;

namespace OneThing.Server.Tests.Accounts;

/// <summary>Calls the account endpoints make in the tests of this folder.</summary>
internal static class AccountTestApi
{
    public static async Task<HttpResponseMessage> Login(HttpClient client, string user, string password) =>
        await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new LoginRequest(user, password));

    public static async Task<HttpStatusCode> Send(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body is null && method == HttpMethod.Get ? null : JsonContent.Create(body ?? new { }),
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    public static Task<HttpStatusCode> Me(HttpClient client) => Send(client, HttpMethod.Get, "/api/auth/me");

    public static async Task<CurrentUser> MeOf(HttpClient client) =>
        (await client.GetFromJsonAsync<CurrentUser>(new Uri("/api/auth/me", UriKind.Relative)))!;

    /// <summary>The answer of a refused request: status, code and detail.</summary>
    public static async Task<(HttpStatusCode Status, string? Code, string? Detail)> Refusal(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("code").GetString(),
            body.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null);
    }

    /// <summary>The Cookie header the client sends now.</summary>
    public static string CookieOf(HttpResponseMessage login) =>
        string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
}
