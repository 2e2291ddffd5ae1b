namespace OneThing.Engine.Feel;

/// <summary>A compiled FEEL expression. Immutable and thread-safe: one instance may be evaluated by many threads
/// at once against different scopes.</summary>
public sealed class FeelExpression
{
    private readonly FeelNode _root;
    private readonly TimeProvider _clock;
    private readonly int _maxSteps;

    internal FeelExpression(string text, FeelNode root, TimeProvider clock, int maxSteps)
    {
        Text = text;
        _root = root;
        _clock = clock;
        _maxSteps = maxSteps;
    }

    /// <summary>The expression text exactly as compiled (including any <c>=</c> or <c>${…}</c> wrapper).</summary>
    public string Text { get; }

    /// <summary>Evaluates the expression against <paramref name="scope"/>.</summary>
    /// <returns>null, bool, decimal, string, <see cref="List{T}"/> of object, <see cref="Dictionary{TKey,TValue}"/>
    /// of string to object, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>,
    /// <see cref="FeelYearsMonths"/> or <see cref="FeelRange"/> (a variable's own list or context object may be
    /// returned as is). Type mismatches and missing variables give null, not errors.</returns>
    /// <exception cref="FeelException">The evaluation exceeded <see cref="FeelOptions.MaxSteps"/>
    /// (<see cref="FeelErrorCodes.Steps"/>), or the scope threw (<see cref="FeelErrorCodes.Evaluation"/>).</exception>
    public object? Evaluate(IFeelScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var ctx = new FeelContext(scope, _clock, _maxSteps, Text);
        try
        {
            return _root.Evaluate(ref ctx);
        }
        catch (FeelException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Callers handle FeelException as "the expression failed"; a throwing scope or an unforeseen bug must
            // not escape as something they do not expect.
            throw new FeelException(FeelErrorCodes.Evaluation, Text, 0, $"evaluation failed: {e.Message}", e);
        }
    }

    /// <summary>Evaluates the expression as a condition: true only when the result is the boolean true; null,
    /// false and non-boolean results are all false.</summary>
    /// <exception cref="FeelException">As for <see cref="Evaluate"/>.</exception>
    public bool EvaluateCondition(IFeelScope scope) => Evaluate(scope) is true;

    /// <inheritdoc />
    public override string ToString() => Text;
}
