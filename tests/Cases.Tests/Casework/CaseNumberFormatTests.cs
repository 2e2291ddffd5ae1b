using OneThing.Cases.Casework;

namespace OneThing.Cases.Tests.Casework;

public class CaseNumberFormatTests
{
    private static readonly DateOnly Day = new(2026, 11, 22);

    [Fact]
    public void Format_DefaultPattern_WritesDistrictDateAndSequence()
    {
        var format = CaseNumberFormat.Create("{district}{date:yyyyMMdd}{seq:6}");

        Assert.Equal("31010420261122000042", format.Format("310104", Day, 42));
        Assert.Equal(20, format.Length);
        Assert.Equal(CaseNumberFormat.DefaultPattern, CaseNumberFormat.Default.Pattern);
        Assert.Equal("31010420261122000042", CaseNumberFormat.Default.Format("310104", Day, 42));
    }

    [Fact]
    public void TryParse_DefaultPattern_ReadsParts()
    {
        Assert.True(CaseNumberFormat.Default.TryParse("31010420261122000042", out var parts, out var error));

        Assert.Null(error);
        Assert.Equal(new CaseNumberParts("310104", Day, 42), parts);
    }

    [Theory]
    [InlineData("SH-{district}-{date:yyyy-MM-dd}-{seq:4}", "SH-310104-2026-11-22-0042")]
    [InlineData("{{{district}}}{date:yyMM}{seq:8}", "{310104}261100000042")]
    [InlineData("徐汇{date:yyyy.MM.dd}/{seq}", "徐汇2026.11.22/000042")]
    [InlineData("{seq:3}", "042")]
    [InlineData("{district:9}{date:yyyy}{seq:2}", "310104001202642")]
    public void Format_Patterns_WriteExpectedText(string pattern, string expected)
    {
        Assert.True(CaseNumberFormat.TryCreate(pattern, out var format, out var error), error);
        var district = pattern.Contains("{district:9}", StringComparison.Ordinal) ? "310104001" : "310104";

        var text = format.Format(district, Day, 42);

        Assert.Equal(expected, text);
        Assert.Equal(format.Length, text.Length);
        Assert.Equal(pattern, format.ToString());
    }

    [Fact]
    public void TryParse_PatternWithoutDistrictOrDay_ReadsNullAndFirstDay()
    {
        var format = CaseNumberFormat.Create("XH{date:yyyyMM}{seq:6}");

        Assert.True(format.TryParse("xh202611000042", out var parts, out _));

        Assert.Equal(new CaseNumberParts(null, new DateOnly(2026, 11, 1), 42), parts);
    }

    [Fact]
    public void TryParse_RandomNumbers_RoundTrip()
    {
        string[] patterns =
        [
            CaseNumberFormat.DefaultPattern,
            "SH-{district}-{date:yyyy-MM-dd}-{seq:4}",
            "{seq:18}{date:yy_MM_dd}{district:12}",
            "办{date:yyyyMMdd}{seq:10}件",
        ];
        var random = new Random(42);
        foreach (var pattern in patterns)
        {
            var format = CaseNumberFormat.Create(pattern);
            for (var n = 0; n < 1000; n++)
            {
                var width = pattern.Contains("{district:12}", StringComparison.Ordinal) ? 12 : 6;
                var district = random.NextInt64(0, (long)Math.Pow(10, width)).ToString("D" + width,
                    System.Globalization.CultureInfo.InvariantCulture);
                var date = DateOnly.FromDayNumber(random.Next(new DateOnly(2000, 1, 1).DayNumber,
                    new DateOnly(2099, 12, 31).DayNumber + 1));
                var maxSequence = pattern.Contains("{seq:18}", StringComparison.Ordinal) ? 999_999_999_999_999_999
                    : pattern.Contains("{seq:10}", StringComparison.Ordinal) ? 9_999_999_999
                    : pattern.Contains("{seq:4}", StringComparison.Ordinal) ? 9_999 : 999_999;
                var sequence = random.NextInt64(0, maxSequence + 1);

                var text = format.Format(district, date, sequence);

                Assert.True(format.TryParse(text, out var parts, out var error), $"{pattern} {text}: {error}");
                var hasDistrict = pattern.Contains("{district", StringComparison.Ordinal);
                Assert.Equal(new CaseNumberParts(hasDistrict ? district : null, date, sequence), parts);
            }
        }
    }

    [Fact]
    public void Format_LargestSequenceOfWidth_RoundTrips()
    {
        var format = CaseNumberFormat.Create("{seq:18}");

        var text = format.Format("", Day, 999_999_999_999_999_999);

        Assert.Equal(new string('9', 18), text);
        Assert.True(format.TryParse(text, out var parts, out _));
        Assert.Equal(999_999_999_999_999_999, parts.Sequence);
    }

    [Theory]
    [InlineData("{foo}")]
    [InlineData("{district}{date}{sequence:6}")]
    [InlineData("{Seq:6}")]
    [InlineData("{ seq }")]
    [InlineData("{}{seq}")]
    public void TryCreate_UnknownPlaceholder_ReportsItInChinese(string pattern)
    {
        Assert.False(CaseNumberFormat.TryCreate(pattern, out var format, out var error));

        Assert.Null(format);
        Assert.StartsWith("未知的占位符", error);
        Assert.Equal(IdentifierErrorCodes.CaseNumberPatternUnknownPlaceholder,
            CaseNumberFormat.ValidatePattern(pattern, out _)?.Code);
    }

