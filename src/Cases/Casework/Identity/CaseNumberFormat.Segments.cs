using System.Globalization;
using System.Text;

namespace OneThing.Cases.Casework;

/// <summary>The segments a case-number pattern is made of: literal text, the district, the sequence and the date,
/// each writing and reading its fixed-width part of a number.</summary>
public sealed partial class CaseNumberFormat
{
    private sealed class Reading
    {
        public string? District { get; set; }

        public DateOnly? Date { get; set; }

        public long Sequence { get; set; }
    }

    private abstract class Segment(int width)
    {
        public int Width { get; } = width;

        public abstract void Write(StringBuilder text, string district, DateOnly date, long sequence);

        public abstract IdentifierError? Read(ReadOnlySpan<char> text, int position, Reading reading);
    }

    private sealed class LiteralSegment(string literal) : Segment(literal.Length)
    {
        public override void Write(StringBuilder text, string district, DateOnly date, long sequence) =>
            text.Append(literal);

        public override IdentifierError? Read(ReadOnlySpan<char> text, int position, Reading reading) =>
            text.Equals(literal, StringComparison.OrdinalIgnoreCase)
                ? null
                : new IdentifierError(IdentifierErrorCodes.CaseNumberMismatch,
                    $"办件编号第 {position + 1} 位起应为“{literal}”");
    }

    private sealed class DistrictSegment(int width) : Segment(width)
    {
        public override void Write(StringBuilder text, string district, DateOnly date, long sequence)
        {
            if (district.Length != Width || !district.All(char.IsAsciiDigit))
            {
                throw new ArgumentException($"区划代码应为 {Width} 位数字：“{district}”", nameof(district));
            }

            text.Append(district);
        }

        public override IdentifierError? Read(ReadOnlySpan<char> text, int position, Reading reading)
        {
            if (ReadDigits(text, position, "区划代码") is { } problem)
            {
                return problem;
            }

            reading.District = text.ToString();
            return null;
        }
    }

    private sealed class SequenceSegment(int width) : Segment(width)
    {
        public override void Write(StringBuilder text, string district, DateOnly date, long sequence)
        {
            if (sequence < 0 || sequence.ToString(CultureInfo.InvariantCulture).Length > Width)
            {
                throw new ArgumentOutOfRangeException(nameof(sequence), sequence,
                    $"序号应为 0 到 {Width} 位数字能表示的最大值之间");
            }

            text.Append(sequence.ToString(new string('0', Width), CultureInfo.InvariantCulture));
        }

        public override IdentifierError? Read(ReadOnlySpan<char> text, int position, Reading reading)
        {
            if (ReadDigits(text, position, "序号") is { } problem)
            {
                return problem;
            }

            reading.Sequence = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
            return null;
        }
    }

    private enum DatePart
    {
        Year4,
        Year2,
        Month,
        Day,
        Separator,
    }

    private sealed class DateSegment : Segment
    {
        private readonly (DatePart Part, char Separator)[] _parts;

        private DateSegment((DatePart Part, char Separator)[] parts)
            : base(parts.Sum(p => p.Part switch
            {
                DatePart.Year4 => 4,
                DatePart.Separator => 1,
                _ => 2,
            })) => _parts = parts;

        // Null unless the format is made of yyyy, yy, MM, dd and separators, with one year, dd only with MM,
        // and each part once.
        public static DateSegment? Parse(string format)
        {
            var parts = new List<(DatePart, char)>();
            for (var i = 0; i < format.Length;)
            {
                var rest = format.AsSpan(i);
                if (rest.StartsWith("yyyy", StringComparison.Ordinal))
                {
                    parts.Add((DatePart.Year4, '\0'));
                    i += 4;
                }
                else if (rest.StartsWith("yy", StringComparison.Ordinal))
                {
                    parts.Add((DatePart.Year2, '\0'));
                    i += 2;
                }
                else if (rest.StartsWith("MM", StringComparison.Ordinal))
                {
                    parts.Add((DatePart.Month, '\0'));
                    i += 2;
                }
                else if (rest.StartsWith("dd", StringComparison.Ordinal))
                {
                    parts.Add((DatePart.Day, '\0'));
                    i += 2;
                }
                else if (format[i] is '-' or '.' or '/' or '_')
                {
                    parts.Add((DatePart.Separator, format[i]));
                    i++;
                }
                else
                {
                    return null;
                }
            }

            int Count(DatePart part) => parts.Count(p => p.Item1 == part);
            var years = Count(DatePart.Year4) + Count(DatePart.Year2);
            var months = Count(DatePart.Month);
            var days = Count(DatePart.Day);
            return years == 1 && months <= 1 && days <= months ? new DateSegment([.. parts]) : null;
        }

        public override void Write(StringBuilder text, string district, DateOnly date, long sequence)
        {
            foreach (var (part, separator) in _parts)
            {
                switch (part)
                {
                    case DatePart.Year4:
                        text.Append(date.Year.ToString("D4", CultureInfo.InvariantCulture));
                        break;
                    case DatePart.Year2:
                        if (date.Year is < 2000 or > 2099)
                        {
                            throw new ArgumentOutOfRangeException(nameof(date), date,
                                "两位年份只能表示 2000 至 2099 年");
                        }

                        text.Append((date.Year % 100).ToString("D2", CultureInfo.InvariantCulture));
                        break;
                    case DatePart.Month:
                        text.Append(date.Month.ToString("D2", CultureInfo.InvariantCulture));
                        break;
                    case DatePart.Day:
                        text.Append(date.Day.ToString("D2", CultureInfo.InvariantCulture));
                        break;
                    default:
                        text.Append(separator);
                        break;
                }
            }
        }

        public override IdentifierError? Read(ReadOnlySpan<char> text, int position, Reading reading)
        {
            int year = 1, month = 1, day = 1;
            var offset = 0;
            foreach (var (part, separator) in _parts)
            {
                var width = part switch
                {
                    DatePart.Year4 => 4,
                    DatePart.Separator => 1,
                    _ => 2,
                };
                var piece = text.Slice(offset, width);
                if (part == DatePart.Separator)
                {
                    if (piece[0] != separator)
                    {
                        return new IdentifierError(IdentifierErrorCodes.CaseNumberMismatch,
                            $"办件编号第 {position + offset + 1} 位应为“{separator}”");
                    }
                }
                else
                {
                    if (ReadDigits(piece, position + offset, "日期") is { } problem)
                    {
                        return problem;
                    }

                    var number = int.Parse(piece, NumberStyles.None, CultureInfo.InvariantCulture);
                    switch (part)
                    {
                        case DatePart.Year4:
                            year = number;
                            break;
                        case DatePart.Year2:
                            year = 2000 + number;
                            break;
                        case DatePart.Month:
                            month = number;
                            break;
                        default:
                            day = number;
                            break;
                    }
                }

                offset += width;
            }

            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return new IdentifierError(IdentifierErrorCodes.CaseNumberDateInvalid,
                    $"办件编号中的日期“{text}”不是有效的日期");
            }

            reading.Date = new DateOnly(year, month, day);
            return null;
        }
    }
}
