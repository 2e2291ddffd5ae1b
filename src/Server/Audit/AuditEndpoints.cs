using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Audit;
using OneThing.Cases.Persistence;

namespace OneThing.Server.Audit;

/// <summary>The result of checking every case's chain.</summary>
public sealed record AuditReport(int Cases, int Events, bool Intact, IReadOnlyList<AuditVerification> Broken);

/// <summary>审计: auditors recompute every case's audit chain (the API twin of the <c>verify</c> sub-command).
/// </summary>
public static class AuditEndpoints
{
    /// <summary>Maps <c>GET /api/audit/verify</c>.</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/verify", VerifyAll).WithTags("审计 Audit").RequireAuthorization(Roles.Auditor);
        return app;
    }

    /// <summary>Recomputes every case's chain and the security chain.</summary>
    public static async Task<Ok<AuditReport>> VerifyAll(IDbContextFactory<PlatformDbContext> contexts,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var results = AuditTrail.VerifyAll(db);
        var broken = results.Where(r => !r.Intact).ToList();
        return TypedResults.Ok(new AuditReport(results.Count, results.Sum(r => r.Events), broken.Count == 0, broken));
    }
}
