using OneThing.Cases.Notifications;

namespace OneThing.Server.Notifications;

/// <summary>Sends outbox messages of one channel (an SMS gateway, a mail server). Register implementations as
/// <see cref="INotificationSender"/> singletons; for a channel the one registered last wins, so a deployment's
/// sender replaces the default <see cref="LoggingNotificationSender"/>.</summary>
public interface INotificationSender
{
    /// <summary>The channel served, <see cref="NotificationChannelNames.Sms"/> or
    /// <see cref="NotificationChannelNames.Email"/>.</summary>
    string Channel { get; }

    /// <summary>Delivers one message to <see cref="OutboxMessageRecord.Recipient"/> (a user name: the sender resolves
    /// the address). Throwing counts as a failed attempt; the dispatcher retries with back-off.</summary>
    Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken);
}

/// <summary>The default sender: writes the message to the log instead of sending it, so a deployment without a
/// gateway loses nothing silently and a developer sees what would go out.</summary>
public sealed partial class LoggingNotificationSender(string channel, ILogger<LoggingNotificationSender> logger)
    : INotificationSender
{
    /// <inheritdoc />
    public string Channel => channel;

    /// <inheritdoc />
    public Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        LogMessage(logger, message.Channel, message.Recipient, message.Subject, message.Id);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "[{Channel}] 发给 {Recipient}：{Subject}（消息 {MessageId}，未配置发送器，仅记录）")]
    private static partial void LogMessage(ILogger logger, string channel, string recipient, string subject,
        Guid messageId);
}
