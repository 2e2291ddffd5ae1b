using OneThing.Cases.Notifications;
using OneThing.Server.Hosting;

namespace OneThing.Server.Notifications;

/// <summary>Registers notifications: the outbox options, the default senders and the outbox dispatcher.</summary>
public static class NotificationsModule
{
    /// <summary>Binds <see cref="OutboxOptions"/> from <c>OneThing:Outbox</c>, registers a
    /// <see cref="LoggingNotificationSender"/> for SMS and e-mail (register an <see cref="INotificationSender"/>
    /// after this to replace one) and runs the <see cref="OutboxDispatcher"/> as a hosted service.</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedSettings(OutboxOptions.Section, new SettingRules<OutboxOptions>(OutboxOptions.Section)
            .Require(nameof(OutboxOptions.PollInterval), o => o.PollInterval > TimeSpan.Zero, "应大于 0")
            .Require(nameof(OutboxOptions.BatchSize), o => o.BatchSize >= 1, "应不小于 1")
            .Require(nameof(OutboxOptions.MaxAttempts), o => o.MaxAttempts >= 1, "应不小于 1")
            .Require(nameof(OutboxOptions.Backoff), o => o.Backoff >= TimeSpan.Zero, "不能为负")
            .Require(nameof(OutboxOptions.ErrorDelay), o => o.ErrorDelay > TimeSpan.Zero, "应大于 0"));
        foreach (var channel in (string[])[NotificationChannelNames.Sms, NotificationChannelNames.Email])
        {
            builder.Services.AddSingleton<INotificationSender>(sp =>
                new LoggingNotificationSender(channel, sp.GetRequiredService<ILogger<LoggingNotificationSender>>()));
        }

        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return builder;
    }
}
