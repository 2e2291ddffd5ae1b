using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using OneThing.Engine.Accounts;
using OneThing.Server.Api;

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
        builder.Services.AddSingleton(builder.Configuration.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new());
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "onething.auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                // An API answers 401/403; it does not redirect to a login page.
                cookie.Events.OnRedirectToLogin = context => WriteStatus(context.Response, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => WriteStatus(context.Response, StatusCodes.Status403Forbidden);
            });
        builder.Services.AddAuthorizationBuilder().AddRolePolicies();
        builder.Services.AddAntiforgery(options => options.HeaderName = AntiforgeryHeader);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
        });
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

    /// <summary>The principal of an account.</summary>
    public static ClaimsPrincipal PrincipalOf(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.GivenName, account.DisplayName),
        };
        claims.AddRange(account.RoleList.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(account.DepartmentList.Select(d => new Claim(DepartmentClaim, d)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
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

    /// <summary>Failed sign-ins in a row before the account is locked (default 5).</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked (default 15 minutes).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether demo departments and demo accounts for every role are created on start. Set only in the
    /// Development environment (appsettings.Development.json); never in production.</summary>
    public bool DemoData { get; set; }
}
