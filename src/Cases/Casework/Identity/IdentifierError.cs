namespace OneThing.Cases.Casework;

/// <summary>Why a text is not a valid identifier (identity number, credit code, case number or case-number
/// pattern).</summary>
/// <param name="Code">A stable English code, one of <see cref="IdentifierErrorCodes"/>; tools and tests match on
/// it.</param>
/// <param name="Message">The reason for people, in Chinese, e.g. <c>校验位不正确</c>. It may be reworded; the code
/// may not.</param>
public sealed record IdentifierError(string Code, string Message);

/// <summary>The stable English codes of <see cref="IdentifierError"/>.</summary>
public static class IdentifierErrorCodes
{
    /// <summary>Resident identity number: the text is missing or blank.</summary>
    public const string ResidentIdEmpty = "RESIDENT_ID_EMPTY";

    /// <summary>Resident identity number: not 18 characters long.</summary>
    public const string ResidentIdLength = "RESIDENT_ID_LENGTH";

    /// <summary>Resident identity number: one of the first 17 characters is not a digit, or the last is neither a
    /// digit nor <c>X</c>.</summary>
    public const string ResidentIdCharacter = "RESIDENT_ID_CHARACTER";

    /// <summary>Resident identity number: the first two digits are not a province-level code.</summary>
    public const string ResidentIdRegion = "RESIDENT_ID_REGION";

    /// <summary>Resident identity number: digits 7–14 are not a calendar date.</summary>
    public const string ResidentIdBirthDateInvalid = "RESIDENT_ID_BIRTH_DATE_INVALID";

    /// <summary>Resident identity number: the birth date is after the date the number is checked on.</summary>
    public const string ResidentIdBirthDateFuture = "RESIDENT_ID_BIRTH_DATE_FUTURE";

    /// <summary>Resident identity number: the birth date is before 1 January 1900.</summary>
    public const string ResidentIdBirthDateTooEarly = "RESIDENT_ID_BIRTH_DATE_TOO_EARLY";

    /// <summary>Resident identity number: the check character (ISO 7064 MOD 11-2) does not match.</summary>
    public const string ResidentIdCheck = "RESIDENT_ID_CHECK";

    /// <summary>Unified social credit code: the text is missing or blank.</summary>
    public const string CreditCodeEmpty = "CREDIT_CODE_EMPTY";

    /// <summary>Unified social credit code: not 18 characters long.</summary>
    public const string CreditCodeLength = "CREDIT_CODE_LENGTH";

    /// <summary>Unified social credit code: a character is outside the code's alphabet (digits and upper-case
    /// letters other than I, O, Z, S and V).</summary>
    public const string CreditCodeCharacter = "CREDIT_CODE_CHARACTER";

    /// <summary>Unified social credit code: characters 3–8 (the administrative-division code) are not all
    /// digits.</summary>
    public const string CreditCodeRegion = "CREDIT_CODE_REGION";

    /// <summary>Unified social credit code: the check character of the embedded organisation code (GB 11714,
    /// character 17) does not match.</summary>
    public const string CreditCodeOrganisationCheck = "CREDIT_CODE_ORGANISATION_CHECK";

    /// <summary>Unified social credit code: the final check character (GB 32100, MOD 31) does not match.</summary>
    public const string CreditCodeCheck = "CREDIT_CODE_CHECK";

    /// <summary>Case-number pattern: a placeholder other than <c>district</c>, <c>date</c> and <c>seq</c>.</summary>
    public const string CaseNumberPatternUnknownPlaceholder = "CASE_NUMBER_PATTERN_UNKNOWN_PLACEHOLDER";

    /// <summary>Case-number pattern: malformed text — an unclosed <c>{</c>, a lone <c>}</c>, a bad placeholder
    /// argument, a repeated placeholder, no <c>seq</c> placeholder, or an empty pattern.</summary>
    public const string CaseNumberPatternInvalid = "CASE_NUMBER_PATTERN_INVALID";

    /// <summary>Case number: the text does not match the pattern (length, literal text or digits).</summary>
    public const string CaseNumberMismatch = "CASE_NUMBER_MISMATCH";

    /// <summary>Case number: the date part is not a calendar date.</summary>
    public const string CaseNumberDateInvalid = "CASE_NUMBER_DATE_INVALID";
}
