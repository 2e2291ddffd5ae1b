using OneThing.Engine.Feel;
using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class ErrorTests
{
    [Fact]
    public void Compile_DoubleOperator_ReportsPositionAndToken()
    {
        var error = CompileError("a > > 3");

        Assert.Equal("FEEL_SYNTAX", error.Code);
        Assert.Equal(4, error.Position);
        Assert.Equal("a > > 3", error.Expression);
        Assert.Equal("FEEL error at position 4 in 'a > > 3': unexpected '>'", error.Message);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 3)]
    [InlineData("=", 1)]
    [InlineData("(1 + 2", 6)]
    [InlineData("[1, 2", 5)]
    [InlineData("{a 1}", 3)]
    [InlineData("{a: 1, a: 2}", 7)]
    [InlineData("\"unterminated", 0)]
    [InlineData("\"bad \\q escape\"", 5)]
    [InlineData("1 + ", 3)]
    [InlineData("a b", 2)]
    [InlineData("a < b < c", 6)]
    [InlineData("if a then b", 11)]
    [InlineData("x between 1", 11)]
    [InlineData("a.", 2)]
    [InlineData("a.1", 2)]
    [InlineData("1 @ 2", 2)]
    [InlineData("[1..", 4)]
    [InlineData("[1..2", 5)]
    [InlineData("then", 0)]
    [InlineData("count(1, 2)", 0)]
    [InlineData("today(1)", 0)]
    [InlineData("x = 1; y = 2", 5)]
    [InlineData("/* open", 0)]
    [InlineData("=a > 1 ]", 7)]
    public void Compile_InvalidSyntax_ReportsPosition(string expression, int position)
    {
        var error = CompileError(expression);

        Assert.Equal("FEEL_SYNTAX", error.Code);
        Assert.Equal(position, error.Position);
        Assert.Contains($"at position {position}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foo(1)", 0, "'foo'")]
    [InlineData("x + upper cases(\"a\")", 4, "'upper cases'")]
    [InlineData("=not(frobnicate(1))", 5, "'frobnicate'")]
    [InlineData("${lengthOf(a)}", 2, "'lengthOf'")]
    public void Compile_UnknownFunction_ReportsNameAndPosition(string expression, int position, string name)
    {
        var error = CompileError(expression);

        Assert.Equal("FEEL_UNKNOWN_FUNCTION", error.Code);
        Assert.Equal(position, error.Position);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_WrongArgumentCount_NamesTheFunction()
    {
        var error = CompileError("substring(\"a\")");

        Assert.Contains("'substring' takes 2 to 3 argument(s), not 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCompile_InvalidText_ReturnsError()
    {
        Assert.False(Evaluator.TryCompile("a >", out var compiled, out var error));

        Assert.Null(compiled);
        Assert.Equal("FEEL_SYNTAX", error!.Code);
        Assert.Equal(3, error.Position);
    }

    [Fact]
    public void TryCompile_ValidText_ReturnsExpression()
    {
        Assert.True(Evaluator.TryCompile("a > 1", out var compiled, out var error));

        Assert.Null(error);
        Assert.Equal("a > 1", compiled!.Text);
    }

    [Fact]
    public void Evaluate_InvalidText_ThrowsFeelException() =>
        Assert.Throws<FeelException>(() => Evaluator.Evaluate("a >", DictionaryFeelScope.Empty));

    [Fact]
    public void Evaluate_ScopeThrows_WrapsInFeelException()
    {
        var error = Assert.Throws<FeelException>(() => Evaluator.Evaluate("a", new ThrowingScope()));

        Assert.Equal(FeelErrorCodes.Evaluation, error.Code);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void FeelException_LongExpression_ShortensMessageButKeepsExpression()
    {
        var text = "a > " + new string('1', 300) + " >";
        var error = new FeelException(FeelErrorCodes.Syntax, text, 5, "bad");

        Assert.Equal(text, error.Expression);
        Assert.True(error.Message.Length < 300);
    }

    private sealed class ThrowingScope : IFeelScope
    {
        public bool TryGetVariable(string name, out object? value) =>
            throw new InvalidOperationException("store is down");
    }
}
