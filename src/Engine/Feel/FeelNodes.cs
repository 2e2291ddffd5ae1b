namespace OneThing.Engine.Feel;

/// <summary>A compiled piece of an expression. Nodes are immutable and shared by every thread evaluating the
/// same cached expression; all per-evaluation state is in <see cref="FeelContext"/>.</summary>
internal abstract class FeelNode(int position, int depth)
{
    /// <summary>Where the node starts in the expression text, for error messages.</summary>
    public int Position { get; } = position;

    /// <summary>Height of the subtree; 1 for a leaf. Bounded by <see cref="FeelOptions.MaxDepth"/>, which also
    /// bounds the evaluator's recursion.</summary>
    public int Depth { get; } = depth;

    public abstract object? Evaluate(ref FeelContext ctx);

    protected static int Above(FeelNode a) => a.Depth + 1;

    protected static int Above(FeelNode a, FeelNode b) => Math.Max(a.Depth, b.Depth) + 1;

    protected static int Above(IReadOnlyList<FeelNode> nodes)
    {
        var max = 0;
        foreach (var node in nodes)
        {
            max = Math.Max(max, node.Depth);
        }

        return max + 1;
    }
}

internal sealed class LiteralNode(int position, object? value) : FeelNode(position, 1)
{
    public object? Value { get; } = value;

    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        return Value;
    }
}

internal sealed class NameNode(int position, string name) : FeelNode(position, 1)
{
    public string Name { get; } = name;

    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        return ctx.TryLookup(Name, out var value) ? FeelValue.Normalize(value) : null;
    }
}

internal sealed class NegateNode(int position, FeelNode operand) : FeelNode(position, Above(operand))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        return FeelArithmetic.Negate(operand.Evaluate(ref ctx));
    }
}

internal enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
}

internal sealed class ArithmeticNode(int position, ArithmeticOperator op, FeelNode left, FeelNode right)
    : FeelNode(position, Above(left, right))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var a = left.Evaluate(ref ctx);
        var b = right.Evaluate(ref ctx);
        return op switch
        {
            ArithmeticOperator.Add => FeelArithmetic.Add(a, b),
            ArithmeticOperator.Subtract => FeelArithmetic.Subtract(a, b),
            ArithmeticOperator.Multiply => FeelArithmetic.Multiply(a, b),
            ArithmeticOperator.Divide => FeelArithmetic.Divide(a, b),
            _ => FeelArithmetic.Power(a, b),
        };
    }
}

internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal sealed class ComparisonNode(int position, ComparisonOperator op, FeelNode left, FeelNode right)
    : FeelNode(position, Above(left, right))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        return Apply(op, left.Evaluate(ref ctx), right.Evaluate(ref ctx));
    }

    /// <summary>Compares two values: true, false, or null when they cannot be compared.</summary>
    public static object? Apply(ComparisonOperator op, object? a, object? b)
    {
        // Numbers and strings are what conditions compare almost always; skip the general machinery for them.
        if (a is decimal x && b is decimal y)
        {
            return FeelValue.Box(Holds(op, x.CompareTo(y)));
        }

        if (a is string s && b is string t)
        {
            return FeelValue.Box(op switch
            {
                ComparisonOperator.Equal => string.Equals(s, t, StringComparison.Ordinal),
                ComparisonOperator.NotEqual => !string.Equals(s, t, StringComparison.Ordinal),
                _ => Holds(op, string.CompareOrdinal(s, t)),
            });
        }

        switch (op)
        {
            case ComparisonOperator.Equal:
                return FeelValue.Box(FeelValue.Equal(a, b));
            case ComparisonOperator.NotEqual:
                return FeelValue.Equal(a, b) is { } equal ? FeelValue.Box(!equal) : null;
        }

        if (FeelValue.Compare(a, b) is not { } c)
        {
            return null;
        }

        return FeelValue.Box(Holds(op, c));
    }

    private static bool Holds(ComparisonOperator op, int c) => op switch
    {
        ComparisonOperator.Equal => c == 0,
        ComparisonOperator.NotEqual => c != 0,
        ComparisonOperator.Less => c < 0,
        ComparisonOperator.LessOrEqual => c <= 0,
        ComparisonOperator.Greater => c > 0,
        _ => c >= 0,
    };
}

internal sealed class IfNode(int position, FeelNode condition, FeelNode then, FeelNode otherwise)
    : FeelNode(position, Math.Max(Above(condition), Above(then, otherwise)))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        return condition.Evaluate(ref ctx) is true ? then.Evaluate(ref ctx) : otherwise.Evaluate(ref ctx);
    }
}

/// <summary>A call of a built-in function. Up to four arguments are gathered in a stack buffer, so common calls
/// allocate no argument array.</summary>
internal sealed class CallNode(int position, FeelFunction function, FeelNode[] arguments)
    : FeelNode(position, arguments.Length == 0 ? 1 : Above(arguments))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var buffer = new ArgumentBuffer();
        Span<object?> args = arguments.Length <= ArgumentBuffer.Size
            ? buffer[..arguments.Length]
            : new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            args[i] = arguments[i].Evaluate(ref ctx);
        }

        return function.Body(args, ref ctx, Position);
    }
}

[System.Runtime.CompilerServices.InlineArray(Size)]
internal struct ArgumentBuffer
{
    public const int Size = 4;

    private object? _element;
}
