using System.Globalization;
using OneThing.Engine.Timers;

namespace OneThing.Engine.Feel;

internal static partial class FeelFunctions
{
    private static void AddNumberFunctions(List<FeelFunction> functions)
    {
        functions.Add(new FeelFunction("abs", 1, 1, Abs));
        functions.Add(new FeelFunction("floor", 1, 1, Floor));
        functions.Add(new FeelFunction("ceiling", 1, 1, Ceiling));
        functions.Add(new FeelFunction("decimal", 2, 2, Round));
        functions.Add(new FeelFunction("modulo", 2, 2, Modulo));
        functions.Add(new FeelFunction("odd", 1, 1, Odd));
        functions.Add(new FeelFunction("even", 1, 1, Even));
    }

    private static void AddTemporalFunctions(List<FeelFunction> functions)
    {
        functions.Add(new FeelFunction("date", 1, 3, Date));
        functions.Add(new FeelFunction("date and time", 1, 1, DateAndTime));
        functions.Add(new FeelFunction("duration", 1, 1, Duration));
        functions.Add(new FeelFunction("today", 0, 0, Today));
        functions.Add(new FeelFunction("now", 0, 0, Now));
    }

    private static object? Abs(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) => args[0] switch
    {
        decimal d => Math.Abs(d),
        TimeSpan t when t != TimeSpan.MinValue => t.Duration(),
        FeelYearsMonths m when m.TotalMonths != int.MinValue => new FeelYearsMonths(Math.Abs(m.TotalMonths)),
        _ => null,
    };

    private static object? Floor(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is decimal d ? decimal.Floor(d) : null;

    private static object? Ceiling(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is decimal d ? decimal.Ceiling(d) : null;

    /// <summary><c>decimal(n, scale)</c>: rounds half to even, as FEEL specifies.</summary>
    private static object? Round(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is decimal d && TryInt(args[1], out var scale) && scale is >= 0 and <= 28
            ? decimal.Round(d, scale, MidpointRounding.ToEven)
            : null;

    /// <summary><c>modulo(a, b)</c>: the remainder with the sign of the divisor, as FEEL specifies.</summary>
    private static object? Modulo(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not decimal a || args[1] is not decimal b || b == 0)
        {
            return null;
        }

        var r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }

    private static object? Odd(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is decimal d && d == decimal.Truncate(d) ? FeelValue.Box(d % 2 != 0) : null;

    private static object? Even(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is decimal d && d == decimal.Truncate(d) ? FeelValue.Box(d % 2 == 0) : null;

    /// <summary><c>date("2026-01-01")</c>, <c>date(year, month, day)</c>, or the date part of a date-time.</summary>
    private static object? Date(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args.Length == 3)
        {
            return TryInt(args[0], out var y) && TryInt(args[1], out var m) && TryInt(args[2], out var d)
                && y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
                ? new DateOnly(y, m, d)
                : null;
        }

        return args.Length != 1 ? null : args[0] switch
        {
            DateOnly date => date,
            DateTimeOffset at => DateOnly.FromDateTime(at.DateTime),
            string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var date) => date,
            _ => null,
        };
    }

    /// <summary><c>date and time("2026-01-01T10:00:00+08:00")</c>; see <see cref="Iso8601.TryParseDateTime"/>
    /// (no offset means UTC).</summary>
    private static object? DateAndTime(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) => args[0] switch
    {
        DateTimeOffset at => at,
        string s when Iso8601.TryParseDateTime(s, out var at) => at,
        _ => null,
    };

    /// <summary><c>duration("P1DT2H")</c> gives a days-time duration (<see cref="TimeSpan"/>),
    /// <c>duration("P1Y2M")</c> a years-months duration; text mixing the two kinds gives null.</summary>
    private static object? Duration(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is TimeSpan or FeelYearsMonths)
        {
            return args[0];
        }

        if (args[0] is not string s || !Iso8601.TryParseDuration(s, out var d))
        {
            return null;
        }

        var hasMonths = d.Years != 0 || d.Months != 0;
        var hasTime = d.Days != 0 || d.Time != TimeSpan.Zero;
        if (hasMonths && hasTime)
        {
            return null;
        }

        try
        {
            return hasMonths
                ? new FeelYearsMonths(checked(d.Years * 12 + d.Months))
                : TimeSpan.FromDays(d.Days) + d.Time;
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Today's date in the clock's local time zone (<see cref="TimeProvider.LocalTimeZone"/>).</summary>
    private static object? Today(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        DateOnly.FromDateTime(LocalNow(ctx.Clock).DateTime);

    /// <summary>The clock's current instant, expressed in its local time zone's offset.</summary>
    private static object? Now(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) => LocalNow(ctx.Clock);

    private static DateTimeOffset LocalNow(TimeProvider clock) =>
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), clock.LocalTimeZone);
}
