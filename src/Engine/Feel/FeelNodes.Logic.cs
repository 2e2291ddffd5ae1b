namespace OneThing.Engine.Feel;

/// <summary><c>a and b and …</c> with FEEL's three-valued logic: false if any operand is false, true if all are
/// true, otherwise null (non-booleans count as null). Chains are flattened so long conditions stay shallow, and
/// evaluation stops at the first false.</summary>
internal sealed class AndNode(int position, FeelNode[] operands) : FeelNode(position, Above(operands))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var unknown = false;
        foreach (var operand in operands)
        {
            switch (operand.Evaluate(ref ctx))
            {
                case false:
                    return FeelValue.False;
                case true:
                    break;
                default:
                    unknown = true;
                    break;
            }
        }

        return unknown ? null : FeelValue.True;
    }
}

/// <summary><c>a or b or …</c>: true if any operand is true, false if all are false, otherwise null.</summary>
internal sealed class OrNode(int position, FeelNode[] operands) : FeelNode(position, Above(operands))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var unknown = false;
        foreach (var operand in operands)
        {
            switch (operand.Evaluate(ref ctx))
            {
                case true:
                    return FeelValue.True;
                case false:
                    break;
                default:
                    unknown = true;
                    break;
            }
        }

        return unknown ? null : FeelValue.False;
    }
}

/// <summary><c>not(x)</c> and JUEL's <c>!x</c>: negates a boolean; anything else gives null.</summary>
internal sealed class NotNode(int position, FeelNode operand) : FeelNode(position, Above(operand))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        return operand.Evaluate(ref ctx) is bool b ? FeelValue.Box(!b) : null;
    }
}

/// <summary><c>x between a and b</c>, i.e. <c>a &lt;= x and x &lt;= b</c>.</summary>
internal sealed class BetweenNode(int position, FeelNode value, FeelNode low, FeelNode high)
    : FeelNode(position, Math.Max(Above(value), Above(low, high)))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var x = value.Evaluate(ref ctx);
        var lower = FeelValue.Compare(low.Evaluate(ref ctx), x);
        var upper = FeelValue.Compare(x, high.Evaluate(ref ctx));
        if (lower > 0 || upper > 0)
        {
            return FeelValue.False;
        }

        return lower is null || upper is null ? null : FeelValue.True;
    }
}

/// <summary><c>x in tests</c>.</summary>
internal sealed class InNode(int position, FeelNode value, UnaryTest test)
    : FeelNode(position, Math.Max(Above(value), test.Depth + 1))
{
    public override object? Evaluate(ref FeelContext ctx)
    {
        ctx.Step(Position);
        var x = value.Evaluate(ref ctx);
        return FeelValue.Box(test.Test(x, ref ctx));
    }
}

/// <summary>A positive unary test, the right-hand side of <c>in</c>.</summary>
internal abstract class UnaryTest(int position, int depth)
{
    public int Position { get; } = position;

    public int Depth { get; } = depth;

    /// <summary>True, false, or null when the value cannot be compared with the test.</summary>
    public abstract bool? Test(object? value, ref FeelContext ctx);
}

/// <summary><c>&lt; 5</c>, <c>&gt;= limit</c>, <c>= "a"</c>, <c>!= 0</c>.</summary>
internal sealed class CompareTest(int position, ComparisonOperator op, FeelNode operand)
    : UnaryTest(position, operand.Depth + 1)
{
    public override bool? Test(object? value, ref FeelContext ctx)
    {
        ctx.Step(Position);
        return ComparisonNode.Apply(op, value, operand.Evaluate(ref ctx)) as bool?;
    }
}

/// <summary>An element of a list literal on the right of <c>in</c>: equal to the value, or, when it is a
/// range, containing it.</summary>
internal sealed class ElementTest(FeelNode element) : UnaryTest(element.Position, element.Depth + 1)
{
    public override bool? Test(object? value, ref FeelContext ctx)
    {
        ctx.Step(Position);
        var e = element.Evaluate(ref ctx);
        return e is FeelRange range ? range.Contains(value) : FeelValue.Same(value, e);
    }
}

/// <summary>An expression on the right of <c>in</c>: a list (membership), a range (containment), or a single
/// value (equality).</summary>
internal sealed class ExpressionTest(FeelNode expression) : UnaryTest(expression.Position, expression.Depth + 1)
{
    public override bool? Test(object? value, ref FeelContext ctx)
    {
        ctx.Step(Position);
        switch (expression.Evaluate(ref ctx))
        {
            case FeelRange range:
                return range.Contains(value);
            case IReadOnlyList<object?> list:
                ctx.Steps(list.Count, Position);
                for (var i = 0; i < list.Count; i++)
                {
                    var item = FeelValue.Element(list, i);
                    if (item is FeelRange r ? r.Contains(value) == true : FeelValue.Same(value, item))
                    {
                        return true;
                    }
                }

                return false;
            case var single:
                return FeelValue.Same(value, single);
        }
    }
}

/// <summary><c>(t1, t2, …)</c> or a list literal: true if any test is true, false if all are false, otherwise
/// null.</summary>
internal sealed class AnyOfTest(int position, UnaryTest[] tests) : UnaryTest(position, MaxDepth(tests) + 1)
{
    public override bool? Test(object? value, ref FeelContext ctx)
    {
        ctx.Step(Position);
        var unknown = false;
        foreach (var test in tests)
        {
            switch (test.Test(value, ref ctx))
            {
                case true:
                    return true;
                case null:
                    unknown = true;
                    break;
            }
        }

        return unknown ? null : false;
    }

    private static int MaxDepth(UnaryTest[] tests)
    {
        var max = 0;
        foreach (var test in tests)
        {
            max = Math.Max(max, test.Depth);
        }

        return max;
    }
}
