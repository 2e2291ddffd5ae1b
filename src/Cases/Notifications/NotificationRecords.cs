using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneThing.Cases.Notifications;

/// <summary>One in-app notification (站内信) for one user.</summary>
public sealed class NotificationRecord
{
    public Guid Id { get; set; }

    /// <summary>User name of the recipient.</summary>
    public required string Recipient { get; set; }

    /// <summary>Stable code of what happened (see <see cref="NotificationKinds"/>).</summary>
    public required string Kind { get; set; }

    /// <summary>The case (办件) it is about, if any.</summary>
    public Guid? CaseId { get; set; }

    public required string Title { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the recipient marked it read; null while unread.</summary>
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>A message waiting to go out (or gone out) on an external channel: the outbox, written in the same unit
/// of work as the change that caused it and sent afterwards by the server's dispatcher.</summary>
public sealed class OutboxMessageRecord
{
    public Guid Id { get; set; }

    /// <summary>The in-app notification this message repeats.</summary>
    public Guid NotificationId { get; set; }

    /// <summary><see cref="NotificationChannelNames.Sms"/> or <see cref="NotificationChannelNames.Email"/>.</summary>
    public required string Channel { get; set; }

    /// <summary>User name of the recipient; the channel's sender resolves the address.</summary>
    public required string Recipient { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next attempt is due; null once sent or given up.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; set; }
}

internal sealed class NotificationRecordConfiguration : IEntityTypeConfiguration<NotificationRecord>
{
    public void Configure(EntityTypeBuilder<NotificationRecord> b)
    {
        b.ToTable("ot_notification");
        b.HasKey(x => x.Id);
        b.Property(x => x.Recipient).HasMaxLength(Notifier.MaxRecipientLength);
        b.Property(x => x.Kind).HasMaxLength(Notifier.MaxKindLength);
        b.Property(x => x.Title).HasMaxLength(Notifier.MaxTitleLength);
        b.Property(x => x.Body).HasMaxLength(Notifier.MaxBodyLength);
        // The inbox: a user's notifications newest first, and the count of the unread ones.
        b.HasIndex(x => new { x.Recipient, x.CreatedAt });
        b.HasIndex(x => new { x.Recipient, x.ReadAt });
    }
}

internal sealed class OutboxMessageRecordConfiguration : IEntityTypeConfiguration<OutboxMessageRecord>
{
    public void Configure(EntityTypeBuilder<OutboxMessageRecord> b)
    {
        b.ToTable("ot_outbox");
        b.HasKey(x => x.Id);
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.Recipient).HasMaxLength(Notifier.MaxRecipientLength);
        b.Property(x => x.Subject).HasMaxLength(Notifier.MaxTitleLength);
        b.Property(x => x.Body).HasMaxLength(Notifier.MaxBodyLength);
        b.Property(x => x.LastError).HasMaxLength(Notifier.MaxErrorLength);
        // The dispatcher's poll: due messages by time; sent and abandoned ones have no due time and drop out.
        b.HasIndex(x => x.DueAt);
        b.HasIndex(x => x.NotificationId);
    }
}
