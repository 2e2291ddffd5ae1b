using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Audit;
using OneThing.Engine.Persistence;

namespace OneThing.Server.Accounts;

/// <summary>A security event: who did what to which account, from where. Never holds a password.</summary>
/// <param name="Command">What happened (<see cref="SecurityEvents"/> names them).</param>
/// <param name="Actor">Who acted: a signed-in user's name, the user name as typed for a sign-in, or
/// <c>cli</c>.</param>
/// <param name="Role">The capacity acted in: <c>admin</c>, <c>self</c>, <c>anonymous</c>, <c>cli</c>.</param>
/// <param name="Account">The account concerned, when it differs from the actor or exists.</param>
/// <param name="Address">The client address.</param>
/// <param name="Before">The state before (roles, departments…).</param>
/// <param name="After">The state after.</param>
/// <param name="Detail">Why, in Chinese (e.g. why a sign-in failed: for auditors, never for the client).</param>
public sealed record SecurityEvent(string Command, string Actor, string Role, string? Account = null,
    string? Address = null, string? Before = null, string? After = null, string? Detail = null);

/// <summary>Writes security events to the hash-chained audit trail (the chain <see cref="SecurityChain.Id"/>) and
/// to the log, in the unit of work of the change they record.</summary>
public sealed partial class SecurityEvents(ILogger<SecurityEvents> logger, TimeProvider clock)
{
    /// <summary>A sign-in succeeded.</summary>
    public const string SignIn = "sign-in";

    /// <summary>A sign-in failed (unknown name, wrong password, throttled address or locked account).</summary>
    public const string SignInFailed = "sign-in.failed";

    /// <summary>An account's sign-ins from one address are blocked for a while after repeated failures.</summary>
    public const string LockOut = "lock-out";

    /// <summary>An administrator locked an account.</summary>
    public const string Locked = "account.locked";

    /// <summary>An administrator unlocked an account (and cleared its failure counts).</summary>
    public const string Unlocked = "account.unlocked";

    /// <summary>An account was created.</summary>
    public const string Created = "account.created";

    /// <summary>An account's roles changed.</summary>
    public const string RolesChanged = "roles.changed";

    /// <summary>An account's departments changed.</summary>
    public const string DepartmentsChanged = "departments.changed";

    /// <summary>An administrator (or <c>set-password</c>) set an account's password.</summary>
    public const string PasswordReset = "password.reset";

    /// <summary>A user changed their own password.</summary>
    public const string PasswordChanged = "password.changed";

    /// <summary>A session ended by signing out.</summary>
    public const string SignOut = "sign-out";

    /// <summary>Every session of an account ended.</summary>
    public const string SignOutEverywhere = "sign-out-everywhere";

    // Appends to the one security chain race with each other; each conflict re-reads the tail and tries again.
    private const int MaxAttempts = 50;

    /// <summary>Saves <paramref name="db"/>'s pending changes together with <paramref name="events"/>, appended to
    /// the security chain, then logs the events. When a concurrent append took the chain's next position, the events
    /// are appended again at the new tail and the whole unit of work is saved again.</summary>
    public async Task SaveAsync(PlatformDbContext db, IReadOnlyList<SecurityEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        var at = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var appended = events.Select(e => AuditTrail.Append(db, SecurityChain.Id, EntryOf(e), at)).ToList();
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsChainConflict(ex))
            {
                foreach (var record in appended)
                {
                    db.Entry(record).State = EntityState.Detached;
                }
            }
        }

        foreach (var e in events)
        {
            Log(e);
        }
    }

    /// <summary>Records <paramref name="events"/> in a unit of work of their own.</summary>
    public async Task RecordAsync(IDbContextFactory<PlatformDbContext> contexts, IReadOnlyList<SecurityEvent> events,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await SaveAsync(db, events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How an event is stored in the chain: the account and address go into the reason, so the chain's
    /// hash covers them.</summary>
    public static AuditEntry EntryOf(SecurityEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var reason = string.Join("；", new[]
        {
            e.Account is null ? null : $"账户 {e.Account}",
            e.Address is null ? null : $"地址 {e.Address}",
            e.Detail,
        }.Where(p => p is not null));
        return new AuditEntry(Bounded(e.Actor, AuditTrail.MaxActorLength), e.Role, e.Command,
            Bounded(e.Before, AuditTrail.MaxSummaryLength), Bounded(e.After, AuditTrail.MaxSummaryLength),
            reason.Length == 0 ? null : Bounded(reason, AuditTrail.MaxReasonLength));
    }

    private static bool IsChainConflict(Exception ex) => ex is ConcurrencyConflictException
        || (ex is DbUpdateException { InnerException: { } inner } && UniqueViolation.Is(inner));

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Bounded(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private void Log(SecurityEvent e)
    {
        if (e.Command is SignInFailed or LockOut)
        {
            LogWarning(logger, e.Command, e.Actor, e.Role, e.Account, e.Address, e.Detail);
        }
        else
        {
            LogInformation(logger, e.Command, e.Actor, e.Role, e.Account, e.Address, e.Detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "安全事件 {Command}：操作人 {Actor}（{Role}），账户 {Account}，地址 {Address}，{Detail}")]
    private static partial void LogInformation(ILogger logger, string command, string actor, string role,
        string? account, string? address, string? detail);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "安全事件 {Command}：操作人 {Actor}（{Role}），账户 {Account}，地址 {Address}，{Detail}")]
    private static partial void LogWarning(ILogger logger, string command, string actor, string role,
        string? account, string? address, string? detail);
}
