using System.Text;
using OneThing.Engine.Feel;
using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "a", "b", "xs", "ctx", "item", "申报金额", "1", "0", "-1", "2.5", "1000000", "\"s\"", "\"徐汇\"", "\"\\u00e9\"",
        "true", "false", "null", "+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "==", "&&", "||", "!",
        "and", "or", "not", "(", ")", "[", "]", "{", "}", ",", ".", "..", ":", "if", "then", "else", "in",
        "between", "some", "every", "for", "return", "satisfies", "count(", "sum(", "min(", "string(", "number(",
        "substring(", "date(", "duration(", "date and time(", "today()", "now()", "string length(", "is defined(",
        "list contains(", "upper case(", "decimal(", "modulo(", "foo(", "${", "#{", "=", "'", "\"", "\\", "@",
        "（", "😀", "\u0301", "/*", "*/", "//", " ", " ", " ", "\t", "\n", "\"P1D\"", "\"2026-01-01\"",
    ];

    private static readonly DictionaryFeelScope Variables = Scope(
        ("a", 5), ("b", "x"), ("xs", new object?[] { 1, "two", null, 3.5 }),
        ("ctx", new Dictionary<string, object?> { ["k"] = new List<object?> { 1 } }),
        ("申报金额", 150.5), ("item", new DateTime(2026, 1, 1)));

    [Fact]
    public void CompileAndEvaluate_RandomTokenSoup_OnlyFeelExceptionEscapes()
    {
        var random = new Random(20261122);
        var engine = new FeelEngine(new FeelTestClock(), new FeelOptions { MaxSteps = 5_000, MaxCacheSize = 100 });
        var compiled = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 24);
            for (var j = 0; j < length; j++)
            {
                text.Append(Fragments[random.Next(Fragments.Length)]);
                if (random.Next(3) == 0)
                {
                    text.Append(' ');
                }
            }

            if (Run(engine, text.ToString()))
            {
                compiled++;
            }
        }

        // The soup must reach the evaluator often enough for the test to mean something.
        Assert.InRange(compiled, 50, 4000);
    }

    [Fact]
    public void CompileAndEvaluate_RandomCharacters_OnlyFeelExceptionEscapes()
    {
        var random = new Random(7);
        const string alphabet = "ab1.,()[]{}<>=!+-*/\"'\\ :$#_徐汇\uD83D\uDE00\uD800";
        for (var i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(0, 30)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            Run(Evaluator, new string(chars));
        }
    }

    [Fact]
    public void CompileAndEvaluate_MutatedValidExpressions_OnlyFeelExceptionEscapes()
    {
        string[] seeds =
        [
            "a > 100 and b = \"徐汇\"", "count(xs[item > 1]) / 3 >= 2/3", "if a > 1 then [1..a] else {k: xs}",
            "some x in xs satisfies x > 2", "for i in 1..a return i * 2", "date(\"2026-01-01\") + duration(\"P1D\")",
            "${a == 5 && !(b == 'y')}", "substring(string(a), 1, 2)", "a in (1, > 4, [1..3])",
        ];
        var random = new Random(99);
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder(seeds[random.Next(seeds.Length)]);
            var edits = random.Next(1, 4);
            for (var e = 0; e < edits && text.Length > 0; e++)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, 1);
                        break;
                    case 1:
                        text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                        break;
                    default:
                        var other = random.Next(text.Length);
                        (text[at], text[other]) = (text[other], text[at]);
                        break;
                }
            }

            Run(Evaluator, text.ToString());
        }
    }

    /// <summary>Compiles and evaluates; true when the text compiled. Any exception other than FeelException
    /// fails the test with the offending text.</summary>
    private static bool Run(FeelEngine engine, string text)
    {
        FeelExpression expression;
        try
        {
            expression = engine.Compile(text);
        }
        catch (FeelException e)
        {
            Assert.InRange(e.Position, 0, text.Length);
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"Compile threw {e.GetType().Name} for <{text}>: {e}");
            return false;
        }

        try
        {
            expression.Evaluate(Variables);
            expression.EvaluateCondition(DictionaryFeelScope.Empty);
        }
        catch (FeelException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"Evaluate threw {e.GetType().Name} for <{text}>: {e}");
        }

        return true;
    }
}
