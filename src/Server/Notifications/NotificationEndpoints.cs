using OneThing.Cases.Persistence;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Notifications;
using OneThing.Server.Api;

namespace OneThing.Server.Notifications;

/// <summary>One notification as the API shows it.</summary>
public sealed record NotificationItem(Guid Id, string Kind, Guid? CaseId, string Title, string Body,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    /// <summary>From the stored record.</summary>
    public static NotificationItem Of(NotificationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Kind, record.CaseId, record.Title, record.Body, record.CreatedAt, record.ReadAt);
    }
}

/// <summary>One page of the caller's inbox: the fields of <see cref="Page{T}"/> (numbered) and the unread count.
/// </summary>
/// <param name="Items">Newest first.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="Total">How many notifications match the query (all pages).</param>
/// <param name="PageNumber">The page, 1-based.</param>
/// <param name="Unread">How many of the caller's notifications are unread (whatever the query).</param>
public sealed record NotificationPage(IReadOnlyList<NotificationItem> Items, int PageSize, int Total, int PageNumber,
    int Unread);

/// <summary>The answer of <c>POST /api/notifications/read-all</c>.</summary>
/// <param name="Marked">How many notifications were unread and are now read.</param>
public sealed record ReadAllResult(int Marked);

/// <summary>The query of <c>GET /api/notifications</c>.</summary>
/// <param name="UnreadOnly">Only unread notifications (default false).</param>
/// <param name="Page">1-based page (default 1).</param>
/// <param name="PageSize">1 to <see cref="Paging.MaxPageSize"/> (default <see cref="Paging.DefaultPageSize"/>).
/// </param>
public sealed record NotificationQuery([FromQuery(Name = "unreadOnly")] bool? UnreadOnly,
    [FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary>站内信: every signed-in user reads and marks their own notifications; nobody sees anyone else's.</summary>
public static class NotificationEndpoints
{
    /// <summary>Maps <c>/api/notifications</c>.</summary>
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("通知 Notifications").RequireAuthorization();
        group.MapGet("/", List);
        group.MapPost("/{id:guid}/read", MarkRead);
        group.MapPost("/read-all", MarkAllRead);
        return app;
    }

    /// <summary>The caller's notifications, newest first (ties by id, so pages never overlap), with the total and
    /// the unread count.</summary>
    public static async Task<Results<Ok<NotificationPage>, ValidationProblem>> List([AsParameters] NotificationQuery query,
        ClaimsPrincipal user, IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(contexts);
        int page, pageSize;
        try
        {
            (page, pageSize) = Paging.Check(query.Page, query.PageSize);
        }
        catch (OneThing.Cases.Casework.CaseValidationException e)
        {
            return Validation.Problem(e.Errors);
        }

        var recipient = RecipientOf(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var mine = db.Notifications.AsNoTracking().Where(n => n.Recipient == recipient);
        var matching = query.UnreadOnly == true ? mine.Where(n => n.ReadAt == null) : mine;
        var total = await matching.CountAsync(cancellationToken).ConfigureAwait(false);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken).ConfigureAwait(false);
        var items = Paging.Offset(page, pageSize, total) is { } skip
            ? await matching.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Skip(skip).Take(pageSize).ToListAsync(cancellationToken).ConfigureAwait(false)
            : [];
        return TypedResults.Ok(new NotificationPage(items.Select(NotificationItem.Of).ToList(), pageSize, total, page,
            unread));
    }

    /// <summary>Marks one of the caller's notifications read (again: no change). Another user's notification
    /// answers 404 like a missing one, so ids cannot be probed.</summary>
    public static async Task<Results<NoContent, NotFoundProblem>> MarkRead(Guid id, ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(clock);
        var recipient = RecipientOf(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.Recipient == recipient,
            cancellationToken).ConfigureAwait(false);
        if (notification is null)
        {
            return new NotFoundProblem("NOTIFICATION_NOT_FOUND", "未找到", "通知不存在");
        }

        if (notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.NoContent();
    }

    /// <summary>Marks every unread notification of the caller read.</summary>
    public static async Task<Ok<ReadAllResult>> MarkAllRead(ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(clock);
        var recipient = RecipientOf(user);
        DateTimeOffset? now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var marked = await db.Notifications.Where(n => n.Recipient == recipient && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ReadAllResult(marked));
    }

    // The endpoints require a signed-in user, whose principal always carries the name.
    private static string RecipientOf(ClaimsPrincipal user) =>
        user?.Identity?.Name ?? throw new InvalidOperationException("signed-in user without a name");
}
