using System.Globalization;
using System.Text;

namespace OneThing.Cases.Tests.Casework;

/// <summary>Valid identity numbers and credit codes for tests, made with check computations written here
/// independently of the production code: the weights are derived from their definitions (powers of 2 mod 11,
/// powers of 3 mod 31) instead of copied as tables.</summary>
internal static class IdentifierTestData
{
    public const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static readonly string[] Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
        "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
    ];

    /// <summary>ISO 7064 MOD 11-2 over 17 digits: position i (1-based from the left) of an 18-character number
    /// has weight 2^(18 − i) mod 11; the check character c makes the weighted sum of all 18 ≡ 1 (mod 11).</summary>
    public static char ResidentIdCheck(string body17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var weight = 1;
            for (var k = 0; k < 17 - i; k++)
            {
                weight = weight * 2 % 11;
            }

            sum += (body17[i] - '0') * weight;
        }

        // The check value v (weight 1) satisfies sum + v ≡ 1 (mod 11); 10 is written X.
        var v = ((1 - sum) % 11 + 11) % 11;
        return v == 10 ? 'X' : (char)('0' + v);
    }

    /// <summary>GB 11714: weights 3, 7, 9, 10, 5, 8, 4, 2; letters are worth A = 10 … Z = 35.</summary>
    public static char OrganisationCheck(string body8)
    {
        int[] weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            sum += (c <= '9' ? c - '0' : c - 'A' + 10) * weights[i];
        }

        var check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
    }

    /// <summary>GB 32100: position i (0-based) has weight 3^i mod 31; values are indexes in the alphabet.</summary>
    public static char CreditCheck(string body17)
    {
        var sum = 0;
        var weight = 1;
        for (var i = 0; i < 17; i++)
        {
            sum += CreditAlphabet.IndexOf(body17[i], StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }

        return CreditAlphabet[(31 - sum % 31) % 31];
    }

    public static string WithResidentIdCheck(string body17) => body17 + ResidentIdCheck(body17);

    /// <summary>A random valid identity number born between 1900-01-01 and <paramref name="today"/>.</summary>
    public static (string Number, DateOnly BirthDate, int Sequence) RandomResidentId(Random random, DateOnly today)
    {
        var first = new DateOnly(1900, 1, 1).DayNumber;
        var birth = DateOnly.FromDayNumber(random.Next(first, today.DayNumber + 1));
        var sequence = random.Next(0, 1000);
        var body = string.Create(CultureInfo.InvariantCulture,
            $"{Provinces[random.Next(Provinces.Length)]}{random.Next(0, 10_000):D4}{birth:yyyyMMdd}{sequence:D3}");
        return (WithResidentIdCheck(body), birth, sequence);
    }

    /// <summary>A random valid credit code: department and type from the whole alphabet, a 6-digit region, an
    /// 8-character organisation body from the alphabet, then both check characters.</summary>
    public static string RandomCreditCode(Random random)
    {
        var text = new StringBuilder(18);
        text.Append(CreditAlphabet[random.Next(CreditAlphabet.Length)]);
        text.Append(CreditAlphabet[random.Next(CreditAlphabet.Length)]);
        text.Append(random.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture));
        var organisation = new StringBuilder(8);
        for (var i = 0; i < 8; i++)
        {
            organisation.Append(CreditAlphabet[random.Next(CreditAlphabet.Length)]);
        }

        text.Append(organisation).Append(OrganisationCheck(organisation.ToString()));
        return WithCreditCheck(text.ToString());
    }

    public static string WithCreditCheck(string body17) => body17 + CreditCheck(body17);
}
