using System.Globalization;
using System.Text;
using OneThing.Engine.Timers;

namespace OneThing.Engine.Feel;

/// <summary>The text FEEL's <c>string()</c> gives each value: culture-independent, numbers without trailing
/// zeros, dates and durations in ISO-8601, lists and contexts in FEEL literal syntax.</summary>
internal static class FeelText
{
    private const int MaxDepth = 32;

    public static string? ToFeelString(object? value) => value is null ? null : Format(value);

    public static string Format(object? value)
    {
        var text = new StringBuilder();
        Append(text, FeelValue.Normalize(value), 0, quoteStrings: false);
        return text.ToString();
    }

    public static string FormatNumber(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string FormatDateTime(DateTimeOffset value)
    {
        var pattern = value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF";
        var text = value.ToString(pattern, CultureInfo.InvariantCulture);
        return value.Offset == TimeSpan.Zero
            ? text + "Z"
            : text + value.ToString("zzz", CultureInfo.InvariantCulture);
    }

    public static string FormatDuration(TimeSpan span)
    {
        // Days-time durations never carry months or years, so the IsoDuration text is exact.
        var days = span.Ticks / TimeSpan.TicksPerDay;
        var rest = TimeSpan.FromTicks(span.Ticks - days * TimeSpan.TicksPerDay);
        return new IsoDuration(0, 0, (int)days, rest).ToString();
    }

    private static void Append(StringBuilder text, object? value, int depth, bool quoteStrings)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                if (quoteStrings)
                {
                    AppendQuoted(text, s);
                }
                else
                {
                    text.Append(s);
                }

                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case decimal d:
                text.Append(FormatNumber(d));
                break;
            case DateOnly date:
                text.Append(FormatDate(date));
                break;
            case DateTimeOffset at:
                text.Append(FormatDateTime(at));
                break;
            case TimeSpan span:
                text.Append(FormatDuration(span));
                break;
            case IReadOnlyList<object?> list:
                AppendList(text, list, depth);
                break;
            case IReadOnlyDictionary<string, object?> context:
                AppendContext(text, context, depth);
                break;
            default:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<object?> list, int depth)
    {
        if (depth >= MaxDepth)
        {
            text.Append("[…]");
            return;
        }

        text.Append('[');
        for (var i = 0; i < list.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ");
            Append(text, FeelValue.Element(list, i), depth + 1, quoteStrings: true);
        }

        text.Append(']');
    }

    private static void AppendContext(StringBuilder text, IReadOnlyDictionary<string, object?> context, int depth)
    {
        if (depth >= MaxDepth)
        {
            text.Append("{…}");
            return;
        }

        text.Append('{');
        var first = true;
        foreach (var (key, item) in context)
        {
            text.Append(first ? "" : ", ");
            first = false;
            if (IsPlainName(key))
            {
                text.Append(key);
            }
            else
            {
                AppendQuoted(text, key);
            }

            text.Append(": ");
            Append(text, FeelValue.Normalize(item), depth + 1, quoteStrings: true);
        }

        text.Append('}');
    }

    private static bool IsPlainName(string key) =>
        key.Length > 0 && !char.IsAsciiDigit(key[0])
        && key.AsSpan().IndexOfAnyExcept(PlainNameChars) < 0;

    private static readonly System.Buffers.SearchValues<char> PlainNameChars = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$");

    private static void AppendQuoted(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            var escaped = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => null,
            };
            if (escaped is null)
            {
                text.Append(c);
            }
            else
            {
                text.Append(escaped);
            }
        }

        text.Append('"');
    }
}
