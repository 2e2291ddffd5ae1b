namespace OneThing.Engine.Persistence;

/// <summary>Settings of the <see cref="JobExecutor"/>.</summary>
public sealed record JobExecutorOptions
{
    /// <summary>Default longest sleep between polls; bounds how late a job created by another node is noticed.
    /// </summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>See <see cref="DefaultPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>How long to wait after the database failed (unreachable, deadlock) before trying again.</summary>
    public TimeSpan ErrorDelay { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Runs due jobs (timers, built-in service tasks) until stopped. Between jobs it sleeps until the next due
/// time, at most <see cref="JobExecutorOptions.PollInterval"/>: an idle poll is one indexed query. Stopping lets the
/// job in flight finish — each job is one transaction, so nothing is left half done.</summary>
public sealed class JobExecutor(DurableEngine engine, JobExecutorOptions options, TimeProvider clock)
{
    /// <summary>Raised when a poll fails with an exception (the loop goes on after <see cref="JobExecutorOptions.ErrorDelay"/>).</summary>
    public event Action<Exception>? Failed;

    /// <summary>Jobs run since start.</summary>
    public long JobsRun { get; private set; }

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                if (RunDueJobs(stoppingToken))
                {
                    continue;
                }

                var next = engine.NextJobDueAt();
                var untilNext = next is null ? options.PollInterval : next.Value - clock.GetUtcNow();
                delay = untilNext < TimeSpan.Zero ? TimeSpan.Zero
                    : untilNext > options.PollInterval ? options.PollInterval : untilNext;
            }
#pragma warning disable CA1031 // The loop must outlive a database outage; the failure is reported, then retried.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Failed?.Invoke(ex);
                delay = options.ErrorDelay;
            }

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

    private bool RunDueJobs(CancellationToken stoppingToken)
    {
        var any = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!engine.RunNextDueJob())
                {
                    break;
                }

                JobsRun++;
            }
            catch (ConcurrencyConflictException)
            {
                // Another node changed the same instance first; its commit stands and the job is looked at again.
            }

            any = true;
        }

        return any;
    }
}
