using OneThing.Engine.Feel;
using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class TemporalTests
{
    [Fact]
    public void Evaluate_DateLiteral_ReturnsDateOnly() =>
        Assert.Equal(new DateOnly(2026, 1, 1), Eval("date(\"2026-01-01\")"));

    [Theory]
    [InlineData("date(\"2026-02-30\")")]
    [InlineData("date(\"2026/01/01\")")]
    [InlineData("date(20260101)")]
    [InlineData("date(2026, 13, 1)")]
    [InlineData("date and time(\"yesterday\")")]
    [InlineData("duration(\"1 day\")")]
    [InlineData("duration(\"P1Y2D\")")]
    public void Evaluate_InvalidTemporalText_ReturnsNull(string expression) => Assert.Null(Eval(expression));

    [Fact]
    public void Evaluate_DateFromParts_ReturnsDate() =>
        Assert.Equal(new DateOnly(2026, 2, 28), Eval("date(2026, 2, 28)"));

    [Fact]
    public void Evaluate_DateOfDateTime_TakesDatePart() =>
        Assert.Equal(new DateOnly(2026, 5, 1), Eval("date(date and time(\"2026-05-01T23:00:00+08:00\"))"));

    [Fact]
    public void Evaluate_DateAndTime_KeepsOffset() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(8)),
            Eval("date and time(\"2026-11-22T10:00:00+08:00\")"));

    [Fact]
    public void Evaluate_DateAndTimeWithoutOffset_IsUtc() =>
        Assert.Equal(TimeSpan.Zero, Assert.IsType<DateTimeOffset>(Eval("date and time(\"2026-11-22T10:00:00\")")).Offset);

    [Theory]
    [InlineData("P1DT2H", 1, 2, 0)]
    [InlineData("PT90M", 0, 1, 30)]
    [InlineData("P2W", 14, 0, 0)]
    [InlineData("-PT1H", 0, -1, 0)]
    public void Evaluate_DaysTimeDuration_ReturnsTimeSpan(string text, int days, int hours, int minutes) =>
        Assert.Equal(new TimeSpan(days, hours, minutes, 0), Eval($"duration(\"{text}\")"));

    [Theory]
    [InlineData("P1Y2M", 14)]
    [InlineData("P3M", 3)]
    [InlineData("-P1Y", -12)]
    public void Evaluate_YearsMonthsDuration_ReturnsFeelYearsMonths(string text, int months) =>
        Assert.Equal(new FeelYearsMonths(months), Eval($"duration(\"{text}\")"));

    [Theory]
    [InlineData("date(\"2026-01-31\") + duration(\"P1D\")", "2026-02-01")]
    [InlineData("date(\"2026-01-31\") + duration(\"P1M\")", "2026-02-28")]
    [InlineData("duration(\"P1Y\") + date(\"2024-02-29\")", "2025-02-28")]
    [InlineData("date(\"2026-03-01\") - duration(\"P1D\")", "2026-02-28")]
    [InlineData("date(\"2026-03-01\") - duration(\"PT1H\")", "2026-02-28")]
    [InlineData("date(\"2026-03-01\") - duration(\"P1M\")", "2026-02-01")]
    [InlineData("date(\"2026-03-10\") - date(\"2026-03-01\")", "P9D")]
    [InlineData("date(\"2026-03-01\") - date(\"2026-03-10\")", "-P9D")]
    [InlineData("date and time(\"2026-01-01T10:00:00Z\") + duration(\"PT90M\")", "2026-01-01T11:30:00Z")]
    [InlineData("date and time(\"2026-01-31T10:00:00+08:00\") + duration(\"P1M\")", "2026-02-28T10:00:00+08:00")]
    [InlineData("date and time(\"2026-01-02T00:00:00Z\") - date and time(\"2026-01-01T12:00:00Z\")", "PT12H")]
    [InlineData("duration(\"PT1H\") + duration(\"PT30M\")", "PT1H30M")]
    [InlineData("duration(\"P1Y\") - duration(\"P1M\")", "P11M")]
    [InlineData("duration(\"PT1H\") * 3", "PT3H")]
    [InlineData("duration(\"PT3H\") / 2", "PT1H30M")]
    [InlineData("duration(\"PT3H\") / duration(\"PT1H\")", "3")]
    [InlineData("duration(\"P1Y\") / 12", "P1M")]
    [InlineData("-duration(\"P1D\")", "-P1D")]
    public void Evaluate_TemporalArithmetic_Works(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Theory]
    [InlineData("duration(\"P1D\") > duration(\"PT23H\")", "true")]
    [InlineData("duration(\"P1Y\") = duration(\"P12M\")", "true")]
    [InlineData("duration(\"P1D\") = duration(\"PT24H\")", "true")]
    [InlineData("duration(\"P1M\") < duration(\"P1D\")", "null")]
    [InlineData("date(\"2026-01-01\") < date(\"2026-01-02\")", "true")]
    [InlineData("date(\"2026-01-01\") = date and time(\"2026-01-01T00:00:00Z\")", "null")]
    [InlineData("date and time(\"2026-01-01T08:00:00+08:00\") = date and time(\"2026-01-01T00:00:00Z\")", "true")]
    [InlineData("date(\"2026-01-01\") + 1", "null")]
    [InlineData("date(\"2026-01-01\") + date(\"2026-01-01\")", "null")]
    [InlineData("date(\"9999-12-31\") + duration(\"P1D\")", "null")]
    public void Evaluate_TemporalComparisons_Work(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Theory]
    [InlineData("date(\"2026-03-08\").year", "2026")]
    [InlineData("date(\"2026-03-08\").month", "3")]
    [InlineData("date(\"2026-03-08\").day", "8")]
    [InlineData("date(\"2026-03-08\").weekday", "7")]
    [InlineData("date and time(\"2026-03-08T09:15:30.5Z\").hour", "9")]
    [InlineData("date and time(\"2026-03-08T09:15:30.5Z\").minute", "15")]
    [InlineData("date and time(\"2026-03-08T09:15:30.5Z\").second", "30.5")]
    [InlineData("duration(\"P2DT3H4M5S\").days", "2")]
    [InlineData("duration(\"P2DT3H4M5S\").hours", "3")]
    [InlineData("duration(\"P2DT3H4M5S\").minutes", "4")]
    [InlineData("duration(\"P2DT3H4M5S\").seconds", "5")]
    [InlineData("duration(\"P1Y2M\").years", "1")]
    [InlineData("duration(\"P1Y2M\").months", "2")]
    [InlineData("date(\"2026-03-08\").nope", "null")]
    public void Evaluate_TemporalProperties_ReadComponents(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Fact]
    public void Evaluate_Today_UsesClockLocalTimeZone() =>
        // 2026-03-01T20:30Z is 2 March in UTC+8.
        Assert.Equal(new DateOnly(2026, 3, 2), Eval("today()"));

    [Fact]
    public void Evaluate_Now_IsClockInstantInLocalOffset()
    {
        var now = Assert.IsType<DateTimeOffset>(Eval("now()"));

        Assert.Equal(FeelTestClock.DefaultNow, now);
        Assert.Equal(TimeSpan.FromHours(8), now.Offset);
    }

    [Fact]
    public void Evaluate_DueInThreeWorkingDaysStyle_ComputesFromToday() =>
        Assert.Equal(new DateOnly(2026, 3, 5), Eval("today() + duration(\"P3D\")"));

    [Fact]
    public void Evaluate_DeadlinePassed_ComparesWithNow() =>
        Assert.Equal(true, Eval("now() > deadline", ("deadline", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero))));

    [Fact]
    public void Evaluate_DifferentClock_ChangesToday()
    {
        var engine = new FeelEngine(new FeelTestClock(new DateTimeOffset(2030, 6, 1, 15, 59, 0, TimeSpan.Zero)));

        Assert.Equal(new DateOnly(2030, 6, 1), engine.Evaluate("today()", DictionaryFeelScope.Empty));
    }
}
