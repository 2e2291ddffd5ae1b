using OneThing.Engine.Timers;

namespace OneThing.Engine.Tests.Timers;

public class Iso8601Tests
{
    [Theory]
    [InlineData("P1Y2M3DT4H5M6.5S", 1, 2, 3, "04:05:06.5")]
    [InlineData("PT0.1S", 0, 0, 0, "00:00:00.1")]
    [InlineData("P2W", 0, 0, 14, "00:00:00")]
    [InlineData("P1W2D", 0, 0, 9, "00:00:00")]
    [InlineData("PT36H", 0, 0, 0, "1.12:00:00")]
    [InlineData("PT90M", 0, 0, 0, "01:30:00")]
    [InlineData("PT1.5H", 0, 0, 0, "01:30:00")]
    [InlineData("PT0,5S", 0, 0, 0, "00:00:00.5")]
    [InlineData("P0D", 0, 0, 0, "00:00:00")]
    [InlineData(" P1D ", 0, 0, 1, "00:00:00")]
    [InlineData("-P1DT1H", 0, 0, -1, "-01:00:00")]
    [InlineData("P10Y", 10, 0, 0, "00:00:00")]
    public void TryParseDuration_ValidText_ReturnsComponents(string text, int years, int months, int days, string time)
    {
        Assert.True(Iso8601.TryParseDuration(text, out var duration));

        Assert.Equal(new IsoDuration(years, months, days, TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture)), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("1D")]
    [InlineData("P1")]
    [InlineData("P1H")]
    [InlineData("PT1D")]
    [InlineData("P1D1Y")]
    [InlineData("P1M1M")]
    [InlineData("P1.5Y")]
    [InlineData("PT1.5H30M")]
    [InlineData("PT.5S")]
    [InlineData("PT1.S")]
    [InlineData("P-1D")]
    [InlineData("p1d")]
    [InlineData("P1DTT1H")]
    [InlineData("P99999999999999D")]
    [InlineData("PT9999999999H")]
    [InlineData("P3000000000Y")]
    [InlineData("R3/PT1H")]
    [InlineData("P1D garbage")]
    public void TryParseDuration_InvalidText_ReturnsFalse(string text) =>
        Assert.False(Iso8601.TryParseDuration(text, out _));

    [Fact]
    public void TryParseDuration_Null_ReturnsFalse() => Assert.False(Iso8601.TryParseDuration(null!, out _));

    [Theory]
    [InlineData("P1Y2M3DT4H5M6.5S")]
    [InlineData("PT0.1S")]
    [InlineData("P14D")]
    [InlineData("PT1H30M")]
    [InlineData("-P1DT1H")]
    [InlineData("PT0S")]
    [InlineData("P1Y")]
    public void ToString_ParsedDuration_RoundTrips(string text)
    {
        Assert.True(Iso8601.TryParseDuration(text, out var duration));

        Assert.Equal(text, duration.ToString());
    }

    [Fact]
    public void ToString_Weeks_AreWrittenAsDays()
    {
        Assert.True(Iso8601.TryParseDuration("P2W", out var duration));

        Assert.Equal("P14D", duration.ToString());
    }

    [Theory]
    [InlineData("P1M", "2026-01-31T10:00:00+08:00", "2026-02-28T10:00:00+08:00")]
    [InlineData("P1Y1M", "2024-02-29T00:00:00Z", "2025-03-29T00:00:00Z")]
    [InlineData("P1D", "2026-03-07T23:30:00Z", "2026-03-08T23:30:00Z")]
    [InlineData("P1MT1H", "2026-01-31T23:30:00Z", "2026-03-01T00:30:00Z")]
    [InlineData("PT90M", "2026-01-01T00:00:00Z", "2026-01-01T01:30:00Z")]
    [InlineData("-P1M", "2026-03-31T00:00:00Z", "2026-02-28T00:00:00Z")]
    public void AddTo_Start_AppliesCalendarThenDaysThenTime(string duration, string start, string expected)
    {
        Assert.True(Iso8601.TryParseDuration(duration, out var d));
        Assert.True(Iso8601.TryParseDateTime(start, out var from));
        Assert.True(Iso8601.TryParseDateTime(expected, out var to));

        Assert.Equal(to, d.AddTo(from));
        Assert.Equal(to.Offset, d.AddTo(from).Offset);
    }

    [Fact]
    public void AddTo_OutOfRange_ThrowsAndTryAddToReturnsFalse()
    {
        var duration = new IsoDuration(9000, 0, 0, TimeSpan.Zero);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Throws<ArgumentOutOfRangeException>(() => duration.AddTo(start));
        Assert.False(duration.TryAddTo(start, out _));
    }

    [Theory]
    [InlineData("PT0S", true)]
    [InlineData("P0D", true)]
    [InlineData("PT1S", false)]
    public void IsZero_Duration_DetectsZero(string text, bool expected)
    {
        Assert.True(Iso8601.TryParseDuration(text, out var duration));

        Assert.Equal(expected, duration.IsZero);
    }

