using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class ArithmeticTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("3.25", "3.25")]
    [InlineData("-7", "-7")]
    [InlineData("- 7.5", "-7.5")]
    [InlineData("\"徐汇\"", "\"徐汇\"")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    public void Evaluate_Literal_ReturnsValue(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Theory]
    [InlineData(@"""a\""b""", "a\"b")]
    [InlineData(@"""a\\b""", "a\\b")]
    [InlineData(@"""line\nnext""", "line\nnext")]
    [InlineData(@"""tab\there""", "tab\there")]
    [InlineData(@"""\u5F90\u6C47""", "徐汇")]
    public void Evaluate_StringEscapes_AreDecoded(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Fact]
    public void Evaluate_NumberLiteral_IsDecimal() => Assert.IsType<decimal>(Eval("1"));

    [Theory]
    [InlineData("1 + 2", "3")]
    [InlineData("0.1 + 0.2", "0.3")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("2 * 3.5", "7")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("2 ** 10", "1024")]
    [InlineData("2 ** -2", "0.25")]
    [InlineData("4 ** 0.5", "2")]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("2 * 3 ** 2", "18")]
    [InlineData("-2 ** 2", "4")]
    [InlineData("- (3 - 5)", "2")]
    [InlineData("10 - -3", "13")]
    public void Evaluate_Arithmetic_FollowsPrecedence(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Theory]
    [InlineData("1 / 0")]
    [InlineData("0 ** -1")]
    [InlineData("1 + null")]
    [InlineData("null - 1")]
    [InlineData("null * null")]
    [InlineData("missing / 2")]
    [InlineData("-null")]
    [InlineData("-\"a\"")]
    [InlineData("1 + \"1\"")]
    [InlineData("\"a\" * 2")]
    [InlineData("true + 1")]
    [InlineData("79228162514264337593543950335 + 1")]
    [InlineData("79228162514264337593543950335 * 2")]
    [InlineData("10 ** 100")]
    [InlineData("(-8) ** 0.5")]
    public void Evaluate_NullOperandOrInvalidArithmetic_ReturnsNull(string expression) =>
        Assert.Null(Eval(expression));

    [Fact]
    public void Evaluate_StringPlusString_Concatenates() =>
        Assert.Equal("申报-徐汇", Eval("\"申报\" + \"-\" + region", ("region", "徐汇")));

    [Fact]
    public void Evaluate_VariableArithmetic_UsesVariables() =>
        Assert.Equal(300m, Eval("amount * 2 + bonus", ("amount", 100m), ("bonus", 100)));

    [Fact]
    public void Evaluate_HugeIntegerPower_DoesNotLoop() => Assert.Equal(1m, Eval("1 ** 2000000000"));

    [Fact]
    public void Evaluate_NumberTooLargeForDecimal_IsSyntaxError()
    {
        var error = CompileError("1" + new string('0', 40));

        Assert.Equal("FEEL_SYNTAX", error.Code);
        Assert.Equal(0, error.Position);
    }
}
