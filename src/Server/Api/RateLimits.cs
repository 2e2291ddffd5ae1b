using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace OneThing.Server.Api;

/// <summary>Every write is limited per signed-in user and per client address (ASP.NET Core's rate limiter, chained
/// token buckets); creating drafts and 催办 have stricter limits of their own. A refused request gets 429 with
/// <c>Retry-After</c> and a Chinese problem; reads are not limited.</summary>
/// <remarks>The client address is the connection's, after forwarded headers from trusted proxies only
/// (<c>OneThing:Web:KnownProxies</c>), so a client cannot pick its own partition by sending
/// <c>X-Forwarded-For</c>.</remarks>
public static class RateLimits
{
    /// <summary>Policy of <c>POST /api/cases</c>.</summary>
    public const string Drafts = "drafts";

    /// <summary>Policy of <c>POST /api/tasks/{id}/urge</c>.</summary>
    public const string Urges = "urges";

    private const string UnknownAddress = "unknown";

    /// <summary>Registers the limits from <see cref="RateLimitOptions"/>.</summary>
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var rules = new Hosting.SettingRules<RateLimitOptions>(RateLimitOptions.Section);
        foreach (var (name, rule) in new (string, Func<RateLimitOptions, RateLimitRule>)[]
                 {
                     (nameof(RateLimitOptions.WritesPerUser), o => o.WritesPerUser),
                     (nameof(RateLimitOptions.WritesPerAddress), o => o.WritesPerAddress),
                     (nameof(RateLimitOptions.DraftsPerUser), o => o.DraftsPerUser),
                     (nameof(RateLimitOptions.UrgesPerUser), o => o.UrgesPerUser),
                     (nameof(RateLimitOptions.SignInsPerAddress), o => o.SignInsPerAddress),
                 })
        {
            rules.Require($"{name}:{nameof(RateLimitRule.Permits)}", o => rule(o).Permits >= 1, "应不小于 1")
                .Require($"{name}:{nameof(RateLimitRule.Period)}", o => rule(o).Period > TimeSpan.Zero, "应大于 0");
        }

        var options = Hosting.ValidatedSettings.AddValidatedSettings(builder, RateLimitOptions.Section, rules);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = Reject;
            limiter.AddPolicy(Drafts, context => PerUser(context, options.DraftsPerUser, options.Enabled));
            limiter.AddPolicy(Urges, context => PerUser(context, options.UrgesPerUser, options.Enabled));
            // Sign-in keeps its limit whether or not writes are limited.
            limiter.AddPolicy(Accounts.AccountsModule.LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                AddressOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInsPerAddress.Permits, Window = options.SignInsPerAddress.Period,
                }));
            if (options.Enabled)
            {
                limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, string>(context =>
                        AntiforgeryCheck.ChangesState(context.Request.Method) && UserOf(context) is { } user
                            ? Bucket("user:" + user, options.WritesPerUser)
                            : RateLimitPartition.GetNoLimiter("")),
                    PartitionedRateLimiter.Create<HttpContext, string>(context =>
                        AntiforgeryCheck.ChangesState(context.Request.Method)
                            ? Bucket("address:" + AddressOf(context), options.WritesPerAddress)
                            : RateLimitPartition.GetNoLimiter("")));
            }
        });
        return builder;
    }

    private static RateLimitPartition<string> PerUser(HttpContext context, RateLimitRule rule, bool enabled) =>
        enabled ? Bucket(UserOf(context) is { } user ? "user:" + user : "address:" + AddressOf(context), rule)
            : RateLimitPartition.GetNoLimiter("");

    private static RateLimitPartition<string> Bucket(string key, RateLimitRule rule) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = rule.Permits,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = rule.Period / rule.Permits,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static string? UserOf(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    private static string AddressOf(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? UnknownAddress;

    private static async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
            : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var http = rejected.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ProblemResponses.Problem(StatusCodes.Status429TooManyRequests, "TOO_MANY_REQUESTS", "请求过于频繁",
                $"操作过于频繁，请在 {seconds} 秒后重试", new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds })
            .ExecuteAsync(http).ConfigureAwait(false);
    }
}
