using OneThing.Cases.Persistence;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
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

/// <summary>The answer of <c>GET /api/auth/session</c>: the signed-in user, or null.</summary>
public sealed record SessionInfo(CurrentUser? User);

/// <summary>The body of <c>POST /api/auth/password</c>.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>The anti-forgery request token a browser page sends back in <c>X-XSRF-TOKEN</c>.</summary>
public sealed record AntiforgeryToken(string Token, string HeaderName);

/// <summary>Sign-in, sign-out (of one session or of all), the current user, the own password and the anti-forgery
/// token.</summary>
public static class AccountEndpoints
{
    /// <summary>Maps <c>/api/auth/*</c> and the security chain's reading endpoint.</summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("账户 Accounts");
        auth.MapPost("/login", Login).RequireRateLimiting(AccountsModule.LoginRateLimit).AllowAnonymous();
        auth.MapPost("/logout", Logout).RequireAuthorization();
        auth.MapPost("/sign-out-everywhere", SignOutEverywhere).RequireAuthorization();
        auth.MapPost("/password", ChangePassword).RequireAuthorization();
        auth.MapGet("/me", Me).RequireAuthorization();
        auth.MapGet("/session", Session).AllowAnonymous();
        auth.MapGet("/antiforgery", GetAntiforgeryToken).AllowAnonymous();
        app.MapSecurityEvents();
        return app;
    }

    /// <summary>Signs in with user name (any case) and password, starting a server-side session. An unknown name, a
    /// wrong password, a blocked address and a locked account get the same answer in the same time; after
    /// <see cref="AccountOptions.MaxFailedSignIns"/> failures from one address that address waits a while.</summary>
    public static async Task<Results<Ok<CurrentUser>, ValidationProblem, UnauthorizedProblem>> Login(
        LoginRequest? request, HttpContext http, SignInService signIn)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(signIn);
        var errors = new Validation.Errors()
            .Check(string.IsNullOrWhiteSpace(request?.UserName), "userName", "请输入用户名")
            .Check(string.IsNullOrEmpty(request?.Password), "password", "请输入密码");
        if (!errors.None)
        {
            return errors.Problem();
        }

        var principal = await signIn.SignInAsync(request!.UserName!, request.Password!, AccountsModule.ClientAddress(http),
            http.RequestAborted).ConfigureAwait(false);
        if (principal is null)
        {
            return new UnauthorizedProblem("SIGN_IN_FAILED", "登录失败", "用户名或密码错误，或尝试次数过多；请核对后稍后再试");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal).ConfigureAwait(false);
        return TypedResults.Ok(CurrentUser.Of(principal));
    }

    /// <summary>Ends this session.</summary>
    public static async Task<NoContent> Logout(HttpContext http, SessionStore sessions, SecurityEvents events,
        IDbContextFactory<PlatformDbContext> contexts)
    {
        await sessions.EndAsync(http).ConfigureAwait(false);
        await events.RecordAsync(contexts, [new SecurityEvent(SecurityEvents.SignOut, http.User.Identity!.Name!, "self",
            Address: AccountsModule.ClientAddress(http))], http.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>Ends every session of the caller's account.</summary>
    public static async Task<NoContent> SignOutEverywhere(HttpContext http, SecurityEvents events,
        IDbContextFactory<PlatformDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync(http.RequestAborted).ConfigureAwait(false);
        var ended = await SessionStore.EndAllAsync(db, AccountId(http.User), null, http.RequestAborted).ConfigureAwait(false);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        await events.SaveAsync(db, [new SecurityEvent(SecurityEvents.SignOutEverywhere, http.User.Identity!.Name!, "self",
            Address: AccountsModule.ClientAddress(http), Detail: $"结束 {ended} 个会话")], http.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>Changes the signed-in user's password after checking the current one (a wrong one counts as a failed
    /// sign-in from the address). Every other session of the account ends; this one goes on.</summary>
    public static async Task<Results<NoContent, ValidationProblem, BadRequestProblem>> ChangePassword(
        ChangePasswordRequest body,
        HttpContext http, IDbContextFactory<PlatformDbContext> contexts, IPasswordHasher<AccountRecord> hasher,
        SignInService signIn, SecurityEvents events)
    {
        await using var db = await contexts.CreateDbContextAsync(http.RequestAborted).ConfigureAwait(false);
        var id = AccountId(http.User);
        var account = await db.Accounts.SingleAsync(a => a.Id == id, http.RequestAborted).ConfigureAwait(false);
        var address = AccountsModule.ClientAddress(http);
        if (string.IsNullOrEmpty(body.CurrentPassword)
            || !await signIn.VerifyAsync(db, account, body.CurrentPassword, address, http.RequestAborted).ConfigureAwait(false))
        {
            return new BadRequestProblem("CURRENT_PASSWORD_WRONG", "无法修改密码", "当前密码不正确，或尝试次数过多；请核对后稍后再试");
        }

        if (PasswordPolicy.Check(account.UserName, body.NewPassword) is { } problem)
        {
            return Validation.Problem("newPassword", problem);
        }

        account.PasswordHash = hasher.HashPassword(account, body.NewPassword!);
        account.PasswordVetted = true;
        var ended = await SessionStore.EndAllAsync(db, id, http.User.FindFirstValue(SessionStore.SessionClaim),
            http.RequestAborted).ConfigureAwait(false);
        await events.SaveAsync(db, [new SecurityEvent(SecurityEvents.PasswordChanged, account.UserName, "self",
            Address: address, Detail: $"结束其他 {ended} 个会话")], http.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>Who is signed in.</summary>
    public static Ok<CurrentUser> Me(ClaimsPrincipal user) => TypedResults.Ok(CurrentUser.Of(user));

    /// <summary>Whether anyone is signed in, without a 401: the web UI asks this when a page opens, and a browser
    /// logs every 401 as an error.</summary>
    public static Ok<SessionInfo> Session(ClaimsPrincipal user) =>
        TypedResults.Ok(new SessionInfo(user.Identity?.IsAuthenticated == true ? CurrentUser.Of(user) : null));

    private static Guid AccountId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    /// <summary>The anti-forgery request token for this browser.</summary>
    public static Ok<AntiforgeryToken> GetAntiforgeryToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryToken(tokens.RequestToken!, AccountsModule.AntiforgeryHeader));
    }
}
