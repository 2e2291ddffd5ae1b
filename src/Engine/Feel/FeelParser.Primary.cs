namespace OneThing.Engine.Feel;

internal sealed partial class FeelParser
{
    private FeelNode ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralNode(t.Position, t.Number);
            case TokenKind.String:
                Advance();
                return new LiteralNode(t.Position, t.Text);
            case TokenKind.Name:
                return ParseNameOrCall();
            case TokenKind.LParen:
                Advance();
                var inner = ParseExpression();
                if (Current.Kind == TokenKind.DotDot)
                {
                    return ParseRangeRest(t.Position, false, inner);
                }

                Expect(TokenKind.RParen, "')'");
                return inner;
            case TokenKind.LBracket:
                return ParseListOrRange();
            case TokenKind.RBracket:
                // "]a..b]": a range whose start is excluded, in ISO notation.
                Advance();
                var start = ParseExpression();
                if (Current.Kind != TokenKind.DotDot)
                {
                    throw Unexpected(Current, "expected '..'");
                }

                return ParseRangeRest(t.Position, false, start);
            case TokenKind.LBrace:
                return ParseContext();
            default:
                throw Unexpected(t);
        }
    }

    private FeelNode ParseNameOrCall()
    {
        var t = Current;
        foreach (var words in FeelFunctions.MultiWordNames)
        {
            if (MatchesWords(words))
            {
                _index += words.Length;
                return ParseCall(string.Join(' ', words), t.Position);
            }
        }

        switch (t.Text)
        {
            case "true":
                Advance();
                return new LiteralNode(t.Position, FeelValue.True);
            case "false":
                Advance();
                return new LiteralNode(t.Position, FeelValue.False);
            case "null":
                Advance();
                return new LiteralNode(t.Position, null);
        }

        if (Reserved.Contains(t.Text!))
        {
            throw Unexpected(t);
        }

        if (_tokens[_index + 1].Kind == TokenKind.LParen)
        {
            Advance();
            return ParseCall(t.Text!, t.Position);
        }

        // "foo bar(x)" can only be meant as a call of a function named "foo bar"; say so instead of
        // complaining about "bar".
        var j = _index;
        while (_tokens[j].Kind == TokenKind.Name && !Reserved.Contains(_tokens[j].Text!))
        {
            j++;
        }

        if (j > _index + 1 && _tokens[j].Kind == TokenKind.LParen)
        {
            var name = string.Join(' ', _tokens.GetRange(_index, j - _index).Select(token => token.Text));
            throw Error(FeelErrorCodes.UnknownFunction, _text, t.Position, $"unknown function '{name}'");
        }

        Advance();
        return new NameNode(t.Position, t.Text!);
    }

    private bool MatchesWords(string[] words)
    {
        for (var k = 0; k < words.Length; k++)
        {
            var token = _tokens[Math.Min(_index + k, _tokens.Count - 1)];
            if (token.Kind != TokenKind.Name || token.Text != words[k])
            {
                return false;
            }
        }

        var next = _index + words.Length;
        return next < _tokens.Count && _tokens[next].Kind == TokenKind.LParen;
    }

    private FeelNode ParseCall(string name, int position)
    {
        if (name == FeelFunctions.IsDefined)
        {
            Expect(TokenKind.LParen, "'('");
            var argument = ParseExpression();
            Expect(TokenKind.RParen, "')'");
            return Check(new IsDefinedNode(position, argument));
        }

        if (!FeelFunctions.TryGet(name, out var function))
        {
            throw Error(FeelErrorCodes.UnknownFunction, _text, position, $"unknown function '{name}'");
        }

        Expect(TokenKind.LParen, "'('");
        var args = new List<FeelNode>();
        if (Current.Kind != TokenKind.RParen)
        {
            do
            {
                args.Add(ParseExpression());
            }
            while (Accept(TokenKind.Comma));
        }

        Expect(TokenKind.RParen, "')'");
        if (args.Count < function.MinArgs || args.Count > function.MaxArgs)
        {
            var expected = function.MinArgs == function.MaxArgs ? $"{function.MinArgs}"
                : function.MaxArgs == int.MaxValue ? $"at least {function.MinArgs}"
                : $"{function.MinArgs} to {function.MaxArgs}";
            throw Error(FeelErrorCodes.Syntax, _text, position,
                $"function '{name}' takes {expected} argument(s), not {args.Count}");
        }

        return Check(new CallNode(position, function, [.. args]));
    }

    private FeelNode ParseListOrRange()
    {
        var position = Current.Position;
        Advance();
        if (Accept(TokenKind.RBracket))
        {
            return new ListNode(position, []);
        }

        var first = ParseExpression();
        if (Current.Kind == TokenKind.DotDot)
        {
            return ParseRangeRest(position, true, first);
        }

        var items = new List<FeelNode> { first };
        while (Accept(TokenKind.Comma))
        {
            items.Add(ParseExpression());
        }

        Expect(TokenKind.RBracket, "']'");
        return Check(new ListNode(position, [.. items]));
    }

    /// <summary>Parses <c>..end</c> and the closing bracket: <c>]</c> includes the end, <c>)</c> or <c>[</c>
    /// excludes it.</summary>
    private FeelNode ParseRangeRest(int position, bool startIncluded, FeelNode start)
    {
        Advance();
        var end = ParseExpression();
        var close = Current;
        var endIncluded = close.Kind switch
        {
            TokenKind.RBracket => true,
            TokenKind.RParen or TokenKind.LBracket => false,
            _ => throw Unexpected(close, "expected ']' or ')' to close the range"),
        };
        Advance();
        if (start is LiteralNode low && end is LiteralNode high)
        {
            var constant = low.Value is null || high.Value is null
                ? null
                : new FeelRange(low.Value, startIncluded, high.Value, endIncluded);
            return new LiteralNode(position, constant);
        }

        return Check(new RangeNode(position, start, startIncluded, end, endIncluded));
    }

    private FeelNode ParseContext()
    {
        var position = Current.Position;
        Advance();
        var keys = new List<string>();
        var values = new List<FeelNode>();
        if (!Accept(TokenKind.RBrace))
        {
            do
            {
                var keyToken = Current;
                string key;
                if (keyToken.Kind == TokenKind.String)
                {
                    key = keyToken.Text!;
                    Advance();
                }
                else if (keyToken.Kind == TokenKind.Name)
                {
                    // FEEL keys may contain spaces: {first name: "张"}.
                    var words = new List<string>();
                    while (Current.Kind == TokenKind.Name)
                    {
                        words.Add(Current.Text!);
                        Advance();
                    }

                    key = string.Join(' ', words);
                }
                else
                {
                    throw Unexpected(keyToken, "expected a key");
                }

                if (keys.Contains(key))
                {
                    throw Error(FeelErrorCodes.Syntax, _text, keyToken.Position, $"duplicate key '{key}'");
                }

                Expect(TokenKind.Colon, "':'");
                keys.Add(key);
                values.Add(ParseExpression());
            }
            while (Accept(TokenKind.Comma));

            Expect(TokenKind.RBrace, "'}'");
        }

        return Check(new ContextNode(position, [.. keys], [.. values]));
    }

    /// <summary>The right of <c>in</c>: <c>(t1, t2, …)</c>, a comparison such as <c>&gt; 5</c>, a list literal
    /// (any element matches), or an expression giving a list, a range or a value.</summary>
    private UnaryTest ParsePositiveUnaryTests()
    {
        if (Current.Kind != TokenKind.LParen || !HasTopLevelComma())
        {
            return ParseUnaryTest();
        }

        var position = Current.Position;
        Advance();
        var tests = new List<UnaryTest>();
        do
        {
            tests.Add(ParseUnaryTest());
        }
        while (Accept(TokenKind.Comma));

        Expect(TokenKind.RParen, "')'");
        return new AnyOfTest(position, [.. tests]);
    }

    private UnaryTest ParseUnaryTest()
    {
        var t = Current;
        if (ComparisonOf(t) is { } op)
        {
            Advance();
            return new CompareTest(t.Position, op, ParseAdditive());
        }

        var expression = ParseAdditive();
        return expression is ListNode list
            ? new AnyOfTest(list.Position, [.. list.Items.Select(item => new ElementTest(item))])
            : new ExpressionTest(expression);
    }

    /// <summary>Whether the parenthesis at the current token holds a comma at its own level, which makes it a
    /// list of unary tests rather than a parenthesized expression or a range.</summary>
    private bool HasTopLevelComma()
    {
        var depth = 0;
        for (var i = _index; i < _tokens.Count; i++)
        {
            switch (_tokens[i].Kind)
            {
                case TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace:
                    depth++;
                    break;
                case TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace:
                    if (--depth == 0)
                    {
                        return false;
                    }

                    break;
                case TokenKind.Comma when depth == 1:
                    return true;
                case TokenKind.End:
                    return false;
            }
        }

        return false;
    }

    private void Advance()
    {
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }
    }

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        Advance();
        return true;
    }

    private void Expect(TokenKind kind, string what)
    {
        if (!Accept(kind))
        {
            throw Unexpected(Current, $"expected {what}");
        }
    }

    private void ExpectKeyword(string keyword)
    {
        if (!IsKeyword(Current, keyword))
        {
            throw Unexpected(Current, $"expected '{keyword}'");
        }

        Advance();
    }

    private static bool IsKeyword(FeelToken t, string keyword) =>
        t.Kind == TokenKind.Name && string.Equals(t.Text, keyword, StringComparison.Ordinal);

    private void Enter(int position)
    {
        if (++_depth > _maxDepth)
        {
            throw Error(FeelErrorCodes.TooDeep, _text, position, $"expression nests deeper than {_maxDepth} levels");
        }
    }

    private T Check<T>(T node)
        where T : FeelNode
    {
        if (node.Depth > _maxDepth)
        {
            throw Error(FeelErrorCodes.TooDeep, _text, node.Position,
                $"expression nests deeper than {_maxDepth} levels");
        }

        return node;
    }

    private FeelException Unexpected(FeelToken t, string? expected = null)
    {
        var found = t.Kind == TokenKind.End
            ? "unexpected end of expression"
            : $"unexpected '{Shorten(_text.Substring(t.Position, t.Length))}'";
        return Error(FeelErrorCodes.Syntax, _text, t.Position, expected is null ? found : $"{found}; {expected}");
    }

    private static string Shorten(string token) => token.Length <= 40 ? token : token[..40] + "…";
}
