using OneThing.Engine.Feel;

namespace OneThing.Engine.Tests.Feel;

/// <summary>Shared engine and helpers for the FEEL tests.</summary>
internal static class FeelTest
{
    public static FeelEngine Evaluator { get; } = new(new FeelTestClock());

    public static object? Eval(string expression, params (string Name, object? Value)[] variables) =>
        Evaluator.Evaluate(expression, Scope(variables));

    /// <summary>The result as FEEL literal text, so numbers ("5"), strings ("\"5\"") and null ("null") are told
    /// apart in assertions.</summary>
    public static string Show(string expression, params (string Name, object? Value)[] variables) =>
        Text(Eval(expression, variables));

    public static string Text(object? value) => value is string s
        ? "\"" + s + "\""
        : FeelText.Format(value);

    public static DictionaryFeelScope Scope(params (string Name, object? Value)[] variables)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            map[name] = value;
        }

        return new DictionaryFeelScope(map);
    }

    public static FeelException CompileError(string expression) =>
        Assert.Throws<FeelException>(() => Evaluator.Compile(expression));
}
