using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Audit;
using OneThing.Cases.Persistence;
using OneThing.Server.Api;
using OneThing.Server.Audit;

namespace OneThing.Server.Accounts;

/// <summary>Auditors and administrators read the security chain, newest first; <c>GET /api/audit/verify</c>
/// checks it with the cases' chains.</summary>
public static class SecurityEventEndpoints
{
    /// <summary>Events per page unless <c>limit</c> says otherwise.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Most events per page.</summary>
    public const int MaxLimit = 500;

    /// <summary>Maps <c>GET /api/audit/security-events?cursor=&amp;pageSize=</c>.</summary>
    public static IEndpointRouteBuilder MapSecurityEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/security-events", List).WithTags("审计 Audit")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Auditor, Roles.Admin));
        return app;
    }

    /// <summary>The events, newest first, in keyset pages of <paramref name="pageSize"/> (<see cref="DefaultLimit"/>,
    /// up to <see cref="MaxLimit"/>); <paramref name="cursor"/> is the <c>nextCursor</c> of the page before (the
    /// sequence number the page starts below).</summary>
    public static async Task<Results<Ok<Page<AuditEventItem>>, ValidationProblem>> List(
        IDbContextFactory<PlatformDbContext> contexts, string? cursor, int? pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var before = 0;
        var errors = new Validation.Errors()
            .Check(pageSize is < 1 or > MaxLimit, "pageSize", $"每页条数应在 1 到 {MaxLimit} 之间")
            .Check(cursor is not null && (!int.TryParse(cursor, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out before) || before < 1), "cursor",
                "cursor 无效：请使用上一页返回的 nextCursor");
        if (!errors.None)
        {
            return errors.Problem();
        }

        var size = pageSize ?? DefaultLimit;
        int? below = cursor is null ? null : before;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.CaseId == SecurityChain.Id && (below == null || e.Seq < below))
            .OrderByDescending(e => e.Seq).Take(size + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var more = events.Count > size;
        var items = events.Take(size).Select(AuditEventItem.Of).ToList();
        return TypedResults.Ok(Page<AuditEventItem>.Keyset(items, size,
            more ? items[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }
}
