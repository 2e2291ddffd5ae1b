using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class SyntaxFormTests
{
    [Theory]
    [InlineData("a > 5")]
    [InlineData("=a > 5")]
    [InlineData("  = a > 5  ")]
    [InlineData("${a > 5}")]
    [InlineData("#{a > 5}")]
    [InlineData("${ a > 5 }")]
    public void EvaluateCondition_AcceptedForms_Evaluate(string expression) =>
        Assert.True(Evaluator.EvaluateCondition(expression, Scope(("a", 6))));

    [Theory]
    [InlineData("${a == 6}", true)]
    [InlineData("${a != 6}", false)]
    [InlineData("${a > 5 && b == 'x'}", true)]
    [InlineData("${a > 7 || b == \"x\"}", true)]
    [InlineData("${!(a > 5)}", false)]
    [InlineData("${!approved}", false)]
    [InlineData("${approved}", true)]
    [InlineData("${a > 5 and not(b = 'y')}", true)]
    public void EvaluateCondition_JuelAliases_AreAcceptedInsideWrapper(string expression, bool expected) =>
        Assert.Equal(expected, Evaluator.EvaluateCondition(expression,
            Scope(("a", 6), ("b", "x"), ("approved", true))));

    [Theory]
    [InlineData("a == 6", 2, "'=='")]
    [InlineData("a > 5 && b", 6, "'&&'")]
    [InlineData("a || b", 2, "'||'")]
    [InlineData("!a", 0, "not(x)")]
    [InlineData("b = 'x'", 4, "double quotes")]
    public void Compile_JuelOperatorOutsideWrapper_FailsWithHint(string expression, int position, string hint)
    {
        var error = CompileError(expression);

        Assert.Equal("FEEL_SYNTAX", error.Code);
        Assert.Equal(position, error.Position);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${execution.getVariable('a')}")]
    [InlineData("${a > 5")]
    [InlineData("${}")]
    [InlineData("${a} and ${b}")]
    public void Compile_JuelBeyondFeel_Fails(string expression) =>
        Assert.Equal("FEEL_SYNTAX", CompileError(expression).Code);

    [Fact]
    public void Evaluate_ChineseVariableName_IsRead() =>
        Assert.True(Evaluator.EvaluateCondition("申报金额 > 100 and 所在区 = \"徐汇\"",
            Scope(("申报金额", 150m), ("所在区", "徐汇"))));

    [Theory]
    [InlineData("_x + $y + x1", 6)]
    [InlineData("amount_2026", 7)]
    public void Evaluate_NamesWithUnderscoreDollarDigits_AreRead(string expression, int expected) =>
        Assert.Equal((decimal)expected, Eval(expression, ("_x", 1), ("$y", 2), ("x1", 3), ("amount_2026", 7)));

    [Fact]
    public void Evaluate_FullWidthSpace_IsWhiteSpace() => Assert.Equal(3m, Eval("1\u3000+\u30002"));

    [Fact]
    public void Evaluate_Comments_AreIgnored() => Assert.Equal(3m, Eval("1 + /* 注释 */ 2 // trailing"));

    [Fact]
    public void Compile_FullWidthParenthesis_ExplainsTheAsciiCharacter()
    {
        var error = CompileError("count（list)");

        Assert.Equal(5, error.Position);
        Assert.Contains("use '('", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingVariable_IsNull() => Assert.Null(Eval("nobody"));

    [Fact]
    public void Evaluate_VariableNamedLikeNonReservedWord_IsRead() =>
        Assert.Equal(5m, Eval("for + every + satisfies", ("for", 1), ("every", 2), ("satisfies", 2)));
}
