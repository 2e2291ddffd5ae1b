using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Accounts;
using OneThing.Engine.Persistence;
using OneThing.Server.Api;

namespace OneThing.Server.Accounts;

/// <summary>The body of <c>POST /api/auth/login</c>.</summary>
public sealed record LoginRequest(string? UserName, string? Password);

/// <summary>Who is signed in.</summary>
public sealed record CurrentUser(string UserName, string DisplayName, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Departments)
{
    /// <summary>From the sign-in principal.</summary>
    public static CurrentUser Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.GivenName) ?? "",
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
            user.FindAll(AccountsModule.DepartmentClaim).Select(c => c.Value).ToList());
    }
}

/// <summary>The anti-forgery request token a browser page sends back in <c>X-XSRF-TOKEN</c>.</summary>
public sealed record AntiforgeryToken(string Token, string HeaderName);

/// <summary>Sign-in, sign-out, current user and the anti-forgery token.</summary>
public static class AccountEndpoints
{
    /// <summary>Maps <c>/api/auth/*</c>.</summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("账户 Accounts");
        auth.MapPost("/login", Login).RequireRateLimiting(AccountsModule.LoginRateLimit).AllowAnonymous();
        auth.MapPost("/logout", (Delegate)Logout).RequireAuthorization();
        auth.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(CurrentUser.Of(user))).RequireAuthorization();
        auth.MapGet("/antiforgery", GetAntiforgeryToken).AllowAnonymous();
        return app;
    }

    /// <summary>Signs in with user name and password. Wrong name and wrong password get the same answer; after
    /// <see cref="AccountOptions.MaxFailedSignIns"/> failures the account is locked for a while.</summary>
    public static async Task<IResult> Login(LoginRequest? request, HttpContext http,
        IDbContextFactory<EngineDbContext> contexts, IPasswordHasher<AccountRecord> hasher, AccountOptions options,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request?.UserName))
        {
            errors["userName"] = ["请输入用户名"];
        }

        if (string.IsNullOrEmpty(request?.Password))
        {
            errors["password"] = ["请输入密码"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "请求数据不完整",
                extensions: new Dictionary<string, object?> { ["code"] = "VALIDATION_FAILED" });
        }

        await using var db = await contexts.CreateDbContextAsync(http.RequestAborted).ConfigureAwait(false);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.UserName == request!.UserName, http.RequestAborted)
            .ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (account?.LockedUntil > now)
        {
            return ProblemResponses.Problem(StatusCodes.Status403Forbidden, "ACCOUNT_LOCKED", "账户已锁定",
                $"连续登录失败次数过多，请在 {Math.Ceiling((account.LockedUntil.Value - now).TotalMinutes)} 分钟后再试");
        }

        if (account is null
            || hasher.VerifyHashedPassword(account, account.PasswordHash, request!.Password!) == PasswordVerificationResult.Failed)
        {
            if (account is not null && ++account.FailedSignIns >= options.MaxFailedSignIns)
            {
                account.FailedSignIns = 0;
                account.LockedUntil = now + options.LockoutDuration;
            }

            await db.SaveChangesAsync(http.RequestAborted).ConfigureAwait(false);
            return ProblemResponses.Problem(StatusCodes.Status401Unauthorized, "SIGN_IN_FAILED", "登录失败", "用户名或密码错误");
        }

        account.FailedSignIns = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(http.RequestAborted).ConfigureAwait(false);
        var principal = AccountsModule.PrincipalOf(account);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal).ConfigureAwait(false);
        return TypedResults.Ok(CurrentUser.Of(principal));
    }

    private static async Task<IResult> Logout(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static Ok<AntiforgeryToken> GetAntiforgeryToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryToken(tokens.RequestToken!, AccountsModule.AntiforgeryHeader));
    }
}
