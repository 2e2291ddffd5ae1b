using System.Globalization;
using System.Text.RegularExpressions;

namespace OneThing.Server.Accounts;

/// <summary>What a user name, a display name and a department name may hold. Names are shown in lists, task
/// queues, audit trails and logs, where a NUL ends a string early, a bidirectional override (U+202E) reverses what
/// follows, and a zero-width character makes two names look alike: such characters are refused, not stripped.
/// </summary>
public static partial class NameRules
{
    /// <summary>Longest display name or department name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The rule for user names, as the API explains it.</summary>
    public const string UserNameRule = "用户名应为 2 至 100 个字母、数字或 . _ -";

    /// <summary>True for a user name of 2 to 100 ASCII letters, digits, <c>.</c>, <c>_</c> or <c>-</c> (no line
    /// break after it either).</summary>
    public static bool IsUserName(string? userName) => userName is not null && UserNamePattern().IsMatch(userName);

    /// <summary>True for a display or department name: 1 to <see cref="MaxNameLength"/> characters, not blank, and
    /// free of control, format (bidirectional overrides, zero-width characters), separator-of-line, private-use,
    /// unassigned and lone surrogate characters.</summary>
    public static bool IsDisplayName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                if (!Allowed(CharUnicodeInfo.GetUnicodeCategory(name, i)))
                {
                    return false;
                }

                i++;
                continue;
            }

            if (!Allowed(CharUnicodeInfo.GetUnicodeCategory(name[i])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A user name as typed at sign-in, fit for the audit trail and the log: at most
    /// <see cref="MaxNameLength"/> characters, with each character a display name may not hold shown as U+FFFD.
    /// </summary>
    public static string ForRecord(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var text = typed.Length > MaxNameLength ? typed[..MaxNameLength] : typed;
        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsSurrogate(source[i]) || Allowed(CharUnicodeInfo.GetUnicodeCategory(source[i]))
                    ? source[i]
                    : '\uFFFD';
            }
        });
    }

    private static bool Allowed(UnicodeCategory category) => category is not (UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate);

    [GeneratedRegex(@"\A[A-Za-z0-9._-]{2,100}\z")]
    private static partial Regex UserNamePattern();
}
