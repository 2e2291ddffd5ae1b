using System.Collections.Frozen;

namespace OneThing.Engine.Feel;

/// <summary>Recursive-descent parser from FEEL text straight to evaluation nodes. Precedence, loosest first:
/// <c>if</c>/<c>some</c>/<c>every</c>/<c>for</c>; <c>or</c>; <c>and</c>; comparison, <c>between</c>,
/// <c>in</c>; <c>+ -</c>; <c>* /</c>; <c>**</c>; unary minus; path, filter; primary.</summary>
internal sealed partial class FeelParser
{
    // Only words that can never start or continue an expression as a variable are reserved. "some", "every",
    // "for", "satisfies" and "return" are recognised by position instead, so they stay usable as names.
    private static readonly FrozenSet<string> Reserved = FrozenSet.Create(StringComparer.Ordinal,
        "true", "false", "null", "if", "then", "else", "and", "or", "in", "between");

    private readonly string _text;
    private readonly List<FeelToken> _tokens;
    private readonly bool _juel;
    private readonly int _maxDepth;
    private int _index;
    private int _depth;

    private FeelParser(string text, List<FeelToken> tokens, bool juel, int maxDepth)
    {
        _text = text;
        _tokens = tokens;
        _juel = juel;
        _maxDepth = maxDepth;
    }

    private FeelToken Current => _tokens[_index];

    /// <summary>Parses <paramref name="text"/>: plain FEEL, Zeebe's <c>=…</c>, or Camunda 7's <c>${…}</c> /
    /// <c>#{…}</c> (which also admits <c>==</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c> and single-quoted
    /// strings).</summary>
    public static FeelNode Parse(string text, FeelOptions options)
    {
        if (text.Length > options.MaxLength)
        {
            throw Error(FeelErrorCodes.TooLong, text, options.MaxLength,
                $"expression is {text.Length} characters long; the limit is {options.MaxLength}");
        }

        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        var juel = false;
        if (start < end && text[start] == '=')
        {
            start++;
        }
        else if (end - start >= 2 && text[start] is '$' or '#' && text[start + 1] == '{')
        {
            if (text[end - 1] != '}' || end - start < 3)
            {
                throw Error(FeelErrorCodes.Syntax, text, end, "missing '}' to close '" + text[start] + "{'");
            }

            start += 2;
            end--;
            juel = true;
        }

        var tokens = FeelLexer.Tokenize(text, start, end, juel);
        if (tokens.Count == 1)
        {
            throw Error(FeelErrorCodes.Syntax, text, start, "empty expression");
        }

        var parser = new FeelParser(text, tokens, juel, options.MaxDepth);
        var root = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected(parser.Current);
        }