    [Theory]
    [InlineData(null, "编号格式不能为空")]
    [InlineData("", "编号格式不能为空")]
    [InlineData("{district}{date}", "缺少序号占位符")]
    [InlineData("{seq:6}{seq:6}", "只能出现一次")]
    [InlineData("{seq:0}", "序号位数")]
    [InlineData("{seq:19}", "序号位数")]
    [InlineData("{seq:x}", "序号位数")]
    [InlineData("{seq:}", "序号位数")]
    [InlineData("{seq:+6}", "序号位数")]
    [InlineData("{district:0}{seq}", "区划代码位数")]
    [InlineData("{district:13}{seq}", "区划代码位数")]
    [InlineData("{date:MMdd}{seq}", "日期格式")]
    [InlineData("{date:yyyydd}{seq}", "日期格式")]
    [InlineData("{date:yyyyyyyy}{seq}", "日期格式")]
    [InlineData("{date:yyyyMMddHH}{seq}", "日期格式")]
    [InlineData("{date:yyyy年MM月}{seq}", "日期格式")]
    [InlineData("{date:}{seq}", "日期格式")]
    [InlineData("{seq:6", "没有对应的“}”")]
    [InlineData("}{seq:6}", "没有对应的“{”")]
    [InlineData("A {seq}", "空白或控制字符")]
    [InlineData("{seq:18}{seq:18}", "只能出现一次")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ{seq:18}", "不能超过 64 位")]
    public void TryCreate_MalformedPattern_ReportsReasonInChinese(string? pattern, string reason)
    {
        Assert.False(CaseNumberFormat.TryCreate(pattern, out var format, out var error));

        Assert.Null(format);
        Assert.Contains(reason, error);
        Assert.Equal(IdentifierErrorCodes.CaseNumberPatternInvalid,
            CaseNumberFormat.ValidatePattern(pattern, out _)?.Code);
    }

    [Fact]
    public void Create_InvalidPattern_ThrowsWithChineseMessage()
    {
        var exception = Assert.Throws<ArgumentException>(() => CaseNumberFormat.Create("{district}{day}{seq:6}"));

        Assert.StartsWith("未知的占位符“{day}”", exception.Message);
        Assert.Equal("pattern", exception.ParamName);
    }

    [Theory]
    [InlineData("31010")]
    [InlineData("3101041")]
    [InlineData("31010A")]
    public void Format_DistrictNotSixDigits_Throws(string district) =>
        Assert.Throws<ArgumentException>(() => CaseNumberFormat.Default.Format(district, Day, 1));

    [Theory]
    [InlineData(-1)]
    [InlineData(1_000_000)]
    public void Format_SequenceOutsideWidth_Throws(long sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CaseNumberFormat.Default.Format("310104", Day, sequence));

    [Fact]
    public void Format_TwoDigitYearOutsideCentury_Throws()
    {
        var format = CaseNumberFormat.Create("{date:yyMMdd}{seq}");

        Assert.Throws<ArgumentOutOfRangeException>(() => format.Format("", new DateOnly(1999, 12, 31), 1));
    }

    [Fact]
    public void Format_PatternWithoutDistrict_IgnoresDistrict()
    {
        var format = CaseNumberFormat.Create("{date:yyyyMMdd}{seq:4}");

        Assert.Equal("202611220007", format.Format("anything", Day, 7));
    }

    [Theory]
    [InlineData("3101042026112200004", "应为 20 位")]
    [InlineData("310104202611220000420", "应为 20 位")]
    [InlineData("", "应为 20 位")]
    [InlineData("31010A20261122000042", "第 6 位“A”应为数字（区划代码）")]
    [InlineData("3101042026112200004X", "第 20 位“X”应为数字（序号）")]
    [InlineData("310104202611+2000042", "第 13 位“+”应为数字（日期）")]
    public void TryParse_NotMatchingPattern_ReportsMismatch(string text, string reason)
    {
        Assert.False(CaseNumberFormat.Default.TryParse(text, out var parts, out var error));

        Assert.Null(parts);
        Assert.Contains(reason, error);
        Assert.Equal(IdentifierErrorCodes.CaseNumberMismatch, CaseNumberFormat.Default.Validate(text, out _)?.Code);
    }

    [Theory]
    [InlineData("SH-310104-2026-11-22-0042", true)]
    [InlineData("sh-310104-2026-11-22-0042", true)]
    [InlineData("BJ-310104-2026-11-22-0042", false)]
    [InlineData("SH-310104-2026/11-22-0042", false)]
    [InlineData("SH_310104-2026-11-22-0042", false)]
    public void TryParse_LiteralText_MustMatchIgnoringCase(string text, bool valid)
    {
        var format = CaseNumberFormat.Create("SH-{district}-{date:yyyy-MM-dd}-{seq:4}");

        Assert.Equal(valid, format.TryParse(text, out _, out _));
    }

    [Theory]
    [InlineData("31010420260230000042")]
    [InlineData("31010420261322000042")]
    [InlineData("31010400001122000042")]
    [InlineData("31010420261100000042")]
    public void TryParse_InvalidDate_ReportsDateInvalid(string text)
    {
        Assert.False(CaseNumberFormat.Default.TryParse(text, out _, out var error));

        Assert.Contains("不是有效的日期", error);
        Assert.Equal(IdentifierErrorCodes.CaseNumberDateInvalid, CaseNumberFormat.Default.Validate(text, out _)?.Code);
    }

    [Fact]
    public void TryParse_SurroundingWhiteSpace_IsIgnored()
    {
        Assert.True(CaseNumberFormat.Default.TryParse(" 31010420261122000042\n", out var parts, out _));

        Assert.Equal(42, parts.Sequence);
    }
}
