using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace OneThing.Cases.Casework;

/// <summary>The parts read back from a case number by <see cref="CaseNumberFormat.TryParse"/>.</summary>
/// <param name="District">The district code, or null when the pattern has no <c>{district}</c>.</param>
/// <param name="Date">The date, or null when the pattern has no <c>{date}</c>. A date format without month or day
/// reads them as 1.</param>
/// <param name="Sequence">The sequence number.</param>
public sealed record CaseNumberParts(string? District, DateOnly? Date, long Sequence);

/// <summary>How 办件编号 (case numbers) are written, configured by a pattern such as
/// <c>{district}{date:yyyyMMdd}{seq:6}</c>, which makes <c>31010420261122000042</c> from district
/// <c>310104</c>, 22 November 2026 and sequence 42.</summary>
/// <remarks>
/// <para>Placeholders, each at most once:</para>
/// <list type="bullet">
/// <item><c>{district}</c> or <c>{district:N}</c>: the administrative-division code, exactly N digits (default 6,
/// at most 12).</item>
/// <item><c>{date}</c> or <c>{date:FORMAT}</c>: the date, FORMAT made of <c>yyyy</c>, <c>yy</c>, <c>MM</c>,
/// <c>dd</c> and the separators <c>-</c> <c>.</c> <c>/</c> <c>_</c> (default <c>yyyyMMdd</c>); it must have a
/// year, and <c>dd</c> needs <c>MM</c>. <c>yy</c> stands for 2000–2099.</item>
/// <item><c>{seq}</c> or <c>{seq:N}</c>: the sequence, zero-padded to N digits (default 6, at most 18). It is
/// required, so that numbers differ.</item>
/// </list>
/// <para>Everything else is literal text (no white space); <c>{{</c> and <c>}}</c> are literal braces. Every
/// placeholder has a fixed width, so every number of a format has the same <see cref="Length"/> and reads back
/// unambiguously.</para>
/// </remarks>
public sealed partial class CaseNumberFormat
{
    /// <summary>The pattern of <see cref="Default"/>: district, date <c>yyyyMMdd</c>, 6-digit sequence.</summary>
    public const string DefaultPattern = "{district}{date:yyyyMMdd}{seq:6}";

    /// <summary>The longest case number a pattern may produce.</summary>
    public const int MaxLength = 64;

    private const int DefaultDistrictWidth = 6;
    private const int MaxDistrictWidth = 12;
    private const int DefaultSequenceWidth = 6;
    private const int MaxSequenceWidth = 18;
    private const string DefaultDateFormat = "yyyyMMdd";
    private const string Placeholders = "{district}、{date:yyyyMMdd}、{seq:6}";

    private readonly Segment[] _segments;

    private CaseNumberFormat(string pattern, Segment[] segments)
    {
        Pattern = pattern;
        _segments = segments;
        Length = segments.Sum(s => s.Width);
    }

    /// <summary>The format of <see cref="DefaultPattern"/>.</summary>
    public static CaseNumberFormat Default { get; } = Create(DefaultPattern);

    /// <summary>The pattern as configured.</summary>
    public string Pattern { get; }

    /// <summary>The number of characters of every case number of this format.</summary>
    public int Length { get; }

    /// <summary>Checks <paramref name="pattern"/> and makes the format.</summary>
    /// <param name="pattern">A pattern such as <c>{district}{date:yyyyMMdd}{seq:6}</c>.</param>
    /// <param name="format">The format, or null.</param>
    /// <param name="error">Why the pattern is not valid, in Chinese, or null.</param>
    /// <returns>True when the pattern is valid.</returns>
    public static bool TryCreate(string? pattern, [NotNullWhen(true)] out CaseNumberFormat? format,
        [NotNullWhen(false)] out string? error)
    {
        var problem = ValidatePattern(pattern, out format);
        error = problem?.Message;
        return problem is null;
    }

