namespace OneThing.Engine.Feel;

/// <summary>FEEL arithmetic on normalized values. Any null operand, any unsupported pair of types, division by
/// zero and overflow all give null rather than an exception.</summary>
internal static class FeelArithmetic
{
    public static object? Add(object? a, object? b)
    {
        try
        {
            return (a, b) switch
            {
                (decimal x, decimal y) => x + y,
                (string x, string y) => string.Concat(x, y),
                (TimeSpan x, TimeSpan y) => x + y,
                (FeelYearsMonths x, FeelYearsMonths y) => new FeelYearsMonths(checked(x.TotalMonths + y.TotalMonths)),
                (DateOnly d, TimeSpan t) => AddToDate(d, t),
                (TimeSpan t, DateOnly d) => AddToDate(d, t),
                (DateOnly d, FeelYearsMonths m) => d.AddMonths(m.TotalMonths),
                (FeelYearsMonths m, DateOnly d) => d.AddMonths(m.TotalMonths),
                (DateTimeOffset at, TimeSpan t) => at + t,
                (TimeSpan t, DateTimeOffset at) => at + t,
                (DateTimeOffset at, FeelYearsMonths m) => at.AddMonths(m.TotalMonths),
                (FeelYearsMonths m, DateTimeOffset at) => at.AddMonths(m.TotalMonths),
                _ => null,
            };
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static object? Subtract(object? a, object? b)
    {
        try
        {
            return (a, b) switch
            {
                (decimal x, decimal y) => x - y,
                (TimeSpan x, TimeSpan y) => x - y,
                (FeelYearsMonths x, FeelYearsMonths y) => new FeelYearsMonths(checked(x.TotalMonths - y.TotalMonths)),
                (DateOnly x, DateOnly y) => TimeSpan.FromDays(x.DayNumber - y.DayNumber),
                (DateTimeOffset x, DateTimeOffset y) => x - y,
                (DateOnly d, TimeSpan t) => AddToDate(d, -t),
                (DateOnly d, FeelYearsMonths m) => d.AddMonths(checked(-m.TotalMonths)),
                (DateTimeOffset at, TimeSpan t) => at - t,
                (DateTimeOffset at, FeelYearsMonths m) => at.AddMonths(checked(-m.TotalMonths)),
                _ => null,
            };
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static object? Multiply(object? a, object? b)
    {
        try
        {
            return (a, b) switch
            {
                (decimal x, decimal y) => x * y,
                (TimeSpan t, decimal n) => ScaleSpan(t, n),
                (decimal n, TimeSpan t) => ScaleSpan(t, n),
                (FeelYearsMonths m, decimal n) => ScaleMonths(m, n),
                (decimal n, FeelYearsMonths m) => ScaleMonths(m, n),
                _ => null,
            };
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static object? Divide(object? a, object? b)
    {
        try
        {
            return (a, b) switch
            {
                (decimal, 0m) => null,
                (decimal x, decimal y) => x / y,
                (TimeSpan, 0m) => null,
                (TimeSpan t, decimal n) => TimeSpan.FromTicks((long)decimal.Round(t.Ticks / n)),
                (TimeSpan x, TimeSpan y) => y == TimeSpan.Zero ? null : (decimal)x.Ticks / y.Ticks,
                (FeelYearsMonths, 0m) => null,
                (FeelYearsMonths m, decimal n) => new FeelYearsMonths((int)decimal.Truncate(m.TotalMonths / n)),
                (FeelYearsMonths x, FeelYearsMonths y) => y.TotalMonths == 0 ? null : (decimal)x.TotalMonths / y.TotalMonths,
                _ => null,
            };
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static object? Power(object? a, object? b)
    {
        if (a is not decimal x || b is not decimal y)
        {
            return null;
        }

        try
        {
            if (y == decimal.Truncate(y) && Math.Abs(y) <= int.MaxValue)
            {
                var n = (long)y;
                if (n < 0 && x == 0)
                {
                    return null;
                }

                var result = IntegerPower(x, Math.Abs(n));
                return n < 0 ? 1 / result : result;
            }

            return FeelValue.FromDouble(Math.Pow((double)x, (double)y));
        }
        catch (Exception e) when (e is OverflowException or DivideByZeroException)
        {
            return null;
        }
    }

    public static object? Negate(object? value)
    {
        try
        {
            return value switch
            {
                decimal d => -d,
                TimeSpan t => -t,
                FeelYearsMonths m => new FeelYearsMonths(checked(-m.TotalMonths)),
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    // Squaring keeps the loop logarithmic in the exponent, so 1.0001 ** 1000000000 is cheap.
    private static decimal IntegerPower(decimal x, long n)
    {
        var result = 1m;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                result *= x;
            }

            n >>= 1;
            if (n > 0)
            {
                x *= x;
            }
        }

        return result;
    }

    // FEEL: a date plus a days-time duration is the date of (midnight + duration).
    private static DateOnly AddToDate(DateOnly date, TimeSpan span) =>
        DateOnly.FromDateTime(date.ToDateTime(TimeOnly.MinValue).Add(span));

    private static TimeSpan ScaleSpan(TimeSpan span, decimal factor) =>
        TimeSpan.FromTicks((long)decimal.Round(span.Ticks * factor));

    private static FeelYearsMonths ScaleMonths(FeelYearsMonths months, decimal factor) =>
        new((int)decimal.Truncate(months.TotalMonths * factor));
}
