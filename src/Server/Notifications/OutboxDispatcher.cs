using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Notifications;

namespace OneThing.Server.Notifications;

/// <summary>Outbox settings, bound from <c>OneThing:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OneThing:Outbox";

    /// <summary>Whether this node runs the dispatcher (default true). Messages wait in the outbox while no node does.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the dispatcher sleeps when nothing is due (default 1 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most messages one pass sends (default 20).</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Attempts before a message is given up (default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failure; it doubles with each further one (default 30 s).</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait after an unexpected fault of a pass (the database away) before the next (default 5 s).</summary>
    public TimeSpan ErrorDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Sends due outbox messages through the <see cref="INotificationSender"/> of their channel. A sent
/// message gets <see cref="OutboxMessageRecord.SentAt"/>; a failed one is due again after an exponential back-off,
/// and after <see cref="OutboxOptions.MaxAttempts"/> it is given up with the reason in
/// <see cref="OutboxMessageRecord.LastError"/>. Delivery is at least once: a node that stops between sending and
/// recording sends that message again.</summary>
public sealed partial class OutboxDispatcher(IDbContextFactory<PlatformDbContext> contexts,
    IEnumerable<INotificationSender> senders, OutboxOptions options, TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private readonly Dictionary<string, INotificationSender> _senders = senders
        .GroupBy(s => s.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>One pass: sends the messages due now, oldest due first, at most
    /// <see cref="OutboxOptions.BatchSize"/>.</summary>
    /// <returns>How many messages were attempted (sent or failed).</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var attempted = 0;
        while (attempted < options.BatchSize && await SendNextAsync(now, cancellationToken).ConfigureAwait(false))
        {
            attempted++;
        }

        return attempted;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await RunOnceAsync(stoppingToken).ConfigureAwait(false) < options.BatchSize
                    ? options.PollInterval
                    : TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive a database that is briefly away; the fault is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(logger, ex);
                delay = options.ErrorDelay;
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims, sends and records one due message; false when none is due. On PostgreSQL the row stays
    /// locked (<c>FOR UPDATE SKIP LOCKED</c>) from claim to record, so other nodes pass over it instead of sending
    /// it too; SQLite serves one process, and holding its single write lock while a gateway answers would stall
    /// every other writer, so there the message is read, sent, then recorded.</summary>
    private async Task<bool> SendNextAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var postgres = db.Database.ProviderName == NpgsqlProvider;
            var transaction = postgres
                ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
                : null;
            try
            {
                var message = await ClaimAsync(db, now, postgres, cancellationToken).ConfigureAwait(false);
                if (message is null)
                {
                    return false;
                }

                await SendAsync(message, now, cancellationToken).ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return true;
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<OutboxMessageRecord?> ClaimAsync(PlatformDbContext db, DateTimeOffset now, bool postgres,
        CancellationToken cancellationToken)
    {
        if (postgres)
        {
            var ticks = now.UtcTicks;
            // Run as written (ToList, not First): EF would wrap a composed query around the locking clause.
            var rows = await db.Outbox.FromSql(
                    $"""
                     SELECT * FROM ot_outbox WHERE "DueAt" <= {ticks} ORDER BY "DueAt" LIMIT 1 FOR UPDATE SKIP LOCKED
                     """)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.FirstOrDefault();
        }

        return await db.Outbox.Where(m => m.DueAt != null && m.DueAt <= now).OrderBy(m => m.DueAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(OutboxMessageRecord message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            if (!_senders.TryGetValue(message.Channel, out var sender))
            {
                throw new InvalidOperationException($"没有渠道 {message.Channel} 的发送器");
            }

            await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
            message.SentAt = clock.GetUtcNow();
            message.DueAt = null;
            message.LastError = null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            message.Attempts++;
            var error = $"{ex.GetType().Name}: {ex.Message}";
            if (message.Attempts >= options.MaxAttempts)
            {
                message.DueAt = null;
                error = $"已失败 {message.Attempts} 次，不再重试。{error}";
                LogGivenUp(logger, message.Id, message.Channel, message.Attempts, ex);
            }
            else
            {
                message.DueAt = now + options.Backoff * Math.Pow(2, message.Attempts - 1);
                LogFailed(logger, message.Id, message.Channel, message.Attempts, ex);
            }

            message.LastError = error.Length > Notifier.MaxErrorLength ? error[..Notifier.MaxErrorLength] : error;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "发件箱轮询失败，稍后重试")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "消息 {MessageId}（{Channel}）第 {Attempts} 次发送失败，稍后重试")]
    private static partial void LogFailed(ILogger logger, Guid messageId, string channel, int attempts,
        Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "消息 {MessageId}（{Channel}）已失败 {Attempts} 次，不再重试")]
    private static partial void LogGivenUp(ILogger logger, Guid messageId, string channel, int attempts,
        Exception exception);
}
