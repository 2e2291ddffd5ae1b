using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Audit;
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

    /// <summary>Maps <c>GET /api/audit/security-events?beforeSeq=&amp;limit=</c>.</summary>
    public static IEndpointRouteBuilder MapSecurityEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/security-events", List).WithTags("审计 Audit")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Auditor, Roles.Admin));
        return app;
    }

    /// <summary>The events before <paramref name="beforeSeq"/> (all when absent), newest first, at most
    /// <paramref name="limit"/> (<see cref="DefaultLimit"/>, up to <see cref="MaxLimit"/>).</summary>
    public static async Task<IResult> List(IDbContextFactory<PlatformDbContext> contexts, int? beforeSeq, int? limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        if (limit is < 1 or > MaxLimit || beforeSeq is < 0)
        {
            return Api.ProblemResponses.Problem(StatusCodes.Status400BadRequest, "VALIDATION_FAILED", "查询参数有误",
                $"limit 应为 1 至 {MaxLimit}，beforeSeq 不能为负数");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.CaseId == SecurityChain.Id && (beforeSeq == null || e.Seq < beforeSeq))
            .OrderByDescending(e => e.Seq).Take(limit ?? DefaultLimit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(events.Select(AuditEventItem.Of).ToList());
    }
}
