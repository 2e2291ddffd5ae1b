using OneThing.Cases.Persistence;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;

namespace OneThing.Server.Accounts;

/// <summary>Server-side sessions: a sign-in stores a row keyed by the hash of a random token that only the cookie
/// holds; every authenticated request looks the row and its account up (one primary-key join), so a deleted row, a
/// locked account or a removed account ends the session on every node at once, and roles and departments always come
/// from the account row, never from the cookie.</summary>
public sealed class SessionStore(IDbContextFactory<PlatformDbContext> contexts, AccountOptions options, TimeProvider clock)
{
    /// <summary>The claim carrying the session token in the cookie.</summary>
    public const string SessionClaim = "onething:session";

    private const int TokenBytes = 32;

    // One compiled query per store, not per process: a compiled query keeps the SQL of the first provider it ran on,
    // and one process may host servers on different providers (the tests do).
    private readonly Func<PlatformDbContext, string, CancellationToken, Task<SessionView?>> _lookup =
        EF.CompileAsyncQuery((PlatformDbContext db, string id, CancellationToken _) =>
            (from s in db.Sessions.AsNoTracking()
             join a in db.Accounts.AsNoTracking() on s.AccountId equals a.Id
             where s.Id == id
             select new SessionView(s.CreatedAt, s.LastSeenAt, a)).FirstOrDefault());

    /// <summary>Adds a session for <paramref name="account"/> to <paramref name="db"/> (saved with the caller's unit
    /// of work) and returns the principal to put in the cookie.</summary>
    public ClaimsPrincipal Start(PlatformDbContext db, AccountRecord account, string? address)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(account);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = clock.GetUtcNow();
        db.Sessions.Add(new SessionRecord
        {
            Id = HashOf(token), AccountId = account.Id, CreatedAt = now, LastSeenAt = now,
            Address = address is null ? null : address[..Math.Min(address.Length, SessionRecord.MaxAddressLength)],
        });
        return AccountsModule.PrincipalOf(account, token);
    }

    /// <summary>The account of a live session, or null when the session was ended, has expired (idle longer than
    /// <see cref="AccountOptions.SessionIdleTimeout"/> or older than <see cref="AccountOptions.SessionLifetime"/>),
    /// or its account is locked or gone. Keeps the session's last use up to date within
    /// <see cref="AccountOptions.SessionRenewInterval"/>, so most requests only read.</summary>
    public async Task<AccountRecord?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var id = HashOf(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var session = await _lookup(db, id, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (session is null)
        {
            return null;
        }

        if (now - session.LastSeenAt > options.SessionIdleTimeout || now - session.CreatedAt > options.SessionLifetime)
        {
            await db.Sessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (session.Account.LockedUntil > now)
        {
            return null;
        }

        if (now - session.LastSeenAt >= options.SessionRenewInterval)
        {
            await db.Sessions.Where(s => s.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), cancellationToken).ConfigureAwait(false);
        }

        return session.Account;
    }

    /// <summary>Ends the session of the request's signed-in user (its row is deleted) and removes the cookie.
    /// </summary>
    public async Task EndAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.User.FindFirstValue(SessionClaim) is { } token)
        {
            var id = HashOf(token);
            await using var db = await contexts.CreateDbContextAsync(http.RequestAborted).ConfigureAwait(false);
            await db.Sessions.Where(s => s.Id == id).ExecuteDeleteAsync(http.RequestAborted).ConfigureAwait(false);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
    }

    /// <summary>Ends every session of the account but the one whose token is <paramref name="keepToken"/> (none
    /// when null). Returns how many were ended.</summary>
    public static Task<int> EndAllAsync(PlatformDbContext db, Guid accountId, string? keepToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var keep = keepToken is null ? null : HashOf(keepToken);
        return db.Sessions.Where(s => s.AccountId == accountId && s.Id != keep).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The stored id of a session token.</summary>
    public static string HashOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Cookie authentication's per-request check: swaps the cookie's principal for one built from the
    /// current account row, or rejects the cookie (the request goes on anonymous and protected endpoints answer
    /// 401).</summary>
    internal static async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var token = context.Principal?.FindFirstValue(SessionClaim);
        var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        var account = token is null ? null : await store.ValidateAsync(token, context.HttpContext.RequestAborted)
            .ConfigureAwait(false);
        if (account is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return;
        }

        context.ReplacePrincipal(AccountsModule.PrincipalOf(account, token!));
    }

    private sealed record SessionView(DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, AccountRecord Account);
}
