// TEMPORARY: stands in for branch 'feel' (FEEL-lite + ISO-8601) so main compiles. DELETE THIS FILE when merging 'feel'.
#pragma warning disable
namespace OneThing.Engine.Feel
{
    public interface IFeelScope { bool TryGetVariable(string name, out object? value); }
    public sealed class DictionaryFeelScope(IReadOnlyDictionary<string, object?> v) : IFeelScope { public bool TryGetVariable(string name, out object? value) => v.TryGetValue(name, out value); }
    public sealed class FeelException(string code, int position, string message) : Exception(message) { public string Code { get; } = code; public int Position { get; } = position; }
    public sealed class FeelExpression(string text) { public string Text { get; } = text; }
    public readonly record struct FeelYearsMonths(int TotalMonths);
    public sealed class FeelEngine(TimeProvider clock)
    {
        public object? Evaluate(string expression, IFeelScope scope) { var e = expression.TrimStart('='); if (scope.TryGetVariable(e, out var v)) return v; if (decimal.TryParse(e, out var d)) return d; return null; }
        public bool TryCompile(string expression, out FeelExpression? compiled, out FeelException? error) { var depth = 0; for (var i = 0; i < expression.Length; i++) { if (expression[i] == '(') depth++; else if (expression[i] == ')' && --depth < 0) { compiled = null; error = new FeelException("FEEL_SYNTAX", i, "多余的右括号"); return false; } } if (depth != 0 || expression.TrimStart('=').Trim().Length == 0) { compiled = null; error = new FeelException("FEEL_SYNTAX", expression.Length, "表达式不完整"); return false; } compiled = new FeelExpression(expression); error = null; return true; }
        public bool EvaluateCondition(string expression, IFeelScope scope) => Evaluate(expression, scope) is true;
    }
}
namespace OneThing.Engine.Timers
{
    public readonly record struct IsoDuration(int Years, int Months, int Days, TimeSpan Time) { public DateTimeOffset AddTo(DateTimeOffset s) => s.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time); }
    public sealed record IsoCycle(int? Repetitions, DateTimeOffset? Start, IsoDuration Interval, DateTimeOffset? End);
    public static class Iso8601
    {
        public static bool TryParseDuration(string t, out IsoDuration d) { try { d = new(0,0,0,System.Xml.XmlConvert.ToTimeSpan(t)); return true; } catch { d = default; return false; } }
        public static bool TryParseDateTime(string t, out DateTimeOffset v) => DateTimeOffset.TryParse(t, out v);
        public static bool TryParseCycle(string t, out IsoCycle c) { c = null!; return false; }
    }
}
