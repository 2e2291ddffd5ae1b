using System.Reflection;

namespace OneThing.Server.Accounts;

/// <summary>The one password rule, applied wherever a password is set: creating and updating a user, the
/// <c>create-admin</c> and <c>set-password</c> sub-commands, and the self-service change. A password must be
/// <see cref="MinLength"/> to <see cref="MaxLength"/> characters, hold letters and digits and at least
/// <see cref="MinDistinctCharacters"/> different characters, not contain the user name, and be neither a common
/// password nor a common word dressed up with digits and symbols (<c>password12</c>, <c>Admin@2024</c>) — the
/// published demo password included.</summary>
public static class PasswordPolicy
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinLength = 10;

    /// <summary>Longest password accepted (the hash's cost grows with it).</summary>
    public const int MaxLength = 200;

    /// <summary>Fewest different characters: refuses <c>aaaaaaaaa1</c> and <c>1212121212ab</c>.</summary>
    public const int MinDistinctCharacters = 5;

    /// <summary>User names shorter than this are not looked for inside the password (two letters occur anywhere).
    /// </summary>
    public const int MinUserNameToMatch = 3;

    // A password of digits with a letter or two is judged by its digits.
    private const int MaxLettersOfDigitPassword = 2;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// <summary>Why <paramref name="password"/> is refused for <paramref name="userName"/>, in Chinese; null when
    /// it is acceptable.</summary>
    public static string? Check(string? userName, string? password)
    {
        if (password is null || password.Length is < MinLength or > MaxLength)
        {
            return $"密码应为 {MinLength} 至 {MaxLength} 个字符";
        }

        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            return "密码应同时含字母和数字";
        }

        if (password.Distinct().Count() < MinDistinctCharacters)
        {
            return $"密码至少应含 {MinDistinctCharacters} 个不同的字符，不能由重复字符组成";
        }

        if (userName is { Length: >= MinUserNameToMatch } && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return "密码不能包含用户名";
        }

        if (password == DemoData.DemoPassword || IsCommon(password))
        {
            return "密码过于常见，容易被猜中，请换一个";
        }

        return null;
    }

    private static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        // A common word with digits or symbols around it is as easy to guess as the word.
        var letters = new string(lower.Where(char.IsLetter).ToArray());
        var digits = new string(lower.Where(char.IsDigit).ToArray());
        return Common.Value.Contains(lower) || Common.Value.Contains(letters)
            || (letters.Length <= MaxLettersOfDigitPassword && (Common.Value.Contains(digits) || IsSequence(digits)));
    }

    private static bool IsSequence(string digits) =>
        digits.Length >= MinLength - 2 && digits.Zip(digits.Skip(1)).All(p => p.Second - p.First is 1 or -1);

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OneThing.Server.Accounts.CommonPasswords.txt")
            ?? throw new InvalidOperationException("CommonPasswords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim().ToLowerInvariant());
            }
        }

        return words;
    }
}
