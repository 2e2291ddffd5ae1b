using System.Runtime.CompilerServices;

namespace OneThing.Engine.Feel;

/// <summary>The state of one evaluation, passed by reference through the node tree. It lives on the stack, so
/// an evaluation that binds no local names allocates nothing of its own.</summary>
internal struct FeelContext(IFeelScope scope, TimeProvider clock, int maxSteps, string text)
{
    public readonly IFeelScope Scope = scope;
    public readonly TimeProvider Clock = clock;
    public readonly string Text = text;
    private readonly int _maxSteps = maxSteps;
    private int _steps;

    /// <summary>Names bound inside the expression (filter <c>item</c>, quantifier and <c>for</c> variables,
    /// earlier context entries), innermost first.</summary>
    public FeelFrame? Frame;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(int position)
    {
        if (++_steps > _maxSteps)
        {
            ThrowSteps(position);
        }
    }

    /// <summary>Charges <paramref name="count"/> steps at once, for built-in functions that walk a list.</summary>
    public void Steps(int count, int position)
    {
        _steps += Math.Max(count, 0);
        if (_steps > _maxSteps || _steps < 0)
        {
            ThrowSteps(position);
        }
    }

    public readonly bool TryLookup(string name, out object? value)
    {
        for (var frame = Frame; frame is not null; frame = frame.Parent)
        {
            if (frame.Name is not null && string.Equals(frame.Name, name, StringComparison.Ordinal))
            {
                value = frame.Value;
                return true;
            }

            if (frame.Entries is not null && frame.Entries.TryGetValue(name, out value))
            {
                return true;
            }
        }

        return Scope.TryGetVariable(name, out value);
    }

    private readonly void ThrowSteps(int position) =>
        throw new FeelException(FeelErrorCodes.Steps, Text, position,
            $"evaluation took more than {_maxSteps} steps");
}

/// <summary>One level of locally bound names. Loops reuse one frame and overwrite <see cref="Value"/>.</summary>
internal sealed class FeelFrame(FeelFrame? parent)
{
    public FeelFrame? Parent { get; } = parent;

    /// <summary>A single bound name, or null.</summary>
    public string? Name { get; set; }

    public object? Value { get; set; }

    /// <summary>Entries visible by their own names: the current filter item's, when it is a context, or the
    /// entries of a context literal defined so far.</summary>
    public IReadOnlyDictionary<string, object?>? Entries { get; set; }
}
