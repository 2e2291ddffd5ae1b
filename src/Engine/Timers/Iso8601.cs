using System.Diagnostics.CodeAnalysis;

namespace OneThing.Engine.Timers;

/// <summary>Parses the ISO-8601 forms used by BPMN timers (<c>timeDate</c>, <c>timeDuration</c>,
/// <c>timeCycle</c>) and by FEEL's <c>duration()</c> and <c>date and time()</c>. Every method returns false for
/// text it does not understand and never throws. Surrounding white space is ignored.</summary>
public static class Iso8601
{
    // Beyond this many integer digits a component cannot fit any TimeSpan or calendar, and decimal arithmetic
    // on it could overflow.
    private const int MaxComponentDigits = 12;

    /// <summary>Parses a duration: <c>P1Y2M3DT4H5M6.5S</c>, <c>PT0.1S</c>, <c>P2W</c>, <c>-P1D</c>.</summary>
    /// <remarks>Components must appear in the order Y, M, W, D, then after <c>T</c> H, M, S, each at most once.
    /// Weeks are folded into days. Only the last component may have a fraction (with <c>.</c> or <c>,</c>),
    /// and only a time component. A leading <c>-</c> negates every component.</remarks>
    public static bool TryParseDuration(string text, out IsoDuration duration)
    {
        duration = default;
        return text is not null && TryParseDurationSpan(text.AsSpan().Trim(), out duration);
    }

