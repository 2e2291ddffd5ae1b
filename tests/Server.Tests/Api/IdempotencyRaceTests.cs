using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Api;

public sealed class IdempotencyRaceTests
{
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task SameKey_SentAtOnce_OneCreatesAndNothingIsLoggedAsAnError(string provider)
    {
        using var root = new OneThingFactory(provider);
        var logs = new CapturingLoggerProvider();
        using var factory = root.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.AddSingleton<ILoggerProvider>(logs)));
        using var applicant = await SignInAsync(factory);
        var id = await Submit(applicant);
        // What the start logged (a fresh PostgreSQL database has no migrations table to read yet) is not the race's.
        var before = logs.Entries.Count;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/cases/{id}/comments", UriKind.Relative))
            {
                Content = JsonContent.Create(new { text = "同时提交" }),
            };
            request.Headers.Add("Idempotency-Key", "race-1");
            using var response = await applicant.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.Conflict, s.ToString()));
        Assert.Contains(HttpStatusCode.Created, statuses);
        var comments = (await Get(applicant, $"/api/cases/{id}")).GetProperty("comments");
        Assert.Single(comments.EnumerateArray(), c => c.GetProperty("text").GetString() == "同时提交");
        var errors = logs.Entries.Skip(before).Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Category} {e.EventId}: {e.Message} {e.Exception}")));
    }

    private static async Task<HttpClient> SignInAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new() { HandleCookies = true });
        using var login = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative),
            new OneThing.Server.Accounts.LoginRequest("applicant", OneThing.Server.Accounts.DemoData.DemoPassword));
        login.EnsureSuccessStatusCode();
        var token = await client.GetFromJsonAsync<OneThing.Server.Accounts.AntiforgeryToken>(
            new Uri("/api/auth/antiforgery", UriKind.Relative));
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        return client;
    }
}
