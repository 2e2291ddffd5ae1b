namespace OneThing.Engine.Tests.Feel;

/// <summary>A fixed clock for FEEL tests whose local time zone is UTC+8 (China Standard Time), built in code so
/// tests do not depend on the machine's time-zone database.</summary>
public sealed class FeelTestClock(DateTimeOffset now) : TimeProvider
{
    private static readonly TimeZoneInfo ChinaStandardTime =
        TimeZoneInfo.CreateCustomTimeZone("UTC+08", TimeSpan.FromHours(8), "UTC+08", "UTC+08");

    /// <summary>2026-03-01T20:30Z, which is already 2 March 04:30 in UTC+8.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 3, 1, 20, 30, 0, TimeSpan.Zero);

    public FeelTestClock()
        : this(DefaultNow)
    {
    }

    public override TimeZoneInfo LocalTimeZone => ChinaStandardTime;

    public override DateTimeOffset GetUtcNow() => now;
}
