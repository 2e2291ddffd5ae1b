using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class LogicTests
{
    [Theory]
    [InlineData("1 = 1", "true")]
    [InlineData("1 = 1.0", "true")]
    [InlineData("1 != 2", "true")]
    [InlineData("1 < 2", "true")]
    [InlineData("2 <= 2", "true")]
    [InlineData("3 > 2", "true")]
    [InlineData("2 >= 3", "false")]
    [InlineData("\"abc\" < \"abd\"", "true")]
    [InlineData("\"b\" > \"B\"", "true")]
    [InlineData("\"徐汇\" = \"徐汇\"", "true")]
    [InlineData("true = true", "true")]
    [InlineData("true != false", "true")]
    [InlineData("null = null", "true")]
    [InlineData("1 = null", "false")]
    [InlineData("null != 1", "true")]
    [InlineData("[1, 2] = [1, 2]", "true")]
    [InlineData("[1, 2] = [2, 1]", "false")]
    [InlineData("{a: 1} = {a: 1}", "true")]
    [InlineData("{a: 1} = {a: 2}", "false")]
    public void Evaluate_Comparison_ComparesValues(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Theory]
    [InlineData("1 = \"1\"")]
    [InlineData("1 != \"1\"")]
    [InlineData("1 < \"2\"")]
    [InlineData("true < false")]
    [InlineData("null < 1")]
    [InlineData("1 > missing")]
    [InlineData("[1] < [2]")]
    [InlineData("date(\"2026-01-01\") < 5")]
    public void Evaluate_IncomparableTypes_ReturnsNull(string expression) => Assert.Null(Eval(expression));

    [Theory]
    [InlineData("true and true", "true")]
    [InlineData("true and false", "false")]
    [InlineData("false and null", "false")]
    [InlineData("null and false", "false")]
    [InlineData("true and null", "null")]
    [InlineData("null and null", "null")]
    [InlineData("true and 1", "null")]
    [InlineData("false or false", "false")]
    [InlineData("true or null", "true")]
    [InlineData("null or true", "true")]
    [InlineData("false or null", "null")]
    [InlineData("\"x\" or false", "null")]
    [InlineData("not(true)", "false")]
    [InlineData("not(false)", "true")]
    [InlineData("not(null)", "null")]
    [InlineData("not(1)", "null")]
    [InlineData("true and true and false and true", "false")]
    [InlineData("false or false or false or true", "true")]
    public void Evaluate_Logic_IsThreeValued(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Fact]
    public void Evaluate_AndOrPrecedence_AndBindsTighter() =>
        Assert.Equal(true, Eval("true or false and false"));

    [Fact]
    public void Evaluate_AndWithFalseLeft_DoesNotEvaluateRight()
    {
        var scope = new CountingScope();

        Assert.Equal(false, Evaluator.Evaluate("false and expensive > 0", scope));
        Assert.Equal(true, Evaluator.Evaluate("true or expensive > 0", scope));
        Assert.Equal(0, scope.Lookups);
    }

    private sealed class CountingScope : OneThing.Engine.Feel.IFeelScope
    {
        public int Lookups { get; private set; }

        public bool TryGetVariable(string name, out object? value)
        {
            Lookups++;
            value = 1m;
            return true;
        }
    }

    [Theory]
    [InlineData(150, "徐汇", true)]
    [InlineData(50, "徐汇", false)]
    [InlineData(150, "浦东", false)]
    public void EvaluateCondition_AmountAndRegion_MatchesBoth(int amount, string region, bool expected) =>
        Assert.Equal(expected, Evaluator.EvaluateCondition("amount > 100 and region = \"徐汇\"",
            Scope(("amount", amount), ("region", region))));

    [Theory]
    [InlineData("null")]
    [InlineData("1")]
    [InlineData("\"true\"")]
    [InlineData("missing > 1")]
    [InlineData("false")]
    public void EvaluateCondition_NotBooleanTrue_ReturnsFalse(string expression) =>
        Assert.False(Evaluator.EvaluateCondition(expression, Scope()));

    [Theory]
    [InlineData("if x > 5 then \"big\" else \"small\"", 6, "\"big\"")]
    [InlineData("if x > 5 then \"big\" else \"small\"", 5, "\"small\"")]
    [InlineData("if x > 5 then \"big\" else \"small\"", null, "\"small\"")]
    [InlineData("if x then 1 else 2", "yes", "2")]
    [InlineData("if x = 1 then \"a\" else if x = 2 then \"b\" else \"c\"", 2, "\"b\"")]
    [InlineData("(if x > 0 then 1 else -1) * 10", 3, "10")]
    public void Evaluate_IfThenElse_ChoosesBranch(string expression, object? x, string expected) =>
        Assert.Equal(expected, Show(expression, ("x", x)));

    [Theory]
    [InlineData("5 between 1 and 10", "true")]
    [InlineData("1 between 1 and 10", "true")]
    [InlineData("10 between 1 and 10", "true")]
    [InlineData("11 between 1 and 10", "false")]
    [InlineData("\"b\" between \"a\" and \"c\"", "true")]
    [InlineData("null between 1 and 10", "null")]
    [InlineData("5 between 1 and \"z\"", "null")]
    [InlineData("0 between 1 and \"z\"", "false")]
    [InlineData("x between 1 and 10 and x != 5", "true")]
    public void Evaluate_Between_IsInclusive(string expression, string expected) =>
        Assert.Equal(expected, Show(expression, ("x", 3)));

    [Theory]
    [InlineData("x in [1, 2, 3]", 2, "true")]
    [InlineData("x in [1, 2, 3]", 4, "false")]
    [InlineData("x in []", 4, "false")]
    [InlineData("x in [\"a\", 2]", 2, "true")]
    [InlineData("x in [1..10]", 10, "true")]
    [InlineData("x in [1..10)", 10, "false")]
    [InlineData("x in [1..10[", 10, "false")]
    [InlineData("x in (1..10]", 1, "false")]
    [InlineData("x in ]1..10]", 1, "false")]
    [InlineData("x in (1..10]", 2, "true")]
    [InlineData("x in [1..1000000000]", 999999999, "true")]
    [InlineData("x in > 5", 6, "true")]
    [InlineData("x in >= 5", 5, "true")]
    [InlineData("x in < 5", 5, "false")]
    [InlineData("x in <= 5", 5, "true")]
    [InlineData("x in = 5", 5, "true")]
    [InlineData("x in != 5", 5, "false")]
    [InlineData("x in (1, 3, > 10)", 11, "true")]
    [InlineData("x in (1, 3, > 10)", 2, "false")]
    [InlineData("x in (1..3)", 2, "true")]
    [InlineData("x in 7", 7, "true")]
    [InlineData("x in [[1..3], 7]", 2, "true")]
    [InlineData("x in > 5", "a", "null")]
    [InlineData("x in [1, 2] and x > 1", 2, "true")]
    public void Evaluate_In_TestsMembership(string expression, object? x, string expected) =>
        Assert.Equal(expected, Show(expression, ("x", x)));

    [Fact]
    public void Evaluate_InVariableList_TestsMembership() =>
        Assert.Equal(true, Eval("region in regions", ("region", "徐汇"), ("regions", new[] { "黄浦", "徐汇" })));

    [Fact]
    public void Evaluate_InVariableRangeBounds_UsesVariables() =>
        Assert.Equal(true, Eval("x in [low..high]", ("x", 5), ("low", 1), ("high", 9)));

    [Theory]
    [InlineData("some x in [1, 5, 10] satisfies x > 8", "true")]
    [InlineData("some x in [1, 5] satisfies x > 8", "false")]
    [InlineData("some x in [] satisfies x > 8", "false")]
    [InlineData("every x in [9, 10] satisfies x > 8", "true")]
    [InlineData("every x in [1, 10] satisfies x > 8", "false")]
    [InlineData("every x in [] satisfies x > 8", "true")]
    [InlineData("every x in [1, null] satisfies x > 0", "false")]
    [InlineData("some x in [1, 2], y in [3, 4] satisfies x + y = 6", "true")]
    [InlineData("every x in [1, 2], y in [3, 4] satisfies x < y", "true")]
    [InlineData("some x in null satisfies x > 1", "null")]
    [InlineData("some x in 1..5 satisfies x = 5", "true")]
    public void Evaluate_Quantifiers_TestItems(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Fact]
    public void Evaluate_SomeAsVariableName_IsAVariable() =>
        Assert.Equal(true, Eval("some > 1", ("some", 2)));
}
