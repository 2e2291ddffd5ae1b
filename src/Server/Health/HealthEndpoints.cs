using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;

namespace OneThing.Server.Health;

/// <summary>The health endpoint load balancers and operators poll.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>GET /healthz</c>: 200 <c>{"status":"ok","database":"ok"}</c> while the database answers,
    /// 503 with <c>"database":"unreachable"</c> when it does not.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // The 503 is a health report, not a problem: load balancers read its status, operators its body.
        app.MapGet("/healthz", GetHealth).Produces<HealthStatus>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The handler of <c>GET /healthz</c>.</summary>
    public static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> GetHealth(
        IDbContextFactory<EngineDbContext> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        bool reachable;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            reachable = await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure to reach the database is what this endpoint reports.
        catch (Exception)
#pragma warning restore CA1031
        {
            reachable = false;
        }

        return reachable
            ? TypedResults.Ok(new HealthStatus("ok", "ok"))
            : TypedResults.Json(new HealthStatus("unavailable", "unreachable"), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>The body of <c>GET /healthz</c>.</summary>
/// <param name="Status"><c>ok</c> or <c>unavailable</c>.</param>
/// <param name="Database"><c>ok</c> or <c>unreachable</c>.</param>
public sealed record HealthStatus(string Status, string Database);