    [Theory]
    [InlineData("2026-11-22T10:00:00Z", "2026-11-22T10:00:00.0000000+00:00")]
    [InlineData("2026-11-22T10:00:00+08:00", "2026-11-22T10:00:00.0000000+08:00")]
    [InlineData("2026-11-22T10:00:00-0530", "2026-11-22T10:00:00.0000000-05:30")]
    [InlineData("2026-11-22T10:00:00+08", "2026-11-22T10:00:00.0000000+08:00")]
    [InlineData("2026-11-22T10:00:00", "2026-11-22T10:00:00.0000000+00:00")]
    [InlineData("2026-11-22T10:00", "2026-11-22T10:00:00.0000000+00:00")]
    [InlineData("2026-11-22T10:00:00.25Z", "2026-11-22T10:00:00.2500000+00:00")]
    [InlineData("2026-11-22T10:00:00,5+01:00", "2026-11-22T10:00:00.5000000+01:00")]
    [InlineData("2026-11-22", "2026-11-22T00:00:00.0000000+00:00")]
    [InlineData("2024-02-29", "2024-02-29T00:00:00.0000000+00:00")]
    [InlineData(" 2026-11-22 ", "2026-11-22T00:00:00.0000000+00:00")]
    public void TryParseDateTime_ValidText_ReturnsInstant(string text, string expected)
    {
        Assert.True(Iso8601.TryParseDateTime(text, out var value));

        Assert.Equal(expected, value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-22T")]
    [InlineData("2026-11-22T25:00:00Z")]
    [InlineData("2026-11-22T10:60:00Z")]
    [InlineData("2026-11-22T10:00:61Z")]
    [InlineData("2026-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("0000-01-01")]
    [InlineData("26-11-22")]
    [InlineData("2026/11/22")]
    [InlineData("2026-11-22 10:00:00")]
    [InlineData("2026-11-22T10:00:00+15:00")]
    [InlineData("2026-11-22T10:00:00+08:60")]
    [InlineData("2026-11-22T10:00:00Zjunk")]
    [InlineData("2026-11-22T10:00:00.")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("２０２６-11-22")]
    [InlineData("tomorrow")]
    public void TryParseDateTime_InvalidText_ReturnsFalse(string text) =>
        Assert.False(Iso8601.TryParseDateTime(text, out _));

    [Fact]
    public void TryParseCycle_RepetitionsAndInterval_Parses()
    {
        Assert.True(Iso8601.TryParseCycle("R3/PT10M", out var cycle));

        Assert.Equal(3, cycle.Repetitions);
        Assert.Null(cycle.Start);
        Assert.Null(cycle.End);
        Assert.Equal(TimeSpan.FromMinutes(10), cycle.Interval.Time);
    }

    [Fact]
    public void TryParseCycle_NoCount_IsUnbounded()
    {
        Assert.True(Iso8601.TryParseCycle("R/PT1H", out var cycle));

        Assert.Null(cycle.Repetitions);
    }

    [Fact]
    public void TryParseCycle_WithStart_KeepsStart()
    {
        Assert.True(Iso8601.TryParseCycle("R2/2026-01-01T00:00:00Z/PT1H", out var cycle));

        Assert.Equal(2, cycle.Repetitions);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), cycle.Start);
        Assert.Equal(TimeSpan.FromHours(1), cycle.Interval.Time);
    }

    [Fact]
    public void TryParseCycle_WithEnd_KeepsEnd()
    {
        Assert.True(Iso8601.TryParseCycle("R/PT1M/2026-12-31T00:00:00+08:00", out var cycle));

        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.FromHours(8)), cycle.End);
        Assert.Null(cycle.Start);
    }

    [Theory]
    [InlineData("")]
    [InlineData("R")]
    [InlineData("R3")]
    [InlineData("R3/")]
    [InlineData("PT10M")]
    [InlineData("R-1/PT1H")]
    [InlineData("Rx/PT1H")]
    [InlineData("R3/PT0S")]
    [InlineData("R3/-PT1H")]
    [InlineData("R/2026-01-01T00:00:00Z/2026-02-01T00:00:00Z")]
    [InlineData("R/PT1H/PT2H")]
    [InlineData("R/PT1H/2026-01-01/extra")]
    [InlineData("R9999999999/PT1H")]
    [InlineData("0 0 * * *")]
    public void TryParseCycle_InvalidText_ReturnsFalse(string text) =>
        Assert.False(Iso8601.TryParseCycle(text, out _));

    [Fact]
    public void NextAfter_BoundedCycle_FiresRepetitionsTimes()
    {
        Assert.True(Iso8601.TryParseCycle("R3/PT10M", out var cycle));
        var t0 = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

        var first = cycle.NextAfter(t0, 0);
        var second = cycle.NextAfter(first!.Value, 1);
        var third = cycle.NextAfter(second!.Value, 2);

        Assert.Equal(t0.AddMinutes(10), first);
        Assert.Equal(t0.AddMinutes(20), second);
        Assert.Equal(t0.AddMinutes(30), third);
        Assert.Null(cycle.NextAfter(third!.Value, 3));
    }

    [Fact]
    public void NextAfter_WithStart_FirstFiringIsStart()
    {
        Assert.True(Iso8601.TryParseCycle("R2/2026-01-01T00:00:00Z/PT1H", out var cycle));
        var created = new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero);

        var first = cycle.NextAfter(created, 0);

        Assert.Equal(cycle.Start, first);
        Assert.Equal(first!.Value.AddHours(1), cycle.NextAfter(first.Value, 1));
        Assert.Null(cycle.NextAfter(first.Value.AddHours(1), 2));
    }

    [Fact]
    public void NextAfter_PastEnd_ReturnsNull()
    {
        Assert.True(Iso8601.TryParseCycle("R/PT1H/2026-01-01T02:00:00Z", out var cycle));
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(t0.AddHours(2), cycle.NextAfter(t0.AddHours(1), 1));
        Assert.Null(cycle.NextAfter(t0.AddHours(2), 2));
    }

    [Fact]
    public void NextAfter_Unbounded_KeepsFiring()
    {
        Assert.True(Iso8601.TryParseCycle("R/P1D", out var cycle));
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(t.AddDays(1), cycle.NextAfter(t, 10_000));
    }
}
