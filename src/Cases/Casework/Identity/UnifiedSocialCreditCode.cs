using System.Diagnostics.CodeAnalysis;

namespace OneThing.Cases.Casework;

/// <summary>A 统一社会信用代码 (unified social credit code, GB 32100-2015) of a business, institution or other
/// organisation: 1 登记管理部门码 (registration-department code), 1 机构类别码 (organisation-type code), a 6-digit
/// 登记管理机关行政区划码 (administrative-division code), the 9-character 主体标识码 (organisation code, GB 11714,
/// with its own check character) and a final check character. Instances exist only for codes that passed every
/// check; compare them by value.</summary>
/// <remarks>The alphabet is the digits and the upper-case letters other than I, O, Z, S and V. Parsing trims
/// surrounding white space and accepts lower-case letters; <see cref="ToString"/> gives the upper-case code. Both
/// check characters are verified. The department and type codes are not checked against the tables of the
/// standard, which the issuing authorities extend.</remarks>
public sealed class UnifiedSocialCreditCode : IEquatable<UnifiedSocialCreditCode>
{
    /// <summary>The number of characters of a code.</summary>
    public const int Length = 18;

    /// <summary>The 31 characters a code may contain, in the order of their values 0–30.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    // Weight of position i (0-based) is 3^i mod 31.
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    // GB 11714 weights over the first 8 characters of the organisation code.
    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    private const int OrganisationStart = 8;

    private readonly string _value;

    private UnifiedSocialCreditCode(string value) => _value = value;

    /// <summary>The 登记管理部门码 (first character), e.g. <c>9</c> for market regulation (工商).</summary>
    public char RegistrationDepartmentCode => _value[0];

    /// <summary>The 机构类别码 (second character), whose meaning depends on the department.</summary>
    public char OrganisationTypeCode => _value[1];

    /// <summary>The 6-digit 登记管理机关行政区划码 (characters 3–8).</summary>
    public string RegionCode => _value.Substring(2, 6);

    /// <summary>The 9-character 主体标识码 / 组织机构代码 (characters 9–17), ending in its GB 11714 check
    /// character.</summary>
    public string OrganisationCode => _value.Substring(OrganisationStart, 9);

    /// <summary>The code for display where the full code must not be shown: the first 4 and the last 4
    /// characters, with 10 <c>*</c> between, e.g. <c>9131**********3W7E</c>.</summary>
    public string Masked => IdentifierMask.Mask18(_value);

