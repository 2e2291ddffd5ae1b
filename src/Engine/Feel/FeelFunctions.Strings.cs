using System.Globalization;
using System.Text;

namespace OneThing.Engine.Feel;

internal static partial class FeelFunctions
{
    private static void AddStringFunctions(List<FeelFunction> functions)
    {
        functions.Add(new FeelFunction("contains", 2, 2, Contains));
        functions.Add(new FeelFunction("starts with", 2, 2, StartsWith));
        functions.Add(new FeelFunction("ends with", 2, 2, EndsWith));
        functions.Add(new FeelFunction("string length", 1, 1, StringLength));
        functions.Add(new FeelFunction("upper case", 1, 1, UpperCase));
        functions.Add(new FeelFunction("lower case", 1, 1, LowerCase));
        functions.Add(new FeelFunction("substring", 2, 3, Substring));
        functions.Add(new FeelFunction("substring before", 2, 2, SubstringBefore));
        functions.Add(new FeelFunction("substring after", 2, 2, SubstringAfter));
        functions.Add(new FeelFunction("string", 1, 1, ToText));
        functions.Add(new FeelFunction("number", 1, 1, ToNumber));
        functions.Add(new FeelFunction("string join", 1, 2, StringJoin));
    }

    private static object? Contains(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is string s && args[1] is string part ? FeelValue.Box(s.Contains(part, StringComparison.Ordinal)) : null;

    private static object? StartsWith(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is string s && args[1] is string part ? FeelValue.Box(s.StartsWith(part, StringComparison.Ordinal)) : null;

    private static object? EndsWith(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is string s && args[1] is string part ? FeelValue.Box(s.EndsWith(part, StringComparison.Ordinal)) : null;

    // FEEL counts characters as Unicode code points, so an emoji or a rare CJK character outside the BMP is one.
    private static object? StringLength(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is string s ? (decimal)CodePointCount(s) : null;

    private static object? UpperCase(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is string s ? s.ToUpperInvariant() : null;

    private static object? LowerCase(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is string s ? s.ToLowerInvariant() : null;

    /// <summary><c>substring(s, start, length?)</c>: start is 1-based, negative counts from the end.</summary>
    private static object? Substring(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not string s || !TryInt(args[1], out var start) || start == 0)
        {
            return null;
        }

        var offsets = CodePoints(s);
        var count = offsets.Length;
        var first = start > 0 ? start - 1 : count + start;
        first = Math.Max(first, 0);
        var length = count - first;
        if (args.Length > 2)
        {
            if (!TryInt(args[2], out var wanted) || wanted < 0)
            {
                return null;
            }

            length = Math.Min(length, wanted);
        }

        if (first >= count || length <= 0)
        {
            return "";
        }

        var from = offsets[first];
        var to = first + length < count ? offsets[first + length] : s.Length;
        return s[from..to];
    }

    private static object? SubstringBefore(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not string s || args[1] is not string match)
        {
            return null;
        }

        var at = s.IndexOf(match, StringComparison.Ordinal);
        return at < 0 ? "" : s[..at];
    }

    private static object? SubstringAfter(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args[0] is not string s || args[1] is not string match)
        {
            return null;
        }

        var at = s.IndexOf(match, StringComparison.Ordinal);
        return at < 0 ? "" : s[(at + match.Length)..];
    }

    private static object? ToText(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        FeelText.ToFeelString(args[0]);

    private static object? ToNumber(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) => args[0] switch
    {
        decimal d => d,
        string s when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary><c>string join(list, delimiter?)</c>: null items are skipped; any other non-string gives null.</summary>
    private static object? StringJoin(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        var delimiter = args.Length > 1 ? args[1] as string : "";
        if (args[0] is not IReadOnlyList<object?> list || delimiter is null && args.Length > 1 && args[1] is not null)
        {
            return null;
        }

        ctx.Steps(list.Count, position);
        var text = new StringBuilder();
        var first = true;
        for (var i = 0; i < list.Count; i++)
        {
            switch (FeelValue.Element(list, i))
            {
                case null:
                    continue;
                case string s:
                    text.Append(first ? "" : delimiter).Append(s);
                    first = false;
                    break;
                default:
                    return null;
            }
        }

        return text.ToString();
    }

    private static int CodePointCount(string s)
    {
        var count = s.Length;
        for (var i = 0; i + 1 < s.Length; i++)
        {
            if (char.IsSurrogatePair(s[i], s[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    /// <summary>The UTF-16 offset of each code point of <paramref name="s"/>.</summary>
    private static int[] CodePoints(string s)
    {
        if (!s.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            var simple = new int[s.Length];
            for (var i = 0; i < simple.Length; i++)
            {
                simple[i] = i;
            }

            return simple;
        }

        var offsets = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i += char.IsSurrogatePair(s, i) ? 2 : 1)
        {
            offsets.Add(i);
        }

        return [.. offsets];
    }
}
