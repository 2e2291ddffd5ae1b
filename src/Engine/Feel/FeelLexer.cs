using System.Buffers;
using System.Globalization;
using System.Text;

namespace OneThing.Engine.Feel;

internal enum TokenKind
{
    End,
    Number,
    String,
    Name,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    DotDot,
    Colon,
    Plus,
    Minus,
    Star,
    StarStar,
    Slash,
    Eq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    // The JUEL spellings below are only accepted inside ${…}; the parser rejects them elsewhere with a hint.
    EqEq,
    AndAnd,
    OrOr,
    Bang,
}

/// <summary>One token; <see cref="Text"/> holds a name or the decoded string, <see cref="Number"/> a number.</summary>
internal readonly record struct FeelToken(TokenKind Kind, int Position, int Length, string? Text, decimal Number);

/// <summary>Splits expression text into tokens. Names are any Unicode letter, <c>_</c> or <c>$</c> followed by
/// letters, digits, marks, <c>_</c> or <c>$</c>, so Chinese variable names work.</summary>
internal static class FeelLexer
{
    public static List<FeelToken> Tokenize(string text, int start, int end, bool juel)
    {
        var tokens = new List<FeelToken>();
        var i = start;
        while (true)
        {
            i = SkipSpaceAndComments(text, i, end);
            if (i >= end)
            {
                tokens.Add(new FeelToken(TokenKind.End, end, 0, null, 0));
                return tokens;
            }

            tokens.Add(Next(text, ref i, end, juel));
        }
    }

    private static FeelToken Next(string text, ref int i, int end, bool juel)
    {
        var at = i;
        var c = text[i];
        if (char.IsAsciiDigit(c))
        {
            return ReadNumber(text, ref i, end);
        }

        if (c == '"' || c == '\'' && juel)
        {
            return ReadString(text, ref i, end, c);
        }

        if (IsNameStart(text, i, end, out var width))
        {
            i += width;
            while (i < end && IsNamePart(text, i, end, out width))
            {
                i += width;
            }

            return new FeelToken(TokenKind.Name, at, i - at, text[at..i], 0);
        }

        var next = i + 1 < end ? text[i + 1] : '\0';
        var (kind, length) = (c, next) switch
        {
            ('.', '.') => (TokenKind.DotDot, 2),
            ('*', '*') => (TokenKind.StarStar, 2),
            ('!', '=') => (TokenKind.NotEq, 2),
            ('<', '=') => (TokenKind.Le, 2),
            ('>', '=') => (TokenKind.Ge, 2),
            ('=', '=') => (TokenKind.EqEq, 2),
            ('&', '&') => (TokenKind.AndAnd, 2),
            ('|', '|') => (TokenKind.OrOr, 2),
            ('(', _) => (TokenKind.LParen, 1),
            (')', _) => (TokenKind.RParen, 1),
            ('[', _) => (TokenKind.LBracket, 1),
            (']', _) => (TokenKind.RBracket, 1),
            ('{', _) => (TokenKind.LBrace, 1),
            ('}', _) => (TokenKind.RBrace, 1),
            (',', _) => (TokenKind.Comma, 1),
            ('.', _) => (TokenKind.Dot, 1),
            (':', _) => (TokenKind.Colon, 1),
            ('+', _) => (TokenKind.Plus, 1),
            ('-', _) => (TokenKind.Minus, 1),
            ('*', _) => (TokenKind.Star, 1),
            ('/', _) => (TokenKind.Slash, 1),
            ('=', _) => (TokenKind.Eq, 1),
            ('<', _) => (TokenKind.Lt, 1),
            ('>', _) => (TokenKind.Gt, 1),
            ('!', _) => (TokenKind.Bang, 1),
            _ => (TokenKind.End, 0),
        };
        if (length == 0)
        {
            throw FeelParser.Error(FeelErrorCodes.Syntax, text, at, DescribeStray(text, at, end));
        }

        if (!juel && JuelHint(kind) is { } hint)
        {
            throw FeelParser.Error(FeelErrorCodes.Syntax, text, at, hint);
        }

        i += length;
        return new FeelToken(kind, at, length, null, 0);
    }

