namespace OneThing.Engine.Feel;

internal static partial class FeelFunctions
{
    private static void AddListFunctions(List<FeelFunction> functions)
    {
        functions.Add(new FeelFunction("count", 1, 1, Count));
        functions.Add(new FeelFunction("sum", 1, Many, Sum));
        functions.Add(new FeelFunction("min", 1, Many, Min));
        functions.Add(new FeelFunction("max", 1, Many, Max));
        functions.Add(new FeelFunction("mean", 1, Many, Mean));
        functions.Add(new FeelFunction("all", 1, Many, All));
        functions.Add(new FeelFunction("any", 1, Many, Any));
        functions.Add(new FeelFunction("list contains", 2, 2, ListContains));
        functions.Add(new FeelFunction("append", 1, Many, Append));
        functions.Add(new FeelFunction("concatenate", 1, Many, Concatenate));
        functions.Add(new FeelFunction("reverse", 1, 1, Reverse));
        functions.Add(new FeelFunction("distinct values", 1, 1, DistinctValues));
        functions.Add(new FeelFunction("index of", 2, 2, IndexOf));
    }

    private static object? Count(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is IReadOnlyList<object?> list ? (decimal)list.Count : null;

    /// <summary>Sum of numbers; 0 for an empty list; null if any item is not a number.</summary>
    private static object? Sum(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        Items(args, ref ctx, position) is { } items ? SumOf(items) : null;

    private static object? SumOf(List<object?> items)
    {
        object? total = 0m;
        foreach (var item in items)
        {
            total = item is decimal ? FeelArithmetic.Add(total, item) : null;
            if (total is null)
            {
                return null;
            }
        }

        return total;
    }

    private static object? Min(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        Extreme(Items(args, ref ctx, position), -1);

    private static object? Max(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        Extreme(Items(args, ref ctx, position), 1);

    /// <summary>The smallest (sign -1) or largest (sign 1) item; null for an empty list or items that cannot be
    /// compared with each other.</summary>
    private static object? Extreme(List<object?>? items, int sign)
    {
        if (items is null || items.Count == 0)
        {
            return null;
        }

        var best = items[0];
        for (var i = 1; i < items.Count; i++)
        {
            if (FeelValue.Compare(items[i], best) is not { } c)
            {
                return null;
            }

            if (c * sign > 0)
            {
                best = items[i];
            }
        }

        return FeelValue.Compare(best, best) is null ? null : best;
    }

    private static object? Mean(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        var items = Items(args, ref ctx, position);
        if (items is null || items.Count == 0 || SumOf(items) is not decimal total)
        {
            return null;
        }

        return FeelArithmetic.Divide(total, (decimal)items.Count);
    }

    /// <summary>True if every item is true (also for none), false if any is false, otherwise null.</summary>
    private static object? All(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (Items(args, ref ctx, position) is not { } items)
        {
            return null;
        }

        var unknown = false;
        foreach (var item in items)
        {
            if (item is false)
            {
                return FeelValue.False;
            }

            unknown |= item is not true;
        }

        return unknown ? null : FeelValue.True;
    }

    /// <summary>True if any item is true, false if all are false (also for none), otherwise null.</summary>
    private static object? Any(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (Items(args, ref ctx, position) is not { } items)
        {
            return null;
        }

        var unknown = false;
        foreach (var item in items)
        {
            if (item is true)
            {
                return FeelValue.True;
            }

            unknown |= item is not false;
        }

        return unknown ? null : FeelValue.False;
    }

    private static object? ListContains(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not IReadOnlyList<object?> list)
        {
            return null;
        }

        ctx.Steps(list.Count, position);
        for (var i = 0; i < list.Count; i++)
        {
            if (FeelValue.Same(list[i], args[1]))
            {
                return FeelValue.True;
            }
        }

        return FeelValue.False;
    }

    private static object? Append(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not IReadOnlyList<object?> list)
        {
            return null;
        }

        ctx.Steps(list.Count + args.Length, position);
        var result = new List<object?>(list.Count + args.Length - 1);
        result.AddRange(list);
        result.AddRange(args[1..]);
        return result;
    }

    private static object? Concatenate(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        var result = new List<object?>();
        foreach (var arg in args)
        {
            if (arg is not IReadOnlyList<object?> list)
            {
                return null;
            }

            ctx.Steps(list.Count, position);
            result.AddRange(list);
        }

        return result;
    }

    private static object? Reverse(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not IReadOnlyList<object?> list)
        {
            return null;
        }

        ctx.Steps(list.Count, position);
        var result = new List<object?>(list);
        result.Reverse();
        return result;
    }

    /// <summary>The items without repeats, in first-seen order. Quadratic, but charged per comparison against
    /// the step limit.</summary>
    private static object? DistinctValues(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not IReadOnlyList<object?> list)
        {
            return null;
        }

        var result = new List<object?>();
        for (var i = 0; i < list.Count; i++)
        {
            var item = FeelValue.Element(list, i);
            ctx.Steps(result.Count + 1, position);
            if (!result.Exists(seen => FeelValue.Same(seen, item)))
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>The 1-based positions where <c>match</c> occurs.</summary>
    private static object? IndexOf(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not IReadOnlyList<object?> list)
        {
            return null;
        }

        ctx.Steps(list.Count, position);
        var result = new List<object?>();
        for (var i = 0; i < list.Count; i++)
        {
            if (FeelValue.Same(list[i], args[1]))
            {
                result.Add((decimal)(i + 1));
            }
        }

        return result;
    }
}
