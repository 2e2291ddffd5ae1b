using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class FunctionTests
{
    [Theory]
    [InlineData("contains(\"徐汇区政府\", \"徐汇\")", "true")]
    [InlineData("contains(\"abc\", \"d\")", "false")]
    [InlineData("contains(\"abc\", 1)", "null")]
    [InlineData("starts with(\"申报材料\", \"申报\")", "true")]
    [InlineData("starts with(\"abc\", \"b\")", "false")]
    [InlineData("ends with(\"abc\", \"bc\")", "true")]
    [InlineData("ends with(null, \"bc\")", "null")]
    [InlineData("string length(\"徐汇区\")", "3")]
    [InlineData("string length(\"a😀b\")", "3")]
    [InlineData("string length(5)", "null")]
    [InlineData("upper case(\"abc\")", "\"ABC\"")]
    [InlineData("lower case(\"ABC\")", "\"abc\"")]
    [InlineData("substring(\"foobar\", 3)", "\"obar\"")]
    [InlineData("substring(\"foobar\", 3, 3)", "\"oba\"")]
    [InlineData("substring(\"foobar\", -2, 1)", "\"a\"")]
    [InlineData("substring(\"foobar\", 10)", "\"\"")]
    [InlineData("substring(\"foobar\", -10, 2)", "\"fo\"")]
    [InlineData("substring(\"a😀b\", 2, 1)", "\"😀\"")]
    [InlineData("substring(\"foobar\", 0)", "null")]
    [InlineData("substring(\"foobar\", 1, -1)", "null")]
    [InlineData("substring before(\"foobar\", \"bar\")", "\"foo\"")]
    [InlineData("substring after(\"foobar\", \"ob\")", "\"ar\"")]
    [InlineData("substring after(\"foobar\", \"x\")", "\"\"")]
    [InlineData("string(1.50)", "\"1.5\"")]
    [InlineData("string(-3)", "\"-3\"")]
    [InlineData("string(true)", "\"true\"")]
    [InlineData("string(null)", "null")]
    [InlineData("string([1, \"a\"])", "\"[1, \"a\"]\"")]
    [InlineData("string(date(\"2026-01-05\"))", "\"2026-01-05\"")]
    [InlineData("string(duration(\"PT36H\"))", "\"P1DT12H\"")]
    [InlineData("string(duration(\"P14M\"))", "\"P1Y2M\"")]
    [InlineData("number(\"12.5\")", "12.5")]
    [InlineData("number(\"-3\")", "-3")]
    [InlineData("number(\"abc\")", "null")]
    [InlineData("number(true)", "null")]
    [InlineData("string join([\"a\", null, \"b\"], \", \")", "\"a, b\"")]
    [InlineData("string join([\"a\", \"b\"])", "\"ab\"")]
    [InlineData("string join([\"a\", 1])", "null")]
    public void Evaluate_StringFunctions_Work(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Fact]
    public void Evaluate_StringOfVariable_UsesInvariantCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");

            Assert.Equal("PT2.5H", Eval("\"PT\" + string(hours) + \"H\"", ("hours", 2.5)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("count([1, 2, 3])", "3")]
    [InlineData("count([])", "0")]
    [InlineData("count(5)", "null")]
    [InlineData("sum([1, 2, 3.5])", "6.5")]
    [InlineData("sum(1, 2, 3)", "6")]
    [InlineData("sum([])", "0")]
    [InlineData("sum([1, \"a\"])", "null")]
    [InlineData("sum(null)", "null")]
    [InlineData("min([3, 1, 2])", "1")]
    [InlineData("min(3, 1, 2)", "1")]
    [InlineData("max([3, 1, 2])", "3")]
    [InlineData("max(\"a\", \"c\", \"b\")", "\"c\"")]
    [InlineData("min([])", "null")]
    [InlineData("max([1, \"a\"])", "null")]
    [InlineData("mean([1, 2, 3, 4])", "2.5")]
    [InlineData("mean([])", "null")]
    [InlineData("all([true, true])", "true")]
    [InlineData("all([true, false, null])", "false")]
    [InlineData("all([true, null])", "null")]
    [InlineData("all([])", "true")]
    [InlineData("all(true, true)", "true")]
    [InlineData("any([false, true])", "true")]
    [InlineData("any([false, null])", "null")]
    [InlineData("any([])", "false")]
    [InlineData("list contains([1, 2], 2)", "true")]
    [InlineData("list contains([1, 2], 3)", "false")]
    [InlineData("list contains([1, null], null)", "true")]
    [InlineData("list contains(null, 1)", "null")]
    [InlineData("append([1], 2, 3)", "[1, 2, 3]")]
    [InlineData("concatenate([1], [], [2, 3])", "[1, 2, 3]")]
    [InlineData("reverse([1, 2, 3])", "[3, 2, 1]")]
    [InlineData("distinct values([1, 2, 1, \"a\", \"a\"])", "[1, 2, \"a\"]")]
    [InlineData("index of([1, 2, 1], 1)", "[1, 3]")]
    public void Evaluate_ListFunctions_Work(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Theory]
    [InlineData("abs(-3.5)", "3.5")]
    [InlineData("abs(\"a\")", "null")]
    [InlineData("floor(1.7)", "1")]
    [InlineData("floor(-1.2)", "-2")]
    [InlineData("ceiling(1.2)", "2")]
    [InlineData("ceiling(-1.7)", "-1")]
    [InlineData("decimal(1/3, 2)", "0.33")]
    [InlineData("decimal(2.5, 0)", "2")]
    [InlineData("decimal(3.5, 0)", "4")]
    [InlineData("modulo(12, 5)", "2")]
    [InlineData("modulo(-12, 5)", "3")]
    [InlineData("modulo(12, -5)", "-3")]
    [InlineData("modulo(12, 0)", "null")]
    [InlineData("odd(5)", "true")]
    [InlineData("even(5)", "false")]
    [InlineData("even(2.5)", "null")]
    public void Evaluate_NumberFunctions_Work(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Theory]
    [InlineData("is defined(x)", "true")]
    [InlineData("is defined(nothing)", "false")]
    [InlineData("is defined(empty)", "true")]
    [InlineData("is defined(c.a)", "true")]
    [InlineData("is defined(c.b)", "false")]
    [InlineData("is defined(1 + 1)", "true")]
    [InlineData("is defined(null)", "false")]
    public void Evaluate_IsDefined_DistinguishesMissingFromNull(string expression, string expected) =>
        Assert.Equal(expected, Show(expression, ("x", 1), ("empty", null),
            ("c", new Dictionary<string, object?> { ["a"] = null })));

    [Fact]
    public void Evaluate_FunctionWithFiveArguments_Works() => Assert.Equal(15m, Eval("sum(1, 2, 3, 4, 5)"));

    [Fact]
    public void Evaluate_CallsInsideCalls_Nest() =>
        Assert.Equal("\"ABC\"", Show("upper case(substring(string join([\"x\", \"abc\"]), 2))"));
}
