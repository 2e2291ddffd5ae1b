namespace OneThing.Engine.Feel;

internal sealed class ListNode(int position, FeelNode[] items) : FeelNode(position, items.Length == 0 ? 1 : Above(items))
{
    public IReadOnlyList<FeelNode> Items => items;

    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var list = new List<object?>(items.Length);
        foreach (var item in items)
        {
            list.Add(item.Evaluate(ref ctx));
        }

        return list;
    }
}

/// <summary><c>{a: 1, b: a + 1}</c>: later entries can use earlier ones by name.</summary>
internal sealed class ContextNode(int position, string[] keys, FeelNode[] values)
    : FeelNode(position, values.Length == 0 ? 1 : Above(values))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var context = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
        var saved = ctx.Frame;
        ctx.Frame = keys.Length > 1 ? new FeelFrame(saved) { Entries = context } : saved;
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                context[keys[i]] = values[i].Evaluate(ref ctx);
            }
        }
        finally
        {
            ctx.Frame = saved;
        }

        return context;
    }
}

/// <summary><c>[a..b]</c>, <c>(a..b]</c>, <c>]a..b[</c>; null when an endpoint is null.</summary>
internal sealed class RangeNode(int position, FeelNode start, bool startIncluded, FeelNode end, bool endIncluded)
    : FeelNode(position, Above(start, end))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var low = start.Evaluate(ref ctx);
        var high = end.Evaluate(ref ctx);
        return low is null || high is null ? null : new FeelRange(low, startIncluded, high, endIncluded);
    }
}

/// <summary><c>target.name</c>: a context entry (missing → null), a property of a date, date-time or
/// duration (<c>.year</c>, <c>.month</c>, <c>.day</c>, <c>.weekday</c>, <c>.hour</c>, <c>.minute</c>,
/// <c>.second</c>, <c>.days</c>, <c>.hours</c>, <c>.minutes</c>, <c>.seconds</c>, <c>.years</c>,
/// <c>.months</c>), a range's <c>.start</c>/<c>.end</c>, or, on a list, the list of each element's entry.</summary>
internal sealed class PathNode(int position, FeelNode target, string name) : FeelNode(position, Above(target))
{
    public FeelNode Target => target;

    public string Name => name;

    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var value = target.Evaluate(ref ctx);
        if (value is IReadOnlyList<object?> list)
        {
            ctx.Steps(list.Count, Position);
            var projected = new List<object?>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                projected.Add(Property(FeelValue.Element(list, i), name));
            }

            return projected;
        }

        return Property(value, name);
    }

    private static object? Property(object? value, string name) => value switch
    {
        IReadOnlyDictionary<string, object?> context =>
            context.TryGetValue(name, out var entry) ? FeelValue.Normalize(entry) : null,
        DateOnly d => name switch
        {
            "year" => (decimal)d.Year,
            "month" => (decimal)d.Month,
            "day" => (decimal)d.Day,
            "weekday" => IsoWeekday(d.DayOfWeek),
            _ => null,
        },
        DateTimeOffset t => name switch
        {
            "year" => (decimal)t.Year,
            "month" => (decimal)t.Month,
            "day" => (decimal)t.Day,
            "weekday" => IsoWeekday(t.DayOfWeek),
            "hour" => (decimal)t.Hour,
            "minute" => (decimal)t.Minute,
            "second" => (decimal)t.Second + (decimal)(t.Ticks % TimeSpan.TicksPerSecond) / TimeSpan.TicksPerSecond,
            _ => null,
        },
        TimeSpan s => name switch
        {
            "days" => (decimal)s.Days,
            "hours" => (decimal)s.Hours,
            "minutes" => (decimal)s.Minutes,
            "seconds" => (decimal)s.Seconds + (decimal)(s.Ticks % TimeSpan.TicksPerSecond) / TimeSpan.TicksPerSecond,
            _ => null,
        },
        FeelYearsMonths m => name switch
        {
            "years" => (decimal)m.Years,
            "months" => (decimal)m.Months,
            _ => null,
        },
        FeelRange r => name switch
        {
            "start" => r.Start,
            "end" => r.End,
            _ => null,
        },
        _ => null,
    };

    private static decimal IsoWeekday(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;
}

/// <summary><c>list[condition]</c> keeps the items for which the condition is true, with the item bound to
/// <c>item</c> (and, for a context item, its entries bound by name); <c>list[n]</c>, where the bracket gives
/// a number, is 1-based indexing, negative from the end. A non-list value is treated as a one-item list.</summary>
internal sealed class FilterNode(int position, FeelNode target, FeelNode filter) : FeelNode(position, Above(target, filter))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var value = target.Evaluate(ref ctx);
        if (value is null)
        {
            return null;
        }

        var list = value as IReadOnlyList<object?> ?? [value];
        if (filter is LiteralNode { Value: decimal constant })
        {
            return Index(list, constant);
        }

        var results = new List<object?>();
        var saved = ctx.Frame;
        var frame = new FeelFrame(saved) { Name = "item" };
        try
        {
            for (var i = 0; i < list.Count; i++)
            {
                ctx.Step(Position);
                var item = FeelValue.Element(list, i);
                frame.Value = item;
                frame.Entries = item as IReadOnlyDictionary<string, object?>;
                ctx.Frame = frame;
                var keep = filter.Evaluate(ref ctx);
                ctx.Frame = saved;
                if (i == 0 && keep is decimal index)
                {
                    // The bracket is a number, so this is indexing, e.g. list[n] with a variable n.
                    return Index(list, index);
                }

                if (keep is true)
                {
                    results.Add(item);
                }
            }
        }
        finally
        {
            ctx.Frame = saved;
        }

        return results;
    }

    private static object? Index(IReadOnlyList<object?> list, decimal position)
    {
        if (position != decimal.Truncate(position) || position == 0 || Math.Abs(position) > list.Count)
        {
            return null;
        }

        var i = (int)position;
        return FeelValue.Element(list, i > 0 ? i - 1 : list.Count + i);
    }
}

/// <summary><c>is defined(x)</c>: whether a variable (or a context entry along a path) exists, even when its
/// value is null. For any other argument: whether the value is not null.</summary>
internal sealed class IsDefinedNode(int position, FeelNode argument) : FeelNode(position, Above(argument))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        switch (argument)
        {
            case NameNode name:
                return FeelValue.Box(ctx.TryLookup(name.Name, out _));
            case PathNode path:
                var target = path.Target.Evaluate(ref ctx);
                return target is IReadOnlyDictionary<string, object?> context
                    ? FeelValue.Box(context.ContainsKey(path.Name))
                    : FeelValue.Box(argument.Evaluate(ref ctx) is not null);
            default:
                return FeelValue.Box(argument.Evaluate(ref ctx) is not null);
        }
    }
}
