using OneThing.Cases.Notifications;

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
        builder.Services.AddSingleton(builder.Configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new());
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
