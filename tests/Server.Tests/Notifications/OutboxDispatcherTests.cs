using OneThing.Cases.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OneThing.Cases.Notifications;
using OneThing.Engine.Tests.TestSupport;
using OneThing.Server.Notifications;
using OneThing.Server.Persistence;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Notifications;

public sealed class OutboxDispatcherTests : IDisposable
{
    private readonly OneThingFactory _factory = new();
    private readonly FakeClock _clock = new();
    private readonly FakeSender _sms = new(NotificationChannelNames.Sms);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task RunOnce_DueMessages_SentThroughTheirChannelsSenderAndMarkedSent()
    {
        using var host = Host();
        var notification = Notify(host, NotificationChannels.InApp | NotificationChannels.Sms | NotificationChannels.Email);
        Notify(host, NotificationChannels.InApp);

        var attempted = await Dispatcher(host).RunOnceAsync(CancellationToken.None);
        var again = await Dispatcher(host).RunOnceAsync(CancellationToken.None);

        Assert.Equal((2, 0), (attempted, again));
        var sent = Assert.Single(_sms.Sent);
        Assert.Equal(("applicant", "催办提醒", notification.Id), (sent.Recipient, sent.Subject, sent.NotificationId));
        var messages = Outbox(host);
        Assert.Equal([NotificationChannelNames.Email, NotificationChannelNames.Sms], messages.Select(m => m.Channel).Order());
        Assert.All(messages, m => Assert.Equal((_clock.GetUtcNow(), (DateTimeOffset?)null, 0), (m.SentAt!.Value, m.DueAt, m.Attempts)));
    }

    [Fact]
    public async Task RunOnce_SenderFails_RetriesAfterDoublingBackoffThenSends()
    {
        _sms.FailuresLeft = 2;
        using var host = Host();
        Notify(host, NotificationChannels.Sms);
        var backoff = host.Services.GetRequiredService<OutboxOptions>().Backoff;
        var start = _clock.GetUtcNow();

        Assert.Equal(1, await Dispatcher(host).RunOnceAsync(CancellationToken.None));
        var afterFirst = Assert.Single(Outbox(host));
        Assert.Equal((1, start + backoff, (DateTimeOffset?)null), (afterFirst.Attempts, afterFirst.DueAt, afterFirst.SentAt));
        Assert.Contains("网关不可用", afterFirst.LastError, StringComparison.Ordinal);

        _clock.Advance(backoff - TimeSpan.FromTicks(1));
        Assert.Equal(0, await Dispatcher(host).RunOnceAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, await Dispatcher(host).RunOnceAsync(CancellationToken.None));
        var afterSecond = Assert.Single(Outbox(host));
        Assert.Equal((2, _clock.GetUtcNow() + (backoff * 2)), (afterSecond.Attempts, afterSecond.DueAt));

        _clock.Advance(backoff * 2);
        Assert.Equal(1, await Dispatcher(host).RunOnceAsync(CancellationToken.None));
        var sent = Assert.Single(Outbox(host));
        Assert.Equal((2, _clock.GetUtcNow(), (DateTimeOffset?)null, (string?)null),
            (sent.Attempts, sent.SentAt!.Value, sent.DueAt, sent.LastError));
        Assert.Single(_sms.Sent);
    }

    [Fact]
    public async Task RunOnce_SenderKeepsFailing_GivesUpAfterMaxAttempts()
    {
        _sms.FailuresLeft = int.MaxValue;
        using var host = Host();
        Notify(host, NotificationChannels.Sms);
        var options = host.Services.GetRequiredService<OutboxOptions>();

        for (var attempt = 0; attempt < options.MaxAttempts; attempt++)
        {
            Assert.Equal(1, await Dispatcher(host).RunOnceAsync(CancellationToken.None));
            _clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(0, await Dispatcher(host).RunOnceAsync(CancellationToken.None));
        var given = Assert.Single(Outbox(host));
        Assert.Equal((options.MaxAttempts, (DateTimeOffset?)null, (DateTimeOffset?)null),
            (given.Attempts, given.DueAt, given.SentAt));
        Assert.Contains("不再重试", given.LastError, StringComparison.Ordinal);
        Assert.Equal(options.MaxAttempts, _sms.Calls);
    }

    [Fact]
    public async Task RunOnce_OnPostgres_PassesOverAMessageAnotherNodeIsSending()
    {
        using var postgres = new PostgresDatabase();
        using var host = Host(postgres.ConnectionString);
        Notify(host, NotificationChannels.Sms);
        var gate = new GateSender();
        var otherNode = new OutboxDispatcher(host.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>(),
            [gate], host.Services.GetRequiredService<OutboxOptions>(), _clock, NullLogger<OutboxDispatcher>.Instance);

        var otherPass = otherNode.RunOnceAsync(CancellationToken.None);
        await gate.Entered.Task;
        var thisPass = await Dispatcher(host).RunOnceAsync(CancellationToken.None);
        gate.Release.SetResult();

        Assert.Equal((0, 1), (thisPass, await otherPass));
        Assert.Empty(_sms.Sent);
        Assert.Equal(_clock.GetUtcNow(), Assert.Single(Outbox(host)).SentAt);
    }

    private WebApplicationFactory<Program> Host(string? postgres = null) => _factory.WithWebHostBuilder(builder =>
    {
        // The test runs the passes itself; the hosted loop would race it.
        builder.UseSetting("OneThing:Outbox:Enabled", "false");
        if (postgres is not null)
        {
            builder.UseSetting($"{DatabaseOptions.Section}:Provider", "PostgreSql");
            builder.UseSetting($"{DatabaseOptions.Section}:ConnectionString", postgres);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton<INotificationSender>(_sms);
        });
    });

    private static OutboxDispatcher Dispatcher(WebApplicationFactory<Program> host) =>
        host.Services.GetRequiredService<OutboxDispatcher>();

    private NotificationRecord Notify(WebApplicationFactory<Program> host, NotificationChannels channels)
    {
        using var db = host.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        var notification = Notifier.Notify(db, "applicant", NotificationKinds.TaskUrged, Guid.CreateVersion7(), "催办提醒",
            "您的办件有待补正材料", _clock.GetUtcNow(), channels);
        db.SaveChanges();
        return notification;
    }

    private static List<OutboxMessageRecord> Outbox(WebApplicationFactory<Program> host)
    {
        using var db = host.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        return db.Outbox.AsNoTracking().ToList();
    }

    private sealed class FakeSender(string channel) : INotificationSender
    {
        public string Channel => channel;

        public int FailuresLeft { get; set; }

        public int Calls { get; private set; }

        public List<OutboxMessageRecord> Sent { get; } = [];

        public Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
        {
            Calls++;
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("短信网关不可用");
            }

            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    private sealed class GateSender : INotificationSender
    {
        public string Channel => NotificationChannelNames.Sms;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
    }
}
