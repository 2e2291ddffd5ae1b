namespace OneThing.Engine.Feel;

internal static partial class FeelValue
{
    // Lists and contexts from variables could be cyclic or absurdly deep; comparison gives up (null) instead of
    // overflowing the stack.
    private const int MaxCompareDepth = 64;

    /// <summary>FEEL equality: null equals only null; values of different types are not comparable (null);
    /// lists and contexts compare element by element.</summary>
    public static bool? Equal(object? a, object? b) => Equal(a, b, 0);

    /// <summary>Equality for membership tests (<c>in</c>, <c>list contains</c>): incomparable counts as
    /// unequal, so <c>5 in ["a", 5]</c> is true and <c>5 in ["a"]</c> false.</summary>
    public static bool Same(object? a, object? b) => Equal(a, b, 0) == true;

    /// <summary>FEEL ordering: negative, zero or positive, or null when either side is null or the two are not
    /// of one ordered type (numbers, strings, dates, date-times, and each kind of duration).</summary>
    public static int? Compare(object? a, object? b)
    {
        a = Normalize(a);
        b = Normalize(b);
        return (a, b) switch
        {
            (decimal x, decimal y) => x.CompareTo(y),
            (string x, string y) => string.CompareOrdinal(x, y),
            (DateOnly x, DateOnly y) => x.CompareTo(y),
            (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
            (TimeSpan x, TimeSpan y) => x.CompareTo(y),
            (FeelYearsMonths x, FeelYearsMonths y) => x.TotalMonths.CompareTo(y.TotalMonths),
            _ => null,
        };
    }

    private static bool? Equal(object? a, object? b, int depth)
    {
        a = Normalize(a);
        b = Normalize(b);
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return (a, b) switch
        {
            (decimal x, decimal y) => x == y,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (bool x, bool y) => x == y,
            (DateOnly x, DateOnly y) => x == y,
            (DateTimeOffset x, DateTimeOffset y) => x == y,
            (TimeSpan x, TimeSpan y) => x == y,
            (FeelYearsMonths x, FeelYearsMonths y) => x == y,
            (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => ListsEqual(x, y, depth),
            (IReadOnlyDictionary<string, object?> x, IReadOnlyDictionary<string, object?> y) =>
                ContextsEqual(x, y, depth),
            _ when ReferenceEquals(a, b) => true,
            // Opaque values (types FEEL does not know) of one type compare by their own Equals.
            _ when a.GetType() == b.GetType() => a.Equals(b),
            _ => null,
        };
    }

    private static bool? ListsEqual(IReadOnlyList<object?> x, IReadOnlyList<object?> y, int depth)
    {
        if (depth >= MaxCompareDepth)
        {
            return null;
        }

        if (x.Count != y.Count)
        {
            return false;
        }

        bool? result = true;
        for (var i = 0; i < x.Count; i++)
        {
            var item = Equal(x[i], y[i], depth + 1);
            if (item == false)
            {
                return false;
            }

            if (item is null)
            {
                result = null;
            }
        }

        return result;
    }

    private static bool? ContextsEqual(IReadOnlyDictionary<string, object?> x, IReadOnlyDictionary<string, object?> y,
        int depth)
    {
        if (depth >= MaxCompareDepth)
        {
            return null;
        }

        if (x.Count != y.Count)
        {
            return false;
        }

        bool? result = true;
        foreach (var (key, value) in x)
        {
            if (!y.TryGetValue(key, out var other))
            {
                return false;
            }

            var item = Equal(value, other, depth + 1);
            if (item == false)
            {
                return false;
            }

            if (item is null)
            {
                result = null;
            }
        }

        return result;
    }
}