        return root;
    }

    internal static FeelException Error(string code, string text, int position, string reason) =>
        new(code, text, position, reason);

    private FeelNode ParseExpression()
    {
        Enter(Current.Position);
        var t = Current;
        FeelNode result;
        if (IsKeyword(t, "if"))
        {
            result = ParseIf();
        }
        else if ((IsKeyword(t, "some") || IsKeyword(t, "every")) && StartsIteration(_index + 1))
        {
            Advance();
            var iterators = ParseIterators();
            ExpectKeyword("satisfies");
            result = Check(new QuantifiedNode(t.Position, t.Text == "every", iterators, ParseExpression()));
        }
        else if (IsKeyword(t, "for") && StartsIteration(_index + 1))
        {
            Advance();
            var iterators = ParseIterators();
            ExpectKeyword("return");
            result = Check(new ForNode(t.Position, iterators, ParseExpression()));
        }
        else
        {
            result = ParseDisjunction();
        }

        _depth--;
        return result;
    }

    private FeelNode ParseIf()
    {
        var position = Current.Position;
        Advance();
        var condition = ParseExpression();
        ExpectKeyword("then");
        var then = ParseExpression();
        ExpectKeyword("else");
        return Check(new IfNode(position, condition, then, ParseExpression()));
    }

    private bool StartsIteration(int i) =>
        _tokens[i].Kind == TokenKind.Name && !Reserved.Contains(_tokens[i].Text!) && IsKeyword(_tokens[i + 1], "in");

    private FeelIterator[] ParseIterators()
    {
        var iterators = new List<FeelIterator>();
        do
        {
            if (!StartsIteration(_index))
            {
                throw Unexpected(Current, "expected 'name in list'");
            }

            var name = Current.Text!;
            Advance();
            Advance();
            var source = ParseExpression();
            if (Current.Kind == TokenKind.DotDot)
            {
                // "for i in 1..10" iterates a range without brackets.
                Advance();
                source = Check(new RangeNode(source.Position, source, true, ParseExpression(), true));
            }

            iterators.Add(new FeelIterator(name, source));
        }
        while (Accept(TokenKind.Comma));

        return [.. iterators];
    }

    private FeelNode ParseDisjunction()
    {
        var first = ParseConjunction();
        if (!IsKeyword(Current, "or") && Current.Kind != TokenKind.OrOr)
        {
            return first;
        }

        var operands = new List<FeelNode> { first };
        while (IsKeyword(Current, "or") || Current.Kind == TokenKind.OrOr)
        {
            Advance();
            operands.Add(ParseConjunction());
        }

        return Check(new OrNode(first.Position, [.. operands]));
    }

    private FeelNode ParseConjunction()
    {
        var first = ParseComparison();
        if (!IsKeyword(Current, "and") && Current.Kind != TokenKind.AndAnd)
        {
            return first;
        }

        var operands = new List<FeelNode> { first };
        while (IsKeyword(Current, "and") || Current.Kind == TokenKind.AndAnd)
        {
            Advance();
            operands.Add(ParseComparison());
        }

        return Check(new AndNode(first.Position, [.. operands]));
    }

    private FeelNode ParseComparison()
    {
        var left = ParseAdditive();
        var t = Current;
        if (ComparisonOf(t) is { } op)
        {
            Advance();
            return Check(new ComparisonNode(left.Position, op, left, ParseAdditive()));
        }

        if (IsKeyword(t, "between"))
        {
            Advance();
            var low = ParseAdditive();
            ExpectKeyword("and");
            return Check(new BetweenNode(left.Position, left, low, ParseAdditive()));
        }

        if (IsKeyword(t, "in"))
        {
            Advance();
            return Check(new InNode(left.Position, left, ParsePositiveUnaryTests()));
        }

        return left;
    }

    private FeelNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Current.Kind == TokenKind.Plus ? ArithmeticOperator.Add : ArithmeticOperator.Subtract;
            Advance();
            left = Check(new ArithmeticNode(left.Position, op, left, ParseMultiplicative()));
        }

        return left;
    }

    private FeelNode ParseMultiplicative()
    {
        var left = ParsePower();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Current.Kind == TokenKind.Star ? ArithmeticOperator.Multiply : ArithmeticOperator.Divide;
            Advance();
            left = Check(new ArithmeticNode(left.Position, op, left, ParsePower()));
        }

        return left;
    }

    private FeelNode ParsePower()
    {
        var left = ParseUnary();
        while (Current.Kind == TokenKind.StarStar)
        {
            Advance();
            left = Check(new ArithmeticNode(left.Position, ArithmeticOperator.Power, left, ParseUnary()));
        }

        return left;
    }

    private FeelNode ParseUnary()
    {
        var t = Current;
        if (t.Kind is not (TokenKind.Minus or TokenKind.Bang))
        {
            return ParsePostfix();
        }

        Enter(t.Position);
        Advance();
        var operand = ParseUnary();
        _depth--;
        if (t.Kind == TokenKind.Bang)
        {
            return Check(new NotNode(t.Position, operand));
        }

        // Fold "-5" into a literal so that list[-1] is recognised as indexing and costs nothing at run time.
        return operand is LiteralNode { Value: decimal d }
            ? new LiteralNode(t.Position, -d)
            : Check(new NegateNode(t.Position, operand));
    }

    private FeelNode ParsePostfix()
    {
        var node = ParsePrimary();
        while (true)
        {
            if (Accept(TokenKind.Dot))
            {
                var name = Current;
                if (name.Kind != TokenKind.Name)
                {
                    throw Unexpected(name, "expected a name after '.'");
                }

                Advance();
                node = Check(new PathNode(node.Position, node, name.Text!));
            }
            else if (Current.Kind == TokenKind.LBracket && !ClosesRange(_tokens[_index + 1]))
            {
                Advance();
                var filter = ParseExpression();
                Expect(TokenKind.RBracket, "']'");
                node = Check(new FilterNode(node.Position, node, filter));
            }
            else
            {
                return node;
            }
        }
    }

    /// <summary>Whether a '[' followed by <paramref name="next"/> ends a range (<c>[1..10[</c>) rather than
    /// starting a filter: a filter needs an expression after '[', which none of these tokens can start.</summary>
    private static bool ClosesRange(FeelToken next) =>
        next.Kind is TokenKind.End or TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace or TokenKind.Comma
        || next.Kind == TokenKind.Name && next.Text is "and" or "or" or "then" or "else" or "satisfies" or "return";

    private static ComparisonOperator? ComparisonOf(FeelToken t) => t.Kind switch
    {
        TokenKind.Eq or TokenKind.EqEq => ComparisonOperator.Equal,
        TokenKind.NotEq => ComparisonOperator.NotEqual,
        TokenKind.Lt => ComparisonOperator.Less,
        TokenKind.Le => ComparisonOperator.LessOrEqual,
        TokenKind.Gt => ComparisonOperator.Greater,
        TokenKind.Ge => ComparisonOperator.GreaterOrEqual,
        _ => null,
    };
}
