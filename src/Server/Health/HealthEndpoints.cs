using Microsoft.AspNetCore.Http.HttpResults;

namespace OneThing.Server.Health;

/// <summary>The liveness endpoint load balancers and operators poll.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>GET /healthz</c>, which answers <c>{"status":"ok"}</c> while the process serves requests.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealth);
        return app;
    }

    /// <summary>The handler of <c>GET /healthz</c>.</summary>
    public static Ok<HealthStatus> GetHealth() => TypedResults.Ok(new HealthStatus("ok"));
}

/// <summary>The body of <c>GET /healthz</c>.</summary>
/// <param name="Status">Always <c>ok</c> when the endpoint answers at all.</param>
public sealed record HealthStatus(string Status);
