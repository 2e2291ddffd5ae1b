using OneThing.Cases.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Cases.Notifications;

/// <summary>The channels a notification goes out on. In-app is always included.</summary>
[Flags]
public enum NotificationChannels
{
    /// <summary>站内信: the recipient's inbox.</summary>
    InApp = 1,

    /// <summary>A text message, through the outbox.</summary>
    Sms = 2,

    /// <summary>An e-mail, through the outbox.</summary>
    Email = 4,
}

/// <summary>The names of the external channels as stored in <see cref="OutboxMessageRecord.Channel"/>.</summary>
public static class NotificationChannelNames
{
    /// <summary>Text message.</summary>
    public const string Sms = "sms";

    /// <summary>E-mail.</summary>
    public const string Email = "email";
}

/// <summary>Stable codes of <see cref="NotificationRecord.Kind"/>.</summary>
public static class NotificationKinds
{
    /// <summary>The application was accepted (受理).</summary>
    public const string CaseAccepted = "case.accepted";

    /// <summary>Materials must be corrected (补正).</summary>
    public const string CaseCorrection = "case.correction";

    /// <summary>The case was decided (办结).</summary>
    public const string CaseDecided = "case.decided";

    /// <summary>Someone urged a task (催办).</summary>
    public const string TaskUrged = "task.urged";

    /// <summary>A task was assigned to the recipient.</summary>
    public const string TaskAssigned = "task.assigned";

    /// <summary>A task is close to its time limit (时效).</summary>
    public const string TaskNearingLimit = "task.nearing-limit";
}

/// <summary>Notifies users: an in-app notification, plus an outbox message per external channel, added to the
/// caller's unit of work.</summary>
public static class Notifier
{
    /// <summary>Longest recipient (a user name).</summary>
    public const int MaxRecipientLength = 100;

    /// <summary>Longest kind code.</summary>
    public const int MaxKindLength = 100;

    /// <summary>Longest title (also the subject of outbox messages).</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Longest body.</summary>
    public const int MaxBodyLength = 2000;

    /// <summary>Longest stored send error.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>Adds (does not save) a notification for <paramref name="recipient"/> and, for each of
    /// <see cref="NotificationChannels.Sms"/> and <see cref="NotificationChannels.Email"/> in
    /// <paramref name="channels"/>, an outbox message due at <paramref name="at"/>. The in-app notification is made
    /// whatever <paramref name="channels"/> says.</summary>
    /// <returns>The in-app notification.</returns>
    /// <exception cref="ArgumentException">A required text is empty or a text is longer than its limit; nothing is
    /// truncated.</exception>
    public static NotificationRecord Notify(PlatformDbContext db, string recipient, string kind, Guid? caseId,
        string title, string body, DateTimeOffset at, NotificationChannels channels = NotificationChannels.InApp)
    {
        ArgumentNullException.ThrowIfNull(db);
        Check(recipient, MaxRecipientLength, nameof(recipient));
        Check(kind, MaxKindLength, nameof(kind));
        Check(title, MaxTitleLength, nameof(title));
        Check(body, MaxBodyLength, nameof(body));
        var notification = new NotificationRecord
        {
            Id = TimeOrderedId.Next(at),
            Recipient = recipient,
            Kind = kind,
            CaseId = caseId,
            Title = title,
            Body = body,
            CreatedAt = at,
        };
        db.Notifications.Add(notification);
        foreach (var (flag, channel) in (ReadOnlySpan<(NotificationChannels, string)>)
                 [(NotificationChannels.Sms, NotificationChannelNames.Sms),
                  (NotificationChannels.Email, NotificationChannelNames.Email)])
        {
            if (channels.HasFlag(flag))
            {
                db.Outbox.Add(new OutboxMessageRecord
                {
                    Id = TimeOrderedId.Next(at),
                    NotificationId = notification.Id,
                    Channel = channel,
                    Recipient = recipient,
                    Subject = title,
                    Body = body,
                    CreatedAt = at,
                    DueAt = at,
                });
            }
        }

        return notification;
    }

    private static void Check(string value, int max, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Length > max)
        {
            throw new ArgumentException($"通知的 {name} 长度 {value.Length} 超过上限 {max}", name);
        }
    }
}