    /// <summary>Parses and checks <paramref name="text"/>.</summary>
    /// <param name="text">The code as typed; surrounding white space is ignored, letters in either case.</param>
    /// <param name="code">The parsed code, or null.</param>
    /// <param name="error">Why the text is not valid, in Chinese (e.g. <c>校验位不正确</c>), or null.</param>
    /// <returns>True when the text is a valid code.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out UnifiedSocialCreditCode? code,
        [NotNullWhen(false)] out string? error)
    {
        var problem = Validate(text, out code);
        error = problem?.Message;
        return problem is null;
    }

    /// <summary>Like <see cref="TryParse"/>, but returns the reason with its stable code.</summary>
    /// <param name="text">The code as typed.</param>
    /// <param name="code">The parsed code, or null.</param>
    /// <returns>Null when the text is valid; otherwise the error, its code one of the <c>CreditCode…</c> codes of
    /// <see cref="IdentifierErrorCodes"/>.</returns>
    public static IdentifierError? Validate(string? text, out UnifiedSocialCreditCode? code)
    {
        code = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return new IdentifierError(IdentifierErrorCodes.CreditCodeEmpty, "统一社会信用代码不能为空");
        }

        if (value.Length != Length)
        {
            return new IdentifierError(IdentifierErrorCodes.CreditCodeLength,
                $"长度应为 18 位，实际为 {value.Length} 位");
        }

        for (var i = 0; i < Length; i++)
        {
            if (ValueOf(char.IsAsciiLetterLower(value[i]) ? char.ToUpperInvariant(value[i]) : value[i]) < 0)
            {
                return new IdentifierError(IdentifierErrorCodes.CreditCodeCharacter,
                    $"第 {i + 1} 位“{value[i]}”不是允许的字符（只能是数字和除 I、O、Z、S、V 以外的字母）");
            }
        }

        // Every character is ASCII by now; checking first keeps ı and ſ from being upper-cased into I and S.
        value = value.ToUpperInvariant();

        for (var i = 2; i < OrganisationStart; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return new IdentifierError(IdentifierErrorCodes.CreditCodeRegion,
                    $"第 3 至 8 位应为 6 位数字的行政区划码，第 {i + 1} 位是“{value[i]}”");
            }
        }

        if (ComputeOrganisationCheckCharacter(value.AsSpan(OrganisationStart, 8)) != value[Length - 2])
        {
            return new IdentifierError(IdentifierErrorCodes.CreditCodeOrganisationCheck,
                "组织机构代码（第 9 至 17 位）的校验位不正确");
        }

        if (ComputeCheckCharacter(value.AsSpan(0, Length - 1)) != value[Length - 1])
        {
            return new IdentifierError(IdentifierErrorCodes.CreditCodeCheck, "校验位不正确");
        }

        code = new UnifiedSocialCreditCode(value);
        return null;
    }

    /// <summary>The final check character for the first 17 characters of a code (GB 32100): each character's
    /// value (its index in <see cref="Alphabet"/>) weighted by 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24,
    /// 10, 30, 28 and summed; the check value is 31 − (sum mod 31), 31 counting as 0, written with
    /// <see cref="Alphabet"/>.</summary>
    /// <param name="body">Exactly 17 characters of <see cref="Alphabet"/> (upper case).</param>
    /// <returns>A character of <see cref="Alphabet"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="body"/> is not 17 characters of the alphabet.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> body)
    {
        if (body.Length != Length - 1)
        {
            throw new ArgumentException("需要 17 个字符", nameof(body));
        }

        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var value = ValueOf(body[i]);
            if (value < 0)
            {
                throw new ArgumentException($"“{body[i]}”不是统一社会信用代码的字符", nameof(body));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>The check character of a GB 11714 organisation code for its first 8 characters: each character's
    /// value (digits 0–9, letters A–Z 10–35 in the full Latin alphabet, I and O included) weighted by 3, 7, 9, 10,
    /// 5, 8, 4, 2 and summed; the check value is 11 − (sum mod 11), 10 written <c>X</c> and 11 written
    /// <c>0</c>.</summary>
    /// <param name="body">Exactly 8 ASCII digits or upper-case letters.</param>
    /// <returns>A digit or <c>X</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="body"/> is not 8 digits or upper-case
    /// letters.</exception>
    public static char ComputeOrganisationCheckCharacter(ReadOnlySpan<char> body)
    {
        if (body.Length != OrganisationWeights.Length)
        {
            throw new ArgumentException("需要 8 个字符", nameof(body));
        }

        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            var value = char.IsAsciiDigit(c) ? c - '0'
                : char.IsAsciiLetterUpper(c) ? c - 'A' + 10
                : throw new ArgumentException($"“{c}”不是组织机构代码的字符", nameof(body));
            sum += value * OrganisationWeights[i];
        }

        return (11 - sum % 11) switch
        {
            10 => 'X',
            11 => '0',
            var check => (char)('0' + check),
        };
    }

    /// <summary>The normalised 18-character code (upper case).</summary>
    public override string ToString() => _value;

    /// <inheritdoc />
    public bool Equals(UnifiedSocialCreditCode? other) =>
        other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UnifiedSocialCreditCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>True when both are null or both hold the same code.</summary>
    public static bool operator ==(UnifiedSocialCreditCode? left, UnifiedSocialCreditCode? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>True unless both are null or both hold the same code.</summary>
    public static bool operator !=(UnifiedSocialCreditCode? left, UnifiedSocialCreditCode? right) => !(left == right);

    // The value of an upper-case character of the alphabet, or -1.
    private static int ValueOf(char c) => Alphabet.IndexOf(c, StringComparison.Ordinal);
}