    // Analysts who learnt Camunda 7 write JUEL operators out of habit; outside ${…} tell them the FEEL spelling.
    private static string? JuelHint(TokenKind kind) => kind switch
    {
        TokenKind.EqEq => "unexpected '=='; FEEL compares with '='",
        TokenKind.AndAnd => "unexpected '&&'; FEEL writes 'and'",
        TokenKind.OrOr => "unexpected '||'; FEEL writes 'or'",
        TokenKind.Bang => "unexpected '!'; FEEL writes 'not(x)'",
        _ => null,
    };

    private static int SkipSpaceAndComments(string text, int i, int end)
    {
        while (i < end)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '/' && i + 1 < end && text[i + 1] == '/')
            {
                while (i < end && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (text[i] == '/' && i + 1 < end && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, end - i - 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw FeelParser.Error(FeelErrorCodes.Syntax, text, i, "unterminated comment");
                }

                i = close + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static FeelToken ReadNumber(string text, ref int i, int end)
    {
        var at = i;
        while (i < end && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        // "1..10" is a range, so a dot is a decimal point only when a digit follows it.
        if (i + 1 < end && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            while (i < end && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (!decimal.TryParse(text.AsSpan(at, i - at), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var value))
        {
            throw FeelParser.Error(FeelErrorCodes.Syntax, text, at, "number is too large");
        }

        return new FeelToken(TokenKind.Number, at, i - at, null, value);
    }

    private static FeelToken ReadString(string text, ref int i, int end, char quote)
    {
        var at = i;
        var value = new StringBuilder();
        i++;
        while (i < end && text[i] != quote)
        {
            if (text[i] != '\\')
            {
                value.Append(text[i++]);
                continue;
            }

            if (i + 1 >= end)
            {
                break;
            }

            var escape = text[i + 1];
            if (escape == 'u')
            {
                if (i + 6 > end || !ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier,
                        CultureInfo.InvariantCulture, out var code))
                {
                    throw FeelParser.Error(FeelErrorCodes.Syntax, text, i, "\\u must be followed by 4 hex digits");
                }

                value.Append((char)code);
                i += 6;
                continue;
            }

            value.Append(escape switch
            {
                '"' or '\'' or '\\' or '/' => escape,
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => throw FeelParser.Error(FeelErrorCodes.Syntax, text, i, $"unknown escape '\\{escape}'"),
            });
            i += 2;
        }

        if (i >= end)
        {
            throw FeelParser.Error(FeelErrorCodes.Syntax, text, at, "unterminated string");
        }

        i++;
        return new FeelToken(TokenKind.String, at, i - at, value.ToString(), 0);
    }

    private static bool IsNameStart(string text, int i, int end, out int width)
    {
        if (!TryRune(text, i, end, out var rune, out width))
        {
            return false;
        }

        return Rune.IsLetter(rune) || rune.Value is '_' or '$';
    }

    private static bool IsNamePart(string text, int i, int end, out int width)
    {
        if (!TryRune(text, i, end, out var rune, out width))
        {
            return false;
        }

        if (Rune.IsLetterOrDigit(rune) || rune.Value is '_' or '$')
        {
            return true;
        }

        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool TryRune(string text, int i, int end, out Rune rune, out int width)
    {
        var ok = Rune.DecodeFromUtf16(text.AsSpan(i, end - i), out rune, out width) == OperationStatus.Done;
        return ok;
    }

    private static string DescribeStray(string text, int at, int end)
    {
        var c = text[at];
        // Chinese input methods produce full-width punctuation that looks right but is not FEEL.
        var ascii = c switch
        {
            '（' => "(", '）' => ")", '【' => "[", '】' => "]", '，' => ",", '：' => ":", '“' or '”' => "\"",
            '‘' or '’' => "\"", '＝' => "=", '＞' => ">", '＜' => "<", '！' => "!", '＋' => "+", '－' => "-",
            '＊' => "*", '／' => "/", '。' => ".",
            _ => null,
        };
        if (ascii is not null)
        {
            return $"unexpected full-width character '{c}' (use '{ascii}')";
        }

        if (c == '\'')
        {
            return "unexpected ''' (strings use double quotes)";
        }

        return char.IsSurrogate(c) && at + 1 < end && char.IsSurrogatePair(c, text[at + 1])
            ? $"unexpected character '{text.Substring(at, 2)}'"
            : $"unexpected character '{c}'";
    }
}