    /// <summary>Parses a date-time: <c>2026-11-22T10:00:00Z</c>, <c>2026-11-22T10:00:00+08:00</c>,
    /// <c>2026-11-22T10:00</c>, <c>2026-11-22T10:00:00.250+0800</c>, or a date alone, <c>2026-11-22</c>.</summary>
    /// <remarks>A date-time without an offset, and a date alone (taken as midnight), are read as UTC: a timer
    /// must mean the same instant on every server, whatever its local time zone. Seconds and their fraction are
    /// optional; offsets are <c>Z</c>, <c>±hh</c>, <c>±hhmm</c> or <c>±hh:mm</c> up to 14 hours.</remarks>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && TryParseDateTimeSpan(text.AsSpan().Trim(), out value);
    }

    /// <summary>Parses a repeating interval: <c>R3/PT10M</c>, <c>R/PT1H</c> (unbounded),
    /// <c>R2/2026-01-01T00:00:00Z/PT1H</c> (with start) or <c>R/PT1M/2026-12-31T00:00:00Z</c> (with end).</summary>
    /// <remarks>The interval must be positive. The start/end form without a duration
    /// (<c>R/2026-01-01/2026-02-01</c>) is not accepted.</remarks>
    public static bool TryParseCycle(string text, [NotNullWhen(true)] out IsoCycle? cycle)
    {
        cycle = null;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var slash = span.IndexOf('/');
        if (slash < 1 || span[0] != 'R')
        {
            return false;
        }

        int? repetitions = null;
        if (slash > 1)
        {
            if (!TryReadInt(span[1..slash], out var count))
            {
                return false;
            }

            repetitions = count;
        }

        var rest = span[(slash + 1)..];
        var second = rest.IndexOf('/');
        if (second < 0)
        {
            return TryParseDurationSpan(rest, out var only) && Build(repetitions, null, only, null, out cycle);
        }

        var first = rest[..second];
        var last = rest[(second + 1)..];
        if (last.Contains('/'))
        {
            return false;
        }

        if (TryParseDateTimeSpan(first, out var start) && TryParseDurationSpan(last, out var afterStart))
        {
            return Build(repetitions, start, afterStart, null, out cycle);
        }

        return TryParseDurationSpan(first, out var beforeEnd) && TryParseDateTimeSpan(last, out var end)
            && Build(repetitions, null, beforeEnd, end, out cycle);
    }

    private static bool Build(int? repetitions, DateTimeOffset? start, IsoDuration interval, DateTimeOffset? end,
        out IsoCycle? cycle)
    {
        // A zero or negative interval would make the timer fire in a tight loop (or go back in time).
        cycle = interval.IsPositive ? new IsoCycle(repetitions, start, interval, end) : null;
        return cycle is not null;
    }

    private static bool TryParseDurationSpan(ReadOnlySpan<char> s, out IsoDuration duration)
    {
        duration = default;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length < 2 || s[0] != 'P')
        {
            return false;
        }

        long years = 0, months = 0, days = 0;
        decimal seconds = 0;
        var inTime = false;
        var timeParts = 0;
        var lastRank = -1;
        var hadFraction = false;
        var i = 1;
        while (i < s.Length)
        {
            if (s[i] == 'T')
            {
                if (inTime)
                {
                    return false;
                }

                inTime = true;
                i++;
                continue;
            }

            if (hadFraction || !TryReadNumber(s, ref i, out var whole, out var fraction, out hadFraction)
                || i >= s.Length)
            {
                return false;
            }

            var rank = (inTime, s[i]) switch
            {
                (false, 'Y') => 0,
                (false, 'M') => 1,
                (false, 'W') => 2,
                (false, 'D') => 3,
                (true, 'H') => 4,
                (true, 'M') => 5,
                (true, 'S') => 6,
                _ => -1,
            };
            i++;
            if (rank <= lastRank || hadFraction && rank < 4)
            {
                return false;
            }

            lastRank = rank;
            switch (rank)
            {
                case 0: years = whole; break;
                case 1: months = whole; break;
                case 2: days += whole * 7; break;
                case 3: days += whole; break;
                case 4: seconds += (whole + fraction) * 3600; timeParts++; break;
                case 5: seconds += (whole + fraction) * 60; timeParts++; break;
                default: seconds += whole + fraction; timeParts++; break;
            }
        }

        if (lastRank < 0 || inTime && timeParts == 0 || years > int.MaxValue || months > int.MaxValue
            || days > int.MaxValue)
        {
            return false;
        }

        var ticks = decimal.Truncate(seconds * TimeSpan.TicksPerSecond);
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        var sign = negative ? -1 : 1;
        duration = new IsoDuration((int)years * sign, (int)months * sign, (int)days * sign,
            TimeSpan.FromTicks((long)ticks * sign));
        return true;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> s, ref int i, out long whole, out decimal fraction,
        out bool hasFraction)
    {
        whole = 0;
        fraction = 0;
        hasFraction = false;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            whole = whole * 10 + (s[i] - '0');
            i++;
            if (i - start > MaxComponentDigits)
            {
                return false;
            }
        }

        if (i == start)
        {
            return false;
        }

        if (i < s.Length && s[i] is '.' or ',')
        {
            i++;
            var scale = 0.1m;
            var fractionStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                // Digits past tick precision (1e-7 s) cannot change the result; skipping them keeps the scale
                // from underflowing.
                if (i - fractionStart < 12)
                {
                    fraction += (s[i] - '0') * scale;
                    scale /= 10;
                }

                i++;
            }

            if (i == fractionStart)
            {
                return false;
            }

            hasFraction = true;
        }

        return true;
    }

    private static bool TryParseDateTimeSpan(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !TryDigits(s[..4], out var year) || !TryDigits(s[5..7], out var month)
            || !TryDigits(s[8..10], out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        var offset = TimeSpan.Zero;
        var rest = s[10..];
        if (rest.Length > 0)
        {
            if (rest[0] != 'T' || !TryParseTime(rest[1..], out hour, out minute, out second, out fractionTicks,
                    out rest) || !TryParseOffset(rest, out offset))
            {
                return false;
            }
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The UTC instant of e.g. 0001-01-01T00:00+01:00 is before DateTimeOffset.MinValue.
            return false;
        }
    }

    private static bool TryParseTime(ReadOnlySpan<char> s, out int hour, out int minute, out int second,
        out long fractionTicks, out ReadOnlySpan<char> rest)
    {
        hour = minute = second = 0;
        fractionTicks = 0;
        rest = default;
        if (s.Length < 5 || s[2] != ':' || !TryDigits(s[..2], out hour) || !TryDigits(s[3..5], out minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        var i = 5;
        if (i < s.Length && s[i] == ':')
        {
            if (s.Length < i + 3 || !TryDigits(s.Slice(i + 1, 2), out second) || second > 59)
            {
                return false;
            }

            i += 3;
            if (i < s.Length && s[i] is '.' or ',')
            {
                i++;
                var start = i;
                var scale = TimeSpan.TicksPerSecond / 10;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    fractionTicks += (s[i] - '0') * scale;
                    scale /= 10;
                    i++;
                }

                if (i == start)
                {
                    return false;
                }
            }
        }

        rest = s[i..];
        return true;
    }

    private static bool TryParseOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.Length == 0 || s is "Z")
        {
            return true;
        }

        if (s[0] is not ('+' or '-') || s.Length < 3 || !TryDigits(s.Slice(1, 2), out var hours))
        {
            return false;
        }

        var minutes = 0;
        var tail = s[3..];
        if (tail.Length > 0 && tail[0] == ':')
        {
            tail = tail[1..];
        }

        if (tail.Length > 0 && (tail.Length != 2 || !TryDigits(tail, out minutes)))
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0) * (s[0] == '-' ? -1 : 1);
        return minutes < 60 && offset.Duration() <= TimeSpan.FromHours(14);
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return s.Length > 0;
    }

    private static bool TryReadInt(ReadOnlySpan<char> s, out int value) =>
        TryDigits(s, out value) && s.Length <= 9;
}
