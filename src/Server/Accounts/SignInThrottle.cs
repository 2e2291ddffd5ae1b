using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Engine.Persistence;

namespace OneThing.Server.Accounts;

/// <summary>Counts failed sign-ins per account and client address, and blocks that pair for a while once the count
/// reaches <see cref="AccountOptions.MaxFailedSignIns"/>: <see cref="AccountOptions.BlockDuration"/> at first,
/// doubling with each further failure up to <see cref="AccountOptions.MaxBlockDuration"/>. The account holder
/// signing in from another address is not affected, so nobody can lock an account out by guessing at it.</summary>
/// <remarks>Every count is moved on by one conditional UPDATE that names the count it read; when a parallel failure
/// moved it first, the update changes no row and is retried on the new count. So N parallel failures count N, and
/// the block cannot be raced past.</remarks>
public sealed class SignInThrottle(AccountOptions options)
{
    // Each retry means another failure of the same pair committed in between; more than this many is a flood that
    // the per-address rate limit should have stopped.
    private const int MaxAttempts = 100;

    // 2^MaxDoublings × BlockDuration bounds the exponent long before TimeSpan could overflow.
    private const int MaxDoublings = 20;

    /// <summary>When sign-ins of <paramref name="accountId"/> from <paramref name="address"/> are blocked until
    /// a time after <paramref name="now"/>, that time; otherwise null.</summary>
    public static async Task<DateTimeOffset?> BlockedUntilAsync(PlatformDbContext db, Guid accountId, string address,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var until = await db.SignInThrottles.AsNoTracking().Where(t => t.AccountId == accountId && t.Address == address)
            .Select(t => t.BlockedUntil).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return until > now ? until : null;
    }

    /// <summary>Counts one failure; returns the count and, when it blocks the pair, until when.</summary>
    public async Task<(int Failures, DateTimeOffset? BlockedUntil)> RecordFailureAsync(PlatformDbContext db,
        Guid accountId, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        for (var attempt = 1; ; attempt++)
        {
            var row = await db.SignInThrottles.AsNoTracking()
                .FirstOrDefaultAsync(t => t.AccountId == accountId && t.Address == address, cancellationToken)
                .ConfigureAwait(false);
            if (row is null)
            {
                var fresh = new SignInThrottleRecord { AccountId = accountId, Address = address, Failures = 1, LastFailureAt = now };
                fresh.BlockedUntil = BlockFor(fresh.Failures, now);
                db.SignInThrottles.Add(fresh);
                try
                {
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return (fresh.Failures, fresh.BlockedUntil);
                }
                catch (DbUpdateException ex) when (attempt < MaxAttempts && ex.InnerException is { } inner && UniqueViolation.Is(inner))
                {
                    db.Entry(fresh).State = EntityState.Detached;
                    continue;
                }
            }

            var seen = row.Failures;
            var seenAt = row.LastFailureAt;
            // A count left alone longer than the reset period starts again.
            var failures = (now - seenAt > options.FailureResetAfter ? 0 : seen) + 1;
            var blockedUntil = BlockFor(failures, now);
            var moved = await db.SignInThrottles
                .Where(t => t.AccountId == accountId && t.Address == address && t.Failures == seen && t.LastFailureAt == seenAt)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Failures, failures).SetProperty(t => t.LastFailureAt, now)
                    .SetProperty(t => t.BlockedUntil, blockedUntil), cancellationToken).ConfigureAwait(false);
            if (moved == 1 || attempt >= MaxAttempts)
            {
                return (failures, blockedUntil);
            }
        }
    }

    /// <summary>Forgets the failures of the pair (after a successful sign-in).</summary>
    public static Task ClearAsync(PlatformDbContext db, Guid accountId, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SignInThrottles.Where(t => t.AccountId == accountId && t.Address == address)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Forgets the failures of the account from every address (an administrator's unlock).</summary>
    public static Task ClearAllAsync(PlatformDbContext db, Guid accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SignInThrottles.Where(t => t.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
    }

    private DateTimeOffset? BlockFor(int failures, DateTimeOffset now)
    {
        if (failures < options.MaxFailedSignIns)
        {
            return null;
        }

        var doublings = Math.Min(failures - options.MaxFailedSignIns, MaxDoublings);
        var block = options.BlockDuration * Math.Pow(2, doublings);
        return now + (block < options.MaxBlockDuration ? block : options.MaxBlockDuration);
    }
}
