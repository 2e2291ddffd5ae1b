using OneThing.Cases.Casework;

namespace OneThing.Cases.Tests.Casework;

public class UnifiedSocialCreditCodeTests
{
    // The codes below are made up for these tests; their check characters are worked out by hand.
    //
    // Hand-worked example 1: 91310104 + MA1K2P3W? + ?
    //   Organisation code (GB 11714), letters worth A=10 … Z=35 (M=22, A=10, K=20, P=25, W=32):
    //     chars     M   A  1   K  2   P  3   W
    //     values   22  10  1  20  2  25  3  32
    //     weights   3   7  9  10  5   8  4   2
    //     products 66  70  9 200 10 200 12  64   sum = 631; 631 mod 11 = 4; 11 − 4 = 7  →  MA1K2P3W7
    //   Credit code (GB 32100), values are indexes in 0123456789ABCDEFGHJKLMNPQRTUWXY (M=21, A=10, K=19,
    //   P=23, W=28):
    //     chars     9  1  3  1  0  1  0  4   M   A  1   K  2   P  3   W   7
    //     values    9  1  3  1  0  1  0  4  21  10  1  19  2  23  3  28   7
    //     weights   1  3  9 27 19 26 16 17  20  29 25  13  8  24 10  30  28
    //     products  9  3 27 27  0 26  0 68 420 290 25 247 16 552 30 840 196
    //   sum = 2776; 2776 mod 31 = 17; 31 − 17 = 14 = E  →  91310104MA1K2P3W7E
    //
    // Hand-worked example 2: 11110000 + 12345678? + ?
    //   Organisation code: products 3 14 27 40 25 48 28 16, sum = 201; 201 mod 11 = 3; 11 − 3 = 8  →  123456788
    //   Credit code:
    //     chars     1  1  1  1  0  0  0  0  1  2  3  4  5   6  7   8   8
    //     weights   1  3  9 27 19 26 16 17 20 29 25 13  8  24 10  30  28
    //     products  1  3  9 27  0  0  0  0 20 58 75 52 40 144 70 240 224
    //   sum = 963; 963 mod 31 = 2; 31 − 2 = 29 = X  →  11110000123456788X
    private const string Example1 = "91310104MA1K2P3W7E";
    private const string Example2 = "11110000123456788X";

    [Theory]
    [InlineData("MA1K2P3W", '7')]
    [InlineData("12345678", '8')]
    // 6 × 2 = 12; 12 mod 11 = 1; 11 − 1 = 10 → X.
    [InlineData("00000006", 'X')]
    // sum 0; 11 − 0 = 11 → 0.
    [InlineData("00000000", '0')]
    public void ComputeOrganisationCheckCharacter_HandWorkedExamples_MatchesArithmetic(string body, char expected)
    {
        Assert.Equal(expected, UnifiedSocialCreditCode.ComputeOrganisationCheckCharacter(body));
        Assert.Equal(expected, IdentifierTestData.OrganisationCheck(body));
    }

    [Theory]
    [InlineData(Example1)]
    [InlineData(Example2)]
    // Final check value 31 counts as 0.
    [InlineData("9244012000000006X0")]
    public void ComputeCheckCharacter_Examples_MatchesArithmetic(string code)
    {
        Assert.Equal(code[17], UnifiedSocialCreditCode.ComputeCheckCharacter(code.AsSpan(0, 17)));
        Assert.Equal(code[17], IdentifierTestData.CreditCheck(code[..17]));
    }

