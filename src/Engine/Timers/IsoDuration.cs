using System.Globalization;
using System.Text;

namespace OneThing.Engine.Timers;

/// <summary>An ISO-8601 duration split the way calendars need it: years and months vary in length, so they are
/// kept apart from days, and days apart from the exact time part. Weeks are folded into <see cref="Days"/>
/// (<c>P2W</c> is 14 days). A negative duration (<c>-P1D</c>) has every component negated.</summary>
/// <param name="Years">Calendar years.</param>
/// <param name="Months">Calendar months.</param>
/// <param name="Days">Calendar days (including weeks × 7).</param>
/// <param name="Time">The exact part: hours, minutes and seconds.</param>
public readonly record struct IsoDuration(int Years, int Months, int Days, TimeSpan Time)
{
    /// <summary>True when every component is zero (<c>PT0S</c>).</summary>
    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Time == TimeSpan.Zero;

    /// <summary>True when no component is negative and at least one is positive.</summary>
    public bool IsPositive => Years >= 0 && Months >= 0 && Days >= 0 && Time >= TimeSpan.Zero && !IsZero;

    /// <summary>The moment this duration after <paramref name="start"/>: years and months first, with calendar
    /// arithmetic (31 January plus one month is 28 or 29 February), then days, then the time part. Days are
    /// 24 hours in <paramref name="start"/>'s own offset; a <see cref="DateTimeOffset"/> carries no time zone
    /// rules, so daylight-saving changes are not applied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The result is outside the range of
    /// <see cref="DateTimeOffset"/>.</exception>
    public DateTimeOffset AddTo(DateTimeOffset start) =>
        TryAddTo(start, out var result)
            ? result
            : throw new ArgumentOutOfRangeException(nameof(start), $"{start:O} + {this} is out of range.");

    /// <summary>Like <see cref="AddTo"/>, but returns false instead of throwing when the result is out of
    /// range.</summary>
    public bool TryAddTo(DateTimeOffset start, out DateTimeOffset result)
    {
        // Years and months are added in one step so that 29 February + P1Y1M lands on 29 March, not 28 March.
        var months = (long)Years * 12 + Months;
        result = default;
        if (months is > 120_000 or < -120_000)
        {
            return false;
        }

        try
        {
            result = start.AddMonths((int)months).AddDays(Days).Add(Time);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>The ISO-8601 text, e.g. <c>P1Y2M3DT4H5M6.5S</c>; zero is <c>PT0S</c>. A duration whose
    /// components are all zero or negative is written with a leading minus (<c>-P1D</c>); one with mixed signs
    /// (only possible by construction, never by parsing) writes each negative component with its own sign.</summary>
    public override string ToString()
    {
        if (IsZero)
        {
            return "PT0S";
        }

        var negative = Years <= 0 && Months <= 0 && Days <= 0 && Time <= TimeSpan.Zero;
        var sign = negative ? -1 : 1;
        var text = new StringBuilder(negative ? "-P" : "P");
        AppendPart(text, (long)Years * sign, 'Y');
        AppendPart(text, (long)Months * sign, 'M');
        AppendPart(text, (long)Days * sign, 'D');
        var ticks = Time.Ticks * sign;
        if (ticks != 0)
        {
            text.Append('T');
            AppendPart(text, ticks / TimeSpan.TicksPerHour, 'H');
            AppendPart(text, ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute, 'M');
            var secondTicks = ticks % TimeSpan.TicksPerMinute;
            if (secondTicks != 0)
            {
                var seconds = (decimal)secondTicks / TimeSpan.TicksPerSecond;
                text.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return text.ToString();
    }

    private static void AppendPart(StringBuilder text, long value, char unit)
    {
        if (value != 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
