using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OneThing.Cases.Casework;

/// <summary>A 居民身份证号 (citizen identity number, GB 11643-1999): 6-digit address code, 8-digit birth date
/// <c>yyyyMMdd</c>, 3-digit sequence code (odd for men, even for women) and a check character computed with
/// ISO 7064 MOD 11-2. Instances exist only for numbers that passed every check; compare them by value.</summary>
/// <remarks>Parsing trims surrounding white space and accepts a lower-case <c>x</c> as the check character;
/// <see cref="ToString"/> gives the normalised number with an upper-case <c>X</c>. The address code is checked
/// only at province level (its first two digits), because county codes are renamed and retired over the years
/// while old numbers stay valid. The 15-digit first-generation numbers are not accepted.</remarks>
public sealed class ResidentIdNumber : IEquatable<ResidentIdNumber>
{
    /// <summary>The number of characters of an identity number.</summary>
    public const int Length = 18;

    /// <summary>The earliest birth date accepted.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    // Weight of position i (0-based) is 2^(17 - i) mod 11.
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    // Check character for each remainder of the weighted sum mod 11.
    private const string CheckCharacters = "10X98765432";

    // Province-level codes of GB/T 2260, plus 83 (Taiwan residents' residence permits; Hong Kong and Macao
    // residents' permits use 81 and 82).
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
        61, 62, 63, 64, 65, 71, 81, 82, 83,
    ];

    private readonly string _value;

    private ResidentIdNumber(string value, DateOnly birthDate)
    {
        _value = value;
        BirthDate = birthDate;
    }

    /// <summary>The 6-digit 地址码 (address code): the county-level administrative division where the number was
    /// first issued.</summary>
    public string RegionCode => _value[..6];

    /// <summary>The 出生日期码 (birth date).</summary>
    public DateOnly BirthDate { get; }

    /// <summary>The 3-digit 顺序码 (sequence code), 0–999.</summary>
    public int SequenceCode => (_value[14] - '0') * 100 + (_value[15] - '0') * 10 + (_value[16] - '0');

    /// <summary>Male for an odd sequence code, female for an even one.</summary>
    public Gender Gender => SequenceCode % 2 == 1 ? Gender.Male : Gender.Female;

    /// <summary>The number for display where the full number must not be shown: the first 4 and the last 4
    /// characters, with 10 <c>*</c> between, e.g. <c>3101**********1234</c>.</summary>
    public string Masked => IdentifierMask.Mask18(_value);

    /// <summary>Parses and checks <paramref name="text"/>.</summary>
    /// <param name="text">The number as typed; surrounding white space is ignored.</param>
    /// <param name="today">The date the number is checked on (from the injected clock): a birth date after it is
    /// rejected.</param>
    /// <param name="id">The parsed number, or null.</param>
    /// <param name="error">Why the text is not valid, in Chinese (e.g. <c>校验位不正确</c>), or null.</param>
    /// <returns>True when the text is a valid number.</returns>
    public static bool TryParse(string? text, DateOnly today, [NotNullWhen(true)] out ResidentIdNumber? id,
        [NotNullWhen(false)] out string? error)
    {
        var problem = Validate(text, today, out id);
        error = problem?.Message;
        return problem is null;
    }

    /// <summary>Like <see cref="TryParse"/>, but returns the reason with its stable code.</summary>
    /// <param name="text">The number as typed; surrounding white space is ignored.</param>
    /// <param name="today">The date the number is checked on.</param>
    /// <param name="id">The parsed number, or null.</param>
    /// <returns>Null when the text is valid; otherwise the error, its code one of the <c>ResidentId…</c> codes of
    /// <see cref="IdentifierErrorCodes"/>.</returns>
    public static IdentifierError? Validate(string? text, DateOnly today, out ResidentIdNumber? id)
    {
        id = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return new IdentifierError(IdentifierErrorCodes.ResidentIdEmpty, "身份证号不能为空");
        }

        if (value.Length != Length)
        {
            return new IdentifierError(IdentifierErrorCodes.ResidentIdLength,
                $"长度应为 18 位，实际为 {value.Length} 位");
        }

        for (var i = 0; i < Length - 1; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return new IdentifierError(IdentifierErrorCodes.ResidentIdCharacter,
                    $"第 {i + 1} 位“{value[i]}”不是数字，前 17 位应为数字");
            }
        }

        var last = value[Length - 1];
        if (!char.IsAsciiDigit(last) && last is not ('X' or 'x'))
        {
            return new IdentifierError(IdentifierErrorCodes.ResidentIdCharacter,
                $"第 18 位“{last}”无效，应为数字或 X");
        }

        value = string.Concat(value.AsSpan(0, Length - 1), last == 'x' ? "X" : value.AsSpan(Length - 1));

        if (!Provinces.Contains((value[0] - '0') * 10 + (value[1] - '0')))
        {
            return new IdentifierError(IdentifierErrorCodes.ResidentIdRegion,
                $"地址码无效：“{value[..2]}”不是省级行政区划代码");
        }

        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var birthDate))
        {
            return new IdentifierError(IdentifierErrorCodes.ResidentIdBirthDateInvalid,
                $"出生日期无效：“{value.Substring(6, 8)}”不是有效的日期");
        }

        if (birthDate < EarliestBirthDate)
        {
            return new IdentifierError(IdentifierErrorCodes.ResidentIdBirthDateTooEarly,
                $"出生日期无效：{birthDate:yyyy-MM-dd} 早于 1900 年");
        }

        if (birthDate > today)
        {
            return new IdentifierError(IdentifierErrorCodes.ResidentIdBirthDateFuture,
                $"出生日期无效：{birthDate:yyyy-MM-dd} 晚于当前日期");
        }

        if (ComputeCheckCharacter(value.AsSpan(0, Length - 1)) != value[Length - 1])
        {
            return new IdentifierError(IdentifierErrorCodes.ResidentIdCheck, "校验位不正确");
        }

        id = new ResidentIdNumber(value, birthDate);
        return null;
    }

    /// <summary>The check character for the first 17 characters of a number (ISO 7064 MOD 11-2): the digits
    /// weighted by 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 and summed; the sum mod 11 picks the
    /// character from <c>10X98765432</c>.</summary>
    /// <param name="body">Exactly 17 ASCII digits.</param>
    /// <returns>A digit or upper-case <c>X</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="body"/> is not 17 ASCII digits.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> body)
    {
        if (body.Length != Length - 1)
        {
            throw new ArgumentException("需要 17 位数字", nameof(body));
        }

        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (!char.IsAsciiDigit(body[i]))
            {
                throw new ArgumentException("需要 17 位数字", nameof(body));
            }

            sum += (body[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>The normalised 18-character number (upper-case <c>X</c>).</summary>
    public override string ToString() => _value;

    /// <inheritdoc />
    public bool Equals(ResidentIdNumber? other) =>
        other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ResidentIdNumber other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>True when both are null or both hold the same number.</summary>
    public static bool operator ==(ResidentIdNumber? left, ResidentIdNumber? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>True unless both are null or both hold the same number.</summary>
    public static bool operator !=(ResidentIdNumber? left, ResidentIdNumber? right) => !(left == right);
}