    /// <summary>Makes the format of a pattern known to be valid, e.g. from configuration checked at
    /// start-up.</summary>
    /// <param name="pattern">A pattern such as <c>{district}{date:yyyyMMdd}{seq:6}</c>.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentException">The pattern is not valid; the message says why, in Chinese.</exception>
    public static CaseNumberFormat Create(string pattern) =>
        ValidatePattern(pattern, out var format) is { } problem
            ? throw new ArgumentException(problem.Message, nameof(pattern))
            : format!;

    /// <summary>Like <see cref="TryCreate"/>, but returns the reason with its stable code.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="format">The format, or null.</param>
    /// <returns>Null when the pattern is valid; otherwise the error, its code
    /// <see cref="IdentifierErrorCodes.CaseNumberPatternUnknownPlaceholder"/> or
    /// <see cref="IdentifierErrorCodes.CaseNumberPatternInvalid"/>.</returns>
    public static IdentifierError? ValidatePattern(string? pattern, out CaseNumberFormat? format)
    {
        format = null;
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return Invalid("编号格式不能为空");
        }

        var segments = new List<Segment>();
        var literal = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '{' && i + 1 < pattern.Length && pattern[i + 1] == '{'
                || c == '}' && i + 1 < pattern.Length && pattern[i + 1] == '}')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                return Invalid($"第 {i + 1} 个字符“}}”没有对应的“{{”（字面的花括号写作 {{{{ 和 }}}}）");
            }

            if (c != '{')
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    return Invalid($"编号格式的第 {i + 1} 个字符是空白或控制字符，编号中不能有");
                }

                literal.Append(c);
                continue;
            }

            var close = pattern.IndexOf('}', i + 1);
            if (close < 0)
            {
                return Invalid($"第 {i + 1} 个字符“{{”没有对应的“}}”");
            }

            var placeholder = pattern[i..(close + 1)];
            var inner = pattern[(i + 1)..close];
            var colon = inner.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? inner : inner[..colon];
            var argument = colon < 0 ? null : inner[(colon + 1)..];
            if (name is not ("district" or "date" or "seq"))
            {
                return new IdentifierError(IdentifierErrorCodes.CaseNumberPatternUnknownPlaceholder,
                    $"未知的占位符“{placeholder}”，可用的占位符有 {Placeholders}");
            }

            if (!seen.Add(name))
            {
                return Invalid($"占位符 {{{name}}} 只能出现一次");
            }

            Segment? segment = name switch
            {
                "district" => ParseWidth(argument, DefaultDistrictWidth, MaxDistrictWidth) is { } width
                    ? new DistrictSegment(width)
                    : null,
                "seq" => ParseWidth(argument, DefaultSequenceWidth, MaxSequenceWidth) is { } width
                    ? new SequenceSegment(width)
                    : null,
                _ => DateSegment.Parse(argument ?? DefaultDateFormat),
            };
            if (segment is null)
            {
                return Invalid(name switch
                {
                    "district" => $"“{placeholder}”无效：区划代码位数应为 1 到 {MaxDistrictWidth} 的整数",
                    "seq" => $"“{placeholder}”无效：序号位数应为 1 到 {MaxSequenceWidth} 的整数",
                    _ => $"“{placeholder}”无效：日期格式只能由 yyyy、yy、MM、dd 和分隔符 - . / _ 组成，"
                        + "必须有年份，有 dd 时必须有 MM，每项最多一次",
                });
            }

            if (literal.Length > 0)
            {
                segments.Add(new LiteralSegment(literal.ToString()));
                literal.Clear();
            }

            segments.Add(segment);
            i = close;
        }

        if (literal.Length > 0)
        {
            segments.Add(new LiteralSegment(literal.ToString()));
        }

        if (!seen.Contains("seq"))
        {
            return Invalid("编号格式中缺少序号占位符 {seq:位数}");
        }

        var length = segments.Sum(s => s.Width);
        if (length > MaxLength)
        {
            return Invalid($"编号长度为 {length} 位，不能超过 {MaxLength} 位");
        }

        format = new CaseNumberFormat(pattern, [.. segments]);
        return null;

        static IdentifierError Invalid(string message) =>
            new(IdentifierErrorCodes.CaseNumberPatternInvalid, message);
    }

    /// <summary>Writes a case number.</summary>
    /// <param name="district">The district code: exactly as many ASCII digits as <c>{district}</c> takes. Ignored
    /// when the pattern has no <c>{district}</c>.</param>
    /// <param name="date">The date, usually the day the case was received. Ignored when the pattern has no
    /// <c>{date}</c>.</param>
    /// <param name="sequence">The sequence number, 0 or more and fitting the width of <c>{seq}</c>.</param>
    /// <returns>The case number, <see cref="Length"/> characters long.</returns>
    /// <exception cref="ArgumentException">The district code has the wrong length or is not all
    /// digits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is negative or too long for its width, or the
    /// year does not fit the date format.</exception>
    public string Format(string district, DateOnly date, long sequence)
    {
        ArgumentNullException.ThrowIfNull(district);
        var text = new StringBuilder(Length);
        foreach (var segment in _segments)
        {
            segment.Write(text, district, date, sequence);
        }

        return text.ToString();
    }

    /// <summary>Reads a case number of this format back into its parts.</summary>
    /// <param name="text">The case number; surrounding white space is ignored, and literal text matches in either
    /// case.</param>
    /// <param name="parts">The parts, or null.</param>
    /// <param name="error">Why the text is not a case number of this format, in Chinese, or null.</param>
    /// <returns>True when the text is a case number of this format.</returns>
    public bool TryParse(string? text, [NotNullWhen(true)] out CaseNumberParts? parts,
        [NotNullWhen(false)] out string? error)
    {
        var problem = Validate(text, out parts);
        error = problem?.Message;
        return problem is null;
    }

    /// <summary>Like <see cref="TryParse"/>, but returns the reason with its stable code.</summary>
    /// <param name="text">The case number.</param>
    /// <param name="parts">The parts, or null.</param>
    /// <returns>Null when the text is a case number of this format; otherwise the error, its code
    /// <see cref="IdentifierErrorCodes.CaseNumberMismatch"/> or
    /// <see cref="IdentifierErrorCodes.CaseNumberDateInvalid"/>.</returns>
    public IdentifierError? Validate(string? text, out CaseNumberParts? parts)
    {
        parts = null;
        var value = text?.Trim() ?? "";
        if (value.Length != Length)
        {
            return new IdentifierError(IdentifierErrorCodes.CaseNumberMismatch,
                $"办件编号应为 {Length} 位，实际为 {value.Length} 位");
        }

        var reading = new Reading();
        var position = 0;
        foreach (var segment in _segments)
        {
            if (segment.Read(value.AsSpan(position, segment.Width), position, reading) is { } problem)
            {
                return problem;
            }

            position += segment.Width;
        }

        parts = new CaseNumberParts(reading.District, reading.Date, reading.Sequence);
        return null;
    }

    /// <summary>The pattern.</summary>
    public override string ToString() => Pattern;

    private static int? ParseWidth(string? argument, int defaultWidth, int maxWidth)
    {
        if (argument is null)
        {
            return defaultWidth;
        }

        return argument.Length is > 0 and <= 2 && argument.All(char.IsAsciiDigit)
            && int.Parse(argument, CultureInfo.InvariantCulture) is var width && width >= 1 && width <= maxWidth
                ? width
                : null;
    }

    private static IdentifierError? ReadDigits(ReadOnlySpan<char> text, int position, string what)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return new IdentifierError(IdentifierErrorCodes.CaseNumberMismatch,
                    $"办件编号第 {position + i + 1} 位“{text[i]}”应为数字（{what}）");
            }
        }

        return null;
    }
}
