using OneThing.Cases.Casework;

namespace OneThing.Server.Cases;

/// <summary>Runs <see cref="LimitWarnings.WarnNearingLimits"/> every <see cref="Interval"/> (超期预警 站内信).</summary>
public sealed partial class LimitWarningService(LimitWarnings warnings, TimeProvider clock,
    ILogger<LimitWarningService> logger) : BackgroundService
{
    /// <summary>How often open tasks are checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Database calls are synchronous; keep them off the host's start-up path and request threads.
                await Task.Run(() => warnings.WarnNearingLimits(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "时限预警检查失败，稍后重试")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