    [Fact]
    public void TryParse_ValidCode_ReturnsParts()
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(Example1, out var code, out var error));

        Assert.Null(error);
        Assert.Equal(Example1, code.ToString());
        Assert.Equal('9', code.RegistrationDepartmentCode);
        Assert.Equal('1', code.OrganisationTypeCode);
        Assert.Equal("310104", code.RegionCode);
        Assert.Equal("MA1K2P3W7", code.OrganisationCode);
    }

    [Theory]
    [InlineData(Example2)]
    [InlineData("9244012000000006X0")]
    [InlineData("5244030000000006XF")]
    public void TryParse_ConstructedCodes_Accepted(string text) =>
        Assert.True(UnifiedSocialCreditCode.TryParse(text, out _, out _));

    [Fact]
    public void TryParse_LowerCase_NormalisesToUpperCase()
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(" 91310104ma1k2p3w7e ", out var code, out _));

        Assert.Equal(Example1, code.ToString());
        Assert.True(UnifiedSocialCreditCode.TryParse(Example1, out var upper, out _));
        Assert.Equal(upper, code);
        Assert.True(upper == code);
        Assert.Equal(upper.GetHashCode(), code.GetHashCode());
    }

    [Fact]
    public void Masked_ValidCode_KeepsFirstAndLastFour()
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(Example1, out var code, out _));

        Assert.Equal("9131**********3W7E", code.Masked);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Validate_Empty_ReportsEmpty(string? text)
    {
        var error = UnifiedSocialCreditCode.Validate(text, out var code);

        Assert.Null(code);
        Assert.Equal(IdentifierErrorCodes.CreditCodeEmpty, error?.Code);
    }

    [Theory]
    [InlineData("91310104MA1K2P3W7")]
    [InlineData("91310104MA1K2P3W7E0")]
    [InlineData("MA1K2P3W7")]
    public void TryParse_WrongLength_ReportsLength(string text)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(text, out _, out var error));

        Assert.StartsWith("长度应为 18 位", error);
        Assert.Equal(IdentifierErrorCodes.CreditCodeLength, UnifiedSocialCreditCode.Validate(text, out _)?.Code);
    }

    [Theory]
    [InlineData("91310104MA1K2P3W7I", 18)]
    [InlineData("91310104MA1K2O3W7E", 14)]
    [InlineData("Z1310104MA1K2P3W7E", 1)]
    [InlineData("9S310104MA1K2P3W7E", 2)]
    [InlineData("91310104MA1V2P3W7E", 12)]
    [InlineData("91310104MA1K2P3W7-", 18)]
    [InlineData("91310104MA1K2P3W7ı", 18)]
    [InlineData("91310104MA1K2P3W7ſ", 18)]
    [InlineData("91310104ＭA1K2P3W7E", 9)]
    public void TryParse_CharacterOutsideAlphabet_ReportsCharacterAndPosition(string text, int position)
    {
        var error = UnifiedSocialCreditCode.Validate(text, out var code);

        Assert.Null(code);
        Assert.Equal(IdentifierErrorCodes.CreditCodeCharacter, error?.Code);
        Assert.StartsWith($"第 {position} 位", error?.Message);
    }

    [Fact]
    public void TryParse_LetterInRegion_ReportsRegion()
    {
        var text = IdentifierTestData.WithCreditCheck("9131A104MA1K2P3W7");

        Assert.False(UnifiedSocialCreditCode.TryParse(text, out _, out var error));

        Assert.Contains("行政区划码", error);
        Assert.Equal(IdentifierErrorCodes.CreditCodeRegion, UnifiedSocialCreditCode.Validate(text, out _)?.Code);
    }

    [Fact]
    public void TryParse_WrongOrganisationCheck_ReportsOrganisationCheck()
    {
        // The final check is recomputed so that only the organisation code's own check is wrong.
        var text = IdentifierTestData.WithCreditCheck("91310104MA1K2P3W8");

        Assert.False(UnifiedSocialCreditCode.TryParse(text, out _, out var error));

        Assert.Equal("组织机构代码（第 9 至 17 位）的校验位不正确", error);
        Assert.Equal(IdentifierErrorCodes.CreditCodeOrganisationCheck,
            UnifiedSocialCreditCode.Validate(text, out _)?.Code);
    }

    [Fact]
    public void TryParse_EveryWrongFinalCheck_ReportsCheck()
    {
        foreach (var wrong in IdentifierTestData.CreditAlphabet.Where(c => c != 'E'))
        {
            var text = Example1[..17] + wrong;

            Assert.False(UnifiedSocialCreditCode.TryParse(text, out _, out var error));
            Assert.Equal("校验位不正确", error);
            Assert.Equal(IdentifierErrorCodes.CreditCodeCheck, UnifiedSocialCreditCode.Validate(text, out _)?.Code);
        }
    }

    [Fact]
    public void TryParse_ThousandRandomValidCodes_AllParse()
    {
        var random = new Random(32100);
        var organisationCheckX = 0;
        var finalCheckZero = 0;
        for (var n = 0; n < 1000; n++)
        {
            var text = IdentifierTestData.RandomCreditCode(random);
            organisationCheckX += text[16] == 'X' ? 1 : 0;
            finalCheckZero += text[17] == '0' ? 1 : 0;

            Assert.True(UnifiedSocialCreditCode.TryParse(n % 2 == 0 ? text : text.ToLowerInvariant(), out var code,
                out var error), $"{text}: {error}");
            Assert.Equal(text, code.ToString());
            Assert.Equal(text[0], code.RegistrationDepartmentCode);
            Assert.Equal(text[1], code.OrganisationTypeCode);
            Assert.Equal(text[2..8], code.RegionCode);
            Assert.Equal(text[8..17], code.OrganisationCode);
            Assert.Equal(text[..4] + "**********" + text[14..], code.Masked);
            Assert.Equal(text[17], UnifiedSocialCreditCode.ComputeCheckCharacter(text.AsSpan(0, 17)));
            Assert.Equal(text[16], UnifiedSocialCreditCode.ComputeOrganisationCheckCharacter(text.AsSpan(8, 8)));
        }

        // The sample reaches the special cases of both check computations (10 → X, 31 → 0).
        Assert.True(organisationCheckX > 0);
        Assert.True(finalCheckZero > 0);
    }

    [Fact]
    public void TryParse_AnySingleCharacterChanged_Fails()
    {
        // MOD 31 catches every single substitution within the alphabet: 31 is prime, no weight is 0 mod 31, and
        // two characters differ by 1–30. Characters outside the alphabet fail the alphabet check.
        var random = new Random(11714);
        for (var n = 0; n < 1000; n++)
        {
            var text = IdentifierTestData.RandomCreditCode(random);
            for (var position = 0; position < 18; position++)
            {
                var candidates = IdentifierTestData.CreditAlphabet + "IOZSV";
                foreach (var replacement in candidates.Where(c => c != text[position]))
                {
                    var changed = string.Concat(text.AsSpan(0, position), replacement.ToString(),
                        text.AsSpan(position + 1));

                    var error = UnifiedSocialCreditCode.Validate(changed, out var code);

                    Assert.Null(code);
                    Assert.NotNull(error);
                    var expected = replacement is 'I' or 'O' or 'Z' or 'S' or 'V'
                        ? IdentifierErrorCodes.CreditCodeCharacter
                        : position is >= 2 and < 8 && !char.IsAsciiDigit(replacement)
                            ? IdentifierErrorCodes.CreditCodeRegion
                            : position == 17
                                ? IdentifierErrorCodes.CreditCodeCheck
                                : position == 16
                                    ? IdentifierErrorCodes.CreditCodeOrganisationCheck
                                    : null;
                    if (expected is not null)
                    {
                        Assert.Equal(expected, error.Code);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("MA1K2P3")]
    [InlineData("MA1K2P3W7")]
    [InlineData("ma1k2p3w")]
    public void ComputeOrganisationCheckCharacter_BadBody_Throws(string body) =>
        Assert.Throws<ArgumentException>(() => UnifiedSocialCreditCode.ComputeOrganisationCheckCharacter(body));

    [Theory]
    [InlineData("91310104MA1K2P3W")]
    [InlineData("91310104MA1K2P3WI")]
    public void ComputeCheckCharacter_BadBody_Throws(string body) =>
        Assert.Throws<ArgumentException>(() => UnifiedSocialCreditCode.ComputeCheckCharacter(body));
}
