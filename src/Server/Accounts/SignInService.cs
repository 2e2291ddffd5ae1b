using OneThing.Cases.Persistence;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;

namespace OneThing.Server.Accounts;

/// <summary>Checks a user name and password. Every refusal looks the same from outside — an unknown name, a wrong
/// password, an address blocked after repeated failures and a locked account all get one answer after one password
/// hash of the same cost — while the security chain records which it was.</summary>
public sealed class SignInService(IDbContextFactory<PlatformDbContext> contexts, IPasswordHasher<AccountRecord> hasher,
    SignInThrottle throttle, SessionStore sessions, SecurityEvents events, TimeProvider clock)
{
    private const int DummyPasswordBytes = 24;

    private static readonly AccountRecord Nobody = new() { UserName = "nobody", DisplayName = "" };

    // Hashed with the same hasher (and so the same cost) as real passwords; verified whenever there is no real hash
    // to verify, so a refusal takes as long as a wrong password.
    private readonly Lazy<string> _dummyHash = new(() =>
        hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(DummyPasswordBytes))));

    /// <summary>Signs in: returns the principal of a new session, or null when refused.</summary>
    public async Task<ClaimsPrincipal?> SignInAsync(string typedName, string password, string address,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(typedName);
        ArgumentNullException.ThrowIfNull(password);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var normalized = AccountRecord.Normalize(typedName);
        var account = NameRules.IsUserName(typedName)
            ? await db.Accounts.FirstOrDefaultAsync(a => a.NormalizedUserName == normalized, cancellationToken).ConfigureAwait(false)
            : null;
        var now = clock.GetUtcNow();
        var blockedUntil = account is null ? null
            : await SignInThrottle.BlockedUntilAsync(db, account.Id, address, now, cancellationToken).ConfigureAwait(false);
        var failure = new List<SecurityEvent>();
        string? why = null;
        if (account is null || account.LockedUntil > now || blockedUntil is not null)
        {
            hasher.VerifyHashedPassword(Nobody, _dummyHash.Value, password);
            why = account is null ? "账户不存在"
                : account.LockedUntil > now ? "账户已被管理员锁定"
                : $"该地址登录失败次数过多，暂停至 {blockedUntil:O}";
        }
        else
        {
            var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
            if (verdict == PasswordVerificationResult.Failed)
            {
                var (failures, until) = await throttle.RecordFailureAsync(db, account.Id, address, now, cancellationToken)
                    .ConfigureAwait(false);
                why = $"密码错误（该地址连续第 {failures} 次）";
                if (until is not null)
                {
                    failure.Add(new SecurityEvent(SecurityEvents.LockOut, "system", "system", account.UserName, address,
                        Detail: $"连续 {failures} 次登录失败，该地址暂停登录至 {until:O}"));
                }
            }
            else if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            {
                account.PasswordHash = hasher.HashPassword(account, password);
            }
        }

        if (why is not null)
        {
            failure.Insert(0, new SecurityEvent(SecurityEvents.SignInFailed, NameRules.ForRecord(typedName), "anonymous",
                account?.UserName, address, Detail: why));
            await events.SaveAsync(db, failure, cancellationToken).ConfigureAwait(false);
            return null;
        }

        await SignInThrottle.ClearAsync(db, account!.Id, address, cancellationToken).ConfigureAwait(false);
        var principal = sessions.Start(db, account, address);
        await events.SaveAsync(db, [new SecurityEvent(SecurityEvents.SignIn, account.UserName, "self", Address: address)],
            cancellationToken).ConfigureAwait(false);
        return principal;
    }

    /// <summary>Verifies <paramref name="password"/> against the account's hash, counting a failure against the
    /// address like a failed sign-in (a stolen session cannot guess the password freely either). False also when
    /// the address is blocked.</summary>
    public async Task<bool> VerifyAsync(PlatformDbContext db, AccountRecord account, string password, string address,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(password);
        var now = clock.GetUtcNow();
        if (await SignInThrottle.BlockedUntilAsync(db, account.Id, address, now, cancellationToken).ConfigureAwait(false) is not null)
        {
            hasher.VerifyHashedPassword(Nobody, _dummyHash.Value, password);
            return false;
        }

        if (hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed)
        {
            return true;
        }

        await throttle.RecordFailureAsync(db, account.Id, address, now, cancellationToken).ConfigureAwait(false);
        return false;
    }
}
