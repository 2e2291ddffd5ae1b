namespace OneThing.Engine.Feel;

/// <summary>The stable error codes of <see cref="FeelException"/>.</summary>
public static class FeelErrorCodes
{
    /// <summary>The text is not valid FEEL (or a function is called with the wrong number of arguments).</summary>
    public const string Syntax = "FEEL_SYNTAX";

    /// <summary>The expression calls a function that does not exist.</summary>
    public const string UnknownFunction = "FEEL_UNKNOWN_FUNCTION";

    /// <summary>The expression is longer than <see cref="FeelOptions.MaxLength"/>.</summary>
    public const string TooLong = "FEEL_TOO_LONG";

    /// <summary>The expression nests deeper than <see cref="FeelOptions.MaxDepth"/>.</summary>
    public const string TooDeep = "FEEL_TOO_DEEP";

    /// <summary>An evaluation took more than <see cref="FeelOptions.MaxSteps"/> steps.</summary>
    public const string Steps = "FEEL_STEPS";

    /// <summary>An evaluation failed for a reason outside the expression, e.g. the variable scope threw.</summary>
    public const string Evaluation = "FEEL_EVALUATION";
}

/// <summary>The only exception FEEL compilation and evaluation throw. The message names the expression and the
/// position, e.g. <c>FEEL error at position 4 in 'a > > 3': unexpected '>'</c>.</summary>
public sealed class FeelException : Exception
{
    private const int MaxShownLength = 200;

    /// <summary>Creates an error about <paramref name="expression"/>.</summary>
    /// <param name="code">One of <see cref="FeelErrorCodes"/>.</param>
    /// <param name="expression">The full expression text.</param>
    /// <param name="position">0-based character offset in <paramref name="expression"/>.</param>
    /// <param name="reason">What is wrong, in English.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public FeelException(string code, string expression, int position, string reason, Exception? inner = null)
        : base(Describe(expression, position, reason), inner)
    {
        Code = code;
        Expression = expression;
        Position = position;
        Reason = reason;
    }

    /// <summary>The expression text as given (including any <c>=</c> or <c>${…}</c> wrapper).</summary>
    public string Expression { get; }

    /// <summary>0-based character offset in <see cref="Expression"/> where the problem is.</summary>
    public int Position { get; }

    /// <summary>One of <see cref="FeelErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>What is wrong, without the expression and position.</summary>
    public string Reason { get; }

    private static string Describe(string expression, int position, string reason)
    {
        // Expressions can be 4000 characters; a log line needs only enough to recognise the expression.
        var shown = expression.Length <= MaxShownLength ? expression : expression[..MaxShownLength] + "…";
        return $"FEEL error at position {position} in '{shown}': {reason}";
    }
}
