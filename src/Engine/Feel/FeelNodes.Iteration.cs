namespace OneThing.Engine.Feel;

/// <summary>One <c>name in source</c> clause of <c>some</c>, <c>every</c> or <c>for</c>.</summary>
internal sealed record FeelIterator(string Name, FeelNode Source);

/// <summary>The items of an iteration source: a list, an integer range (walked lazily, upwards or downwards,
/// so <c>for i in 1..1000000000</c> is only bounded by the step limit), or a single value.</summary>
internal struct FeelSequence
{
    private readonly IReadOnlyList<object?>? _list;
    private readonly object? _single;
    private readonly decimal _last;
    private readonly int _direction;
    private decimal _next;
    private int _index;
    private bool _done;

    private FeelSequence(IReadOnlyList<object?>? list, object? single, decimal first, decimal last, int direction,
        bool done)
    {
        _list = list;
        _single = single;
        _next = first;
        _last = last;
        _direction = direction;
        _done = done;
    }

    /// <summary>False when the source cannot be iterated (null, or a range that is not over integers).</summary>
    public static bool TryCreate(object? source, out FeelSequence sequence)
    {
        sequence = default;
        switch (source)
        {
            case null:
                return false;
            case IReadOnlyList<object?> list:
                sequence = new FeelSequence(list, null, 0, 0, 0, false);
                return true;
            case FeelRange { Start: decimal start, End: decimal end } range
                when start == decimal.Truncate(start) && end == decimal.Truncate(end):
                if (start == end)
                {
                    var empty = !range.StartIncluded || !range.EndIncluded;
                    sequence = new FeelSequence(null, null, start, end, 1, empty);
                    return true;
                }

                // Open ends step inwards, towards the other bound, so this cannot overflow; "(1..2)" then has
                // first past last, which makes it empty.
                var direction = start < end ? 1 : -1;
                var first = range.StartIncluded ? start : start + direction;
                var last = range.EndIncluded ? end : end - direction;
                var none = direction > 0 ? first > last : first < last;
                sequence = new FeelSequence(null, null, first, last, direction, none);
                return true;
            case FeelRange:
                return false;
            default:
                sequence = new FeelSequence(null, source, 0, 0, 0, false);
                return true;
        }
    }

    public bool TryNext(out object? item)
    {
        item = null;
        if (_list is not null)
        {
            if (_index >= _list.Count)
            {
                return false;
            }

            item = FeelValue.Element(_list, _index++);
            return true;
        }

        if (_done)
        {
            return false;
        }

        if (_direction == 0)
        {
            item = _single;
            _done = true;
            return true;
        }

        item = _next;
        // Stopping on the last item, rather than stepping past it, keeps a range ending at decimal.MaxValue from
        // overflowing.
        if (_next == _last)
        {
            _done = true;
        }
        else
        {
            _next += _direction;
        }

        return true;
    }
}

/// <summary><c>some x in xs satisfies cond</c> (true if any item gives true) and <c>every x in xs satisfies
/// cond</c> (true if all give true). Several clauses iterate over every combination.</summary>
internal sealed class QuantifiedNode(int position, bool every, FeelIterator[] iterators, FeelNode condition)
    : FeelNode(position, Math.Max(Above(condition), Above(iterators.Select(i => i.Source).ToArray())))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var saved = ctx.Frame;
        try
        {
            return Run(ref ctx, 0);
        }
        finally
        {
            ctx.Frame = saved;
        }
    }

    private object? Run(ref FeelContext ctx, int index)
    {
        var iterator = iterators[index];
        if (!FeelSequence.TryCreate(iterator.Source.Evaluate(ref ctx), out var sequence))
        {
            return null;
        }

        var frame = new FeelFrame(ctx.Frame) { Name = iterator.Name };
        var outer = ctx.Frame;
        while (sequence.TryNext(out var item))
        {
            ctx.Step(Position);
            frame.Value = item;
            ctx.Frame = frame;
            var result = index + 1 < iterators.Length ? Run(ref ctx, index + 1) : condition.Evaluate(ref ctx);
            ctx.Frame = outer;
            if (!every && result is true)
            {
                return FeelValue.True;
            }

            if (every && result is not true)
            {
                return FeelValue.False;
            }
        }

        return FeelValue.Box(every);
    }
}

/// <summary><c>for x in xs, y in ys return expr</c>: the list of results for every combination.</summary>
internal sealed class ForNode(int position, FeelIterator[] iterators, FeelNode body)
    : FeelNode(position, Math.Max(Above(body), Above(iterators.Select(i => i.Source).ToArray())))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var saved = ctx.Frame;
        var results = new List<object?>();
        try
        {
            return Run(ref ctx, 0, results) ? results : null;
        }
        finally
        {
            ctx.Frame = saved;
        }
    }

    private bool Run(ref FeelContext ctx, int index, List<object?> results)
    {
        var iterator = iterators[index];
        if (!FeelSequence.TryCreate(iterator.Source.Evaluate(ref ctx), out var sequence))
        {
            return false;
        }

        var frame = new FeelFrame(ctx.Frame) { Name = iterator.Name };
        var outer = ctx.Frame;
        while (sequence.TryNext(out var item))
        {
            ctx.Step(Position);
            frame.Value = item;
            ctx.Frame = frame;
            if (index + 1 < iterators.Length)
            {
                if (!Run(ref ctx, index + 1, results))
                {
                    return false;
                }
            }
            else
            {
                results.Add(body.Evaluate(ref ctx));
            }

            ctx.Frame = outer;
        }

        return true;
    }
}
