namespace OneThing.Server.Api;

/// <summary>Rate limits of writes, bound from <c>OneThing:RateLimits</c>. Each rule is a token bucket: up to
/// <see cref="RateLimitRule.Permits"/> at once, refilled evenly over <see cref="RateLimitRule.Period"/>. Limits are
/// kept in each node's memory, so behind a load balancer without sticky sessions a caller may get up to the node count
/// times as many.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OneThing:RateLimits";

    /// <summary>Whether writes are limited at all (default true). Sign-in keeps its own limit either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every write (POST, PUT, PATCH, DELETE) of one signed-in user (default 120 a minute): far above what a
    /// person clicks, well below what a script sends.</summary>
    public RateLimitRule WritesPerUser { get; set; } = new() { Permits = 120, Period = TimeSpan.FromMinutes(1) };

    /// <summary>Every write from one client address, signed in or not (default 1,200 a minute): an office behind one
    /// NAT address shares it.</summary>
    public RateLimitRule WritesPerAddress { get; set; } = new() { Permits = 1200, Period = TimeSpan.FromMinutes(1) };

    /// <summary>Sign-in attempts from one client address (default 10 a minute), besides the per-account lock-out of
    /// <c>SignInThrottle</c>.</summary>
    public RateLimitRule SignInsPerAddress { get; set; } = new() { Permits = 10, Period = TimeSpan.FromMinutes(1) };

    /// <summary>New drafts (<c>POST /api/cases</c>) of one user (default 30 an hour).</summary>
    public RateLimitRule DraftsPerUser { get; set; } = new() { Permits = 30, Period = TimeSpan.FromHours(1) };

    /// <summary>催办 of one user (default 30 an hour); a repeat on one task within <c>OneThing:Cases:UrgeInterval</c>
    /// notifies no one whatever this allows.</summary>
    public RateLimitRule UrgesPerUser { get; set; } = new() { Permits = 30, Period = TimeSpan.FromHours(1) };
}

/// <summary>One token bucket.</summary>
public sealed class RateLimitRule
{
    /// <summary>Requests allowed at once, and refilled over <see cref="Period"/>; at least 1.</summary>
    public int Permits { get; set; }

    /// <summary>How long the bucket takes to refill completely.</summary>
    public TimeSpan Period { get; set; }
}
