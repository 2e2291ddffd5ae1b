using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using OneThing.Cases.Accounts;
using OneThing.Server.Api;
using OneThing.Server.Hosting;

namespace OneThing.Server.Accounts;

/// <summary>Cookie sign-in with local accounts, role policies, login rate limiting and anti-forgery checks on
/// state-changing API calls made with the cookie.</summary>
public static class AccountsModule
{
    /// <summary>Claim carrying one department name per claim.</summary>
    public const string DepartmentClaim = "onething:department";

    /// <summary>Rate-limiter policy of the login endpoint.</summary>
    public const string LoginRateLimit = "login";

    /// <summary>The header the browser sends the anti-forgery request token in.</summary>
    public const string AntiforgeryHeader = AntiforgeryCheck.HeaderName;

    /// <summary>Registers authentication, authorization policies (one per role), rate limiting and anti-forgery.
    /// </summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IPasswordHasher<AccountRecord>, PasswordHasher<AccountRecord>>();
        var options = builder.AddValidatedSettings(AccountOptions.Section,
            new SettingRules<AccountOptions>(AccountOptions.Section)
                .Require(nameof(AccountOptions.MaxFailedSignIns), o => o.MaxFailedSignIns >= 1, "应不小于 1")
                .Require(nameof(AccountOptions.BlockDuration), o => o.BlockDuration > TimeSpan.Zero, "应大于 0")
                .Require(nameof(AccountOptions.MaxBlockDuration), o => o.MaxBlockDuration >= o.BlockDuration,
                    "应不小于 BlockDuration")
                .Require(nameof(AccountOptions.FailureResetAfter), o => o.FailureResetAfter > TimeSpan.Zero, "应大于 0")
                .Require(nameof(AccountOptions.SessionIdleTimeout), o => o.SessionIdleTimeout > TimeSpan.Zero, "应大于 0")
                .Require(nameof(AccountOptions.SessionLifetime), o => o.SessionLifetime >= o.SessionIdleTimeout,
                    "应不小于 SessionIdleTimeout")
                .Require(nameof(AccountOptions.SessionRenewInterval),
                    o => o.SessionRenewInterval > TimeSpan.Zero && o.SessionRenewInterval < o.SessionIdleTimeout,
                    "应大于 0 且小于 SessionIdleTimeout"));
        builder.Services.AddSingleton(new DemoOptions { Enabled = builder.Configuration.GetValue<bool>(DemoOptions.Key) });
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<SecurityEvents>();
        builder.Services.AddSingleton<SignInService>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "onething.auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = options.SessionIdleTimeout;
                cookie.Events.OnValidatePrincipal = SessionStore.ValidatePrincipal;
                // An API answers 401/403; it does not redirect to a login page.
                cookie.Events.OnRedirectToLogin = context => WriteStatus(context.Response, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => WriteStatus(context.Response, StatusCodes.Status403Forbidden);
            });
        builder.Services.AddAuthorizationBuilder().AddRolePolicies();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, RoleRefusals>();
        builder.Services.AddAntiforgery(options => options.HeaderName = AntiforgeryHeader);
        return builder;
    }

    /// <summary>Adds the middleware in the right order.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>The principal of an account's session: its roles and departments as the account row has them now.
    /// </summary>
    public static ClaimsPrincipal PrincipalOf(AccountRecord account, string sessionToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(sessionToken);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.GivenName, account.DisplayName),
            new(SessionStore.SessionClaim, sessionToken),
        };
        claims.AddRange(account.RoleList.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(account.DepartmentList.Select(d => new Claim(DepartmentClaim, d)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>The client address sign-ins are counted and recorded under (<c>unknown</c> when the server does not
    /// know it).</summary>
    public static string ClientAddress(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireRole(role));
        }

        return authorization;
    }

    private static Task WriteStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>Account settings, bound from <c>OneThing:Accounts</c>.</summary>
public sealed class AccountOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OneThing:Accounts";

    /// <summary>Failed sign-ins in a row of one account from one client address before that address is blocked
    /// for the account (default 5).</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The first block after <see cref="MaxFailedSignIns"/> failures; each further failure doubles it
    /// (default 1 minute).</summary>
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest block (default 15 minutes).</summary>
    public TimeSpan MaxBlockDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A failure count not moved for this long starts again from zero (default 1 day).</summary>
    public TimeSpan FailureResetAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A session unused for this long has ended; also the cookie's sliding lifetime (default 8 hours).
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A session older than this has ended however much it is used (default 24 hours).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How stale a session's last use may get before a request writes it (default 5 minutes): requests
    /// within it only read.</summary>
    public TimeSpan SessionRenewInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Demo mode (<c>OneThing:Demo</c>, or <c>--demo</c> on the command line): demo departments, demo accounts
/// with the published password and the shipped one-things are created on start. <c>dotnet run</c> turns it on
/// through appsettings.Development.json; a server not in demo mode refuses to start while any account still has the
/// demo password.</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration key.</summary>
    public const string Key = "OneThing:Demo";

    /// <summary>Whether demo mode is on (default false).</summary>
    public bool Enabled { get; init; }
}
