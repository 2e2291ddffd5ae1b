using OneThing.Cases.Casework;
using Microsoft.Extensions.Time.Testing;

namespace OneThing.Cases.Tests.Casework;

public class ResidentIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    // Hand-worked example 1, the sample number of GB 11643-1999: body 11010519491231002.
    //   digits   1  1   0  1  0  5  1  9  4  9  1  2   3  1  0  0  2
    //   weights  7  9  10  5  8  4  2  1  6  3  7  9  10  5  8  4  2
    //   products 7  9   0  5  0 20  2  9 24 27  7 18  30  5  0  0  4
    //   sum = 167; 167 mod 11 = 2; "10X98765432"[2] = X  →  11010519491231002X
    //
    // Hand-worked example 2, the standard's second sample: body 44052418800101001.
    //   digits    4  4   0  5  2  4  1  8  8  0  0  1   0  1  0  0  1
    //   weights   7  9  10  5  8  4  2  1  6  3  7  9  10  5  8  4  2
    //   products 28 36   0 25 16 16  2  8 48  0  0  9   0  5  0  0  2
    //   sum = 195; 195 mod 11 = 8; "10X98765432"[8] = 4  →  440524188001010014
    //   (born 1880, so it is rejected here for its date although its check character is right.)
    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("44052418800101001", '4')]
    public void ComputeCheckCharacter_HandWorkedExamples_MatchesArithmetic(string body, char expected)
    {
        Assert.Equal(expected, ResidentIdNumber.ComputeCheckCharacter(body));
        Assert.Equal(expected, IdentifierTestData.ResidentIdCheck(body));
    }

    [Fact]
    public void TryParse_StandardSample_ReturnsParts()
    {
        Assert.True(ResidentIdNumber.TryParse("11010519491231002X", Today, out var id, out var error));

        Assert.Null(error);
        Assert.Equal("11010519491231002X", id.ToString());
        Assert.Equal("110105", id.RegionCode);
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal(2, id.SequenceCode);
        Assert.Equal(Gender.Female, id.Gender);
    }

    [Fact]
    public void TryParse_LowerCaseX_NormalisesToUpperCase()
    {
        Assert.True(ResidentIdNumber.TryParse("11010519491231002x", Today, out var id, out _));

        Assert.Equal("11010519491231002X", id.ToString());
        Assert.True(ResidentIdNumber.TryParse("11010519491231002X", Today, out var upper, out _));
        Assert.Equal(upper, id);
        Assert.True(upper == id);
        Assert.Equal(upper.GetHashCode(), id.GetHashCode());
    }

    [Fact]
    public void TryParse_SurroundingWhiteSpace_IsIgnored()
    {
        Assert.True(ResidentIdNumber.TryParse(" 11010519491231002X\u3000", Today, out var id, out _));

        Assert.Equal("11010519491231002X", id.ToString());
    }

    [Theory]
    [InlineData("310101199003041234", Gender.Male)]
    [InlineData("11010519491231002X", Gender.Female)]
    public void Gender_SequenceParity_OddIsMale(string text, Gender expected)
    {
        Assert.True(ResidentIdNumber.TryParse(text, Today, out var id, out _));

        Assert.Equal(expected, id.Gender);
    }

    [Fact]
    public void Masked_ValidNumber_KeepsFirstAndLastFour()
    {
        Assert.True(ResidentIdNumber.TryParse("310101199003041234", Today, out var id, out _));

        Assert.Equal("3101**********1234", id.Masked);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_Empty_ReportsEmpty(string? text)
    {
        var error = ResidentIdNumber.Validate(text, Today, out var id);

        Assert.Null(id);
        Assert.Equal(IdentifierErrorCodes.ResidentIdEmpty, error?.Code);
        Assert.Equal("身份证号不能为空", error?.Message);
    }

    [Theory]
    [InlineData("11010519491231002")]
    [InlineData("11010519491231002X1")]
    [InlineData("110105491231002")]
    [InlineData("1101 0519491231002X")]
    public void TryParse_WrongLength_ReportsLength(string text)
    {
        Assert.False(ResidentIdNumber.TryParse(text, Today, out var id, out var error));

        Assert.Null(id);
        Assert.StartsWith("长度应为 18 位", error);
        Assert.Equal(IdentifierErrorCodes.ResidentIdLength, ResidentIdNumber.Validate(text, Today, out _)?.Code);
    }

    [Theory]
    [InlineData("1101051949123100XX")]
    [InlineData("A10105194912310020")]
    [InlineData("11010519491231002Y")]
    [InlineData("11010519491231002-")]
    [InlineData("１１010519491231002X")]
    public void TryParse_CharacterOutsideAlphabet_ReportsCharacter(string text)
    {
        var error = ResidentIdNumber.Validate(text, Today, out var id);

        Assert.Null(id);
        Assert.Equal(IdentifierErrorCodes.ResidentIdCharacter, error?.Code);
    }

    [Theory]
    [InlineData("000000")]
    [InlineData("991234")]
    [InlineData("840000")]
    public void TryParse_UnknownProvince_ReportsRegion(string region)
    {
        var text = IdentifierTestData.WithResidentIdCheck(region + "19900304123");

        Assert.False(ResidentIdNumber.TryParse(text, Today, out _, out var error));

        Assert.StartsWith("地址码无效", error);
        Assert.Equal(IdentifierErrorCodes.ResidentIdRegion, ResidentIdNumber.Validate(text, Today, out _)?.Code);
    }

    [Theory]
    [InlineData("19490231")]
    [InlineData("19491301")]
    [InlineData("19490000")]
    [InlineData("20230229")]
    [InlineData("19000229")]
    [InlineData("00000101")]
    public void TryParse_NotACalendarDate_ReportsBirthDateInvalid(string date)
    {
        var text = IdentifierTestData.WithResidentIdCheck("310101" + date + "123");

        Assert.False(ResidentIdNumber.TryParse(text, Today, out _, out var error));

        Assert.StartsWith("出生日期无效", error);
        Assert.Equal(IdentifierErrorCodes.ResidentIdBirthDateInvalid,
            ResidentIdNumber.Validate(text, Today, out _)?.Code);
    }

    [Fact]
    public void TryParse_LeapDay_Accepted()
    {
        var text = IdentifierTestData.WithResidentIdCheck("31010120000229123");

        Assert.True(ResidentIdNumber.TryParse(text, Today, out var id, out _));

        Assert.Equal(new DateOnly(2000, 2, 29), id.BirthDate);
    }

    [Fact]
    public void TryParse_BornAfterToday_ReportsFuture()
    {
        var text = IdentifierTestData.WithResidentIdCheck("31010120260303123");

        Assert.False(ResidentIdNumber.TryParse(text, Today, out _, out var error));

        Assert.Contains("晚于当前日期", error);
        Assert.Equal(IdentifierErrorCodes.ResidentIdBirthDateFuture,
            ResidentIdNumber.Validate(text, Today, out _)?.Code);
    }

    [Fact]
    public void TryParse_BornToday_Accepted()
    {
        var text = IdentifierTestData.WithResidentIdCheck("31010120260302123");

        Assert.True(ResidentIdNumber.TryParse(text, Today, out var id, out _));

        Assert.Equal(Today, id.BirthDate);
    }

    [Fact]
    public void TryParse_TodayFromInjectedClock_DecidesFuture()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 16, 30, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var text = IdentifierTestData.WithResidentIdCheck("31010120260303123");

        // 16:30 UTC is already 3 March in Beijing.
        Assert.True(ResidentIdNumber.TryParse(text, today, out _, out _));
    }

    [Theory]
    [InlineData("44052418800101001", "4")]
    [InlineData("31010118991231123", "")]
    public void TryParse_BornBefore1900_ReportsTooEarly(string body, string check)
    {
        var text = body + (check.Length == 0 ? IdentifierTestData.ResidentIdCheck(body).ToString() : check);

        Assert.False(ResidentIdNumber.TryParse(text, Today, out _, out var error));

        Assert.Contains("早于 1900 年", error);
        Assert.Equal(IdentifierErrorCodes.ResidentIdBirthDateTooEarly,
            ResidentIdNumber.Validate(text, Today, out _)?.Code);
    }

    [Fact]
    public void TryParse_EveryWrongCheckCharacter_ReportsCheck()
    {
        // The right check character of this body is X, so every digit is wrong.
        foreach (var wrong in "0123456789")
        {
            var text = "11010519491231002" + wrong;

            Assert.False(ResidentIdNumber.TryParse(text, Today, out _, out var error));
            Assert.Equal("校验位不正确", error);
            Assert.Equal(IdentifierErrorCodes.ResidentIdCheck, ResidentIdNumber.Validate(text, Today, out _)?.Code);
        }
    }

    [Fact]
    public void TryParse_ThousandRandomValidNumbers_AllParse()
    {
        var random = new Random(20261122);
        for (var n = 0; n < 1000; n++)
        {
            var (number, birthDate, sequence) = IdentifierTestData.RandomResidentId(random, Today);
            var text = n % 2 == 0 ? number : number.ToLowerInvariant();

            Assert.True(ResidentIdNumber.TryParse(text, Today, out var id, out var error), $"{number}: {error}");
            Assert.Equal(number, id.ToString());
            Assert.Equal(number[..6], id.RegionCode);
            Assert.Equal(birthDate, id.BirthDate);
            Assert.Equal(sequence, id.SequenceCode);
            Assert.Equal(sequence % 2 == 1 ? Gender.Male : Gender.Female, id.Gender);
            Assert.Equal(number[..4] + "**********" + number[14..], id.Masked);
            Assert.Equal(number[17], ResidentIdNumber.ComputeCheckCharacter(number.AsSpan(0, 17)));
        }
    }

    [Fact]
    public void TryParse_AnySingleCharacterChanged_Fails()
    {
        // MOD 11-2 catches every single substitution: each weight is non-zero mod 11 and any two characters
        // differ by 1–10.
        var random = new Random(11643);
        for (var n = 0; n < 1000; n++)
        {
            var (number, _, _) = IdentifierTestData.RandomResidentId(random, Today);
            for (var position = 0; position < 18; position++)
            {
                var alphabet = position < 17 ? "0123456789" : "0123456789X";
                foreach (var replacement in alphabet.Where(c => c != number[position]))
                {
                    var changed = string.Concat(number.AsSpan(0, position), replacement.ToString(),
                        number.AsSpan(position + 1));

                    var error = ResidentIdNumber.Validate(changed, Today, out var id);

                    Assert.Null(id);
                    Assert.NotNull(error);
                    if (position == 17)
                    {
                        Assert.Equal(IdentifierErrorCodes.ResidentIdCheck, error.Code);
                    }
                }
            }
        }
    }

    [Fact]
    public void TryParse_AdjacentDigitsSwapped_Fails()
    {
        // Neighbouring weights differ by a factor of 2 mod 11, so swapping two different neighbours changes the sum.
        var random = new Random(7064);
        for (var n = 0; n < 1000; n++)
        {
            var (number, _, _) = IdentifierTestData.RandomResidentId(random, Today);
            for (var position = 0; position < 16; position++)
            {
                if (number[position] == number[position + 1])
                {
                    continue;
                }

                var chars = number.ToCharArray();
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);

                Assert.False(ResidentIdNumber.TryParse(new string(chars), Today, out _, out _));
            }
        }
    }

    [Theory]
    [InlineData("1101051949123100")]
    [InlineData("110105194912310021")]
    [InlineData("1101051949123100A")]
    public void ComputeCheckCharacter_NotSeventeenDigits_Throws(string body) =>
        Assert.Throws<ArgumentException>(() => ResidentIdNumber.ComputeCheckCharacter(body));
}
