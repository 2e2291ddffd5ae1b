using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Notifications;
using OneThing.Cases.Persistence;
using OneThing.Server.Accounts;
using OneThing.Server.Api;
using OneThing.Server.Notifications;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Notifications;

public sealed class NotificationEndpointsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly Uri Inbox = new("/api/notifications", UriKind.Relative);
    private static readonly Uri ReadAll = new("/api/notifications/read-all", UriKind.Relative);

    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task List_SignedIn_OwnNotificationsNewestFirstWithTotalAndUnread()
    {
        var mine = Seed("applicant", 3);
        Seed("clerk", 2);
        using var client = await _factory.SignInAsync("applicant");

        var page = await client.GetFromJsonAsync<NotificationPage>(Inbox);

        Assert.Equal(mine.AsEnumerable().Reverse(), page!.Items.Select(i => i.Id));
        Assert.Equal((3, 3, 1, Paging.DefaultPageSize), (page.Total, page.Unread, page.PageNumber, page.PageSize));
        Assert.Equal("办件进展 2", page.Items[0].Title);
        Assert.All(page.Items, i => Assert.Null(i.ReadAt));
    }

    [Fact]
    public async Task List_PagesAndUnreadOnly_SplitWithoutOverlap()
    {
        var mine = Seed("applicant", 5);
        using var client = await _factory.SignInAsync("applicant");
        using (await client.PostAsync(new Uri($"/api/notifications/{mine[4]}/read", UriKind.Relative), null))
        {
        }

        var first = await client.GetFromJsonAsync<NotificationPage>(new Uri("/api/notifications?page=1&pageSize=2", UriKind.Relative));
        var third = await client.GetFromJsonAsync<NotificationPage>(new Uri("/api/notifications?page=3&pageSize=2", UriKind.Relative));
        var unread = await client.GetFromJsonAsync<NotificationPage>(new Uri("/api/notifications?unreadOnly=true", UriKind.Relative));

        Assert.Equal([mine[4], mine[3]], first!.Items.Select(i => i.Id));
        Assert.Equal([mine[0]], third!.Items.Select(i => i.Id));
        Assert.Equal((5, 4), (first.Total, first.Unread));
        Assert.Equal([mine[3], mine[2], mine[1], mine[0]], unread!.Items.Select(i => i.Id));
        Assert.Equal((4, 4), (unread.Total, unread.Unread));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    public async Task List_PageOutOfRange_Is400(string query)
    {
        using var client = await _factory.SignInAsync("applicant");

        using var response = await client.GetAsync(new Uri($"/api/notifications?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await Code(response));
    }

    [Fact]
    public async Task MarkRead_Own_Is204AndUnreadCountDrops()
    {
        var mine = Seed("applicant", 2);
        using var client = await _factory.SignInAsync("applicant");

        using var response = await client.PostAsync(new Uri($"/api/notifications/{mine[0]}/read", UriKind.Relative), null);
        using var again = await client.PostAsync(new Uri($"/api/notifications/{mine[0]}/read", UriKind.Relative), null);
        var page = await client.GetFromJsonAsync<NotificationPage>(Inbox);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(1, page!.Unread);
        Assert.NotNull(page.Items.Single(i => i.Id == mine[0]).ReadAt);
        Assert.Null(page.Items.Single(i => i.Id == mine[1]).ReadAt);
    }

    [Fact]
    public async Task MarkRead_SomeoneElsesOrUnknownId_Is404AndChangesNothing()
    {
        var theirs = Seed("clerk", 1);
        using var client = await _factory.SignInAsync("applicant");

        using var other = await client.PostAsync(new Uri($"/api/notifications/{theirs[0]}/read", UriKind.Relative), null);
        using var unknown = await client.PostAsync(new Uri($"/api/notifications/{Guid.CreateVersion7()}/read", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("NOTIFICATION_NOT_FOUND", await Code(other));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var db = Contexts().CreateDbContext();
        Assert.Null(db.Notifications.Single(n => n.Id == theirs[0]).ReadAt);
    }

    [Fact]
    public async Task ReadAll_MarksOnlyTheCallersUnread()
    {
        Seed("applicant", 3);
        Seed("clerk", 2);
        using var client = await _factory.SignInAsync("applicant");

        using var response = await client.PostAsync(ReadAll, null);
        var result = await response.Content.ReadFromJsonAsync<ReadAllResult>();
        using var second = await client.PostAsync(ReadAll, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, result!.Marked);
        Assert.Equal(0, (await second.Content.ReadFromJsonAsync<ReadAllResult>())!.Marked);
        using var db = Contexts().CreateDbContext();
        Assert.All(db.Notifications.Where(n => n.Recipient == "applicant").ToList(), n => Assert.NotNull(n.ReadAt));
        Assert.All(db.Notifications.Where(n => n.Recipient == "clerk").ToList(), n => Assert.Null(n.ReadAt));
    }

    [Fact]
    public async Task Endpoints_Anonymous_Are401()
    {
        var mine = Seed("applicant", 1);
        using var client = _factory.CreateClient();

        using var list = await client.GetAsync(Inbox);
        using var read = await client.PostAsync(new Uri($"/api/notifications/{mine[0]}/read", UriKind.Relative), null);
        using var all = await client.PostAsync(ReadAll, null);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            [list.StatusCode, read.StatusCode, all.StatusCode]);
    }

    [Fact]
    public async Task MarkRead_CookieWithoutAntiforgeryToken_IsRefused()
    {
        var mine = Seed("applicant", 1);
        using var client = _factory.CreateClient(new() { HandleCookies = true });
        using (var login = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative),
                   new LoginRequest("applicant", DemoData.DemoPassword)))
        {
            login.EnsureSuccessStatusCode();
        }

        using var read = await client.PostAsync(new Uri($"/api/notifications/{mine[0]}/read", UriKind.Relative), null);
        using var all = await client.PostAsync(ReadAll, null);

        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.Equal("ANTIFORGERY_INVALID", await Code(read));
        Assert.Equal(HttpStatusCode.BadRequest, all.StatusCode);
        using var db = Contexts().CreateDbContext();
        Assert.Null(db.Notifications.Single(n => n.Id == mine[0]).ReadAt);
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheNotificationEndpoints()
    {
        using var client = _factory.CreateClient();

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Contains("/api/notifications/{id}/read", document, StringComparison.Ordinal);
        Assert.Contains("/api/notifications/read-all", document, StringComparison.Ordinal);
    }

    private IDbContextFactory<PlatformDbContext> Contexts() =>
        _factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>();

    /// <summary>Notifications for <paramref name="recipient"/>, a minute apart, oldest first.</summary>
    private List<Guid> Seed(string recipient, int count)
    {
        using var db = Contexts().CreateDbContext();
        var ids = Enumerable.Range(0, count).Select(i => Notifier.Notify(db, recipient, NotificationKinds.CaseAccepted,
            Guid.CreateVersion7(), $"办件进展 {i}", $"第 {i} 条", T0.AddMinutes(i)).Id).ToList();
        db.SaveChanges();
        return ids;
    }

    private static async Task<string> Code(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("code").GetString()!;
    }
}
