using OneThing.Engine.Feel;
using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class LimitTests
{
    [Fact]
    public void Compile_LongerThanMaxLength_FailsTooLong()
    {
        var text = "x + " + string.Join(" + ", Enumerable.Repeat("1", 2000));

        var error = CompileError(text);

        Assert.Equal(FeelErrorCodes.TooLong, error.Code);
        Assert.Equal(FeelOptions.DefaultMaxLength, error.Position);
    }

    [Fact]
    public void Compile_CustomMaxLength_IsApplied()
    {
        var engine = new FeelEngine(new FeelTestClock(), new FeelOptions { MaxLength = 5 });

        Assert.Equal(FeelErrorCodes.TooLong, Assert.Throws<FeelException>(() => engine.Compile("123456")).Code);
        Assert.Equal(12345m, engine.Evaluate("12345", DictionaryFeelScope.Empty));
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("abs(", ")")]
    [InlineData("-", "")]
    [InlineData("not(", ")")]
    public void Compile_NestedDeeperThanMaxDepth_FailsTooDeep(string open, string close)
    {
        var text = string.Concat(Enumerable.Repeat(open, 100)) + "1" + string.Concat(Enumerable.Repeat(close, 100));

        Assert.Equal(FeelErrorCodes.TooDeep, CompileError(text).Code);
    }

    [Fact]
    public void Compile_NestingWithinMaxDepth_Compiles()
    {
        var text = string.Concat(Enumerable.Repeat("(", 30)) + "1" + string.Concat(Enumerable.Repeat(")", 30));

        Assert.Equal(1m, Eval(text));
    }

    [Fact]
    public void Compile_LongArithmeticChain_FailsTooDeep()
    {
        var text = string.Join(" + ", Enumerable.Repeat("1", 200));

        Assert.Equal(FeelErrorCodes.TooDeep, CompileError(text).Code);
    }

    [Fact]
    public void Compile_LongOrChain_IsFlatAndCompiles()
    {
        var text = string.Join(" or ", Enumerable.Range(1, 300).Select(i => $"x = {i}"));

        Assert.Equal(true, Eval(text, ("x", 300)));
    }

    [Fact]
    public void Evaluate_TooManySteps_FailsWithStepsCode()
    {
        var error = Assert.Throws<FeelException>(() => Eval("count(for i in 1..1000000 return i)"));

        Assert.Equal(FeelErrorCodes.Steps, error.Code);
        Assert.Contains("100000 steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HugeQuantifiedRange_StopsAtStepLimit() =>
        Assert.Equal(FeelErrorCodes.Steps,
            Assert.Throws<FeelException>(() => Eval("some i in 1..1000000000 satisfies i < 0")).Code);

    [Fact]
    public void Evaluate_NestedLoopsOverVariableList_StopAtStepLimit()
    {
        var big = Enumerable.Range(0, 1000).Cast<object?>().ToList();

        var error = Assert.Throws<FeelException>(() =>
            Eval("count(for a in xs, b in xs return a + b)", ("xs", big)));

        Assert.Equal(FeelErrorCodes.Steps, error.Code);
    }

    [Fact]
    public void Evaluate_StepCounter_ResetsPerEvaluation()
    {
        var engine = new FeelEngine(new FeelTestClock(), new FeelOptions { MaxSteps = 50 });
        var compiled = engine.Compile("count(for i in 1..10 return i)");

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(10m, compiled.Evaluate(DictionaryFeelScope.Empty));
        }
    }

    [Fact]
    public void Evaluate_RangeMembershipWithHugeBounds_DoesNotMaterialize() =>
        Assert.Equal(true, Eval("x in [1..79228162514264337593543950335]", ("x", 5)));

    [Fact]
    public void Evaluate_CyclicListVariable_ComparisonGivesUpInsteadOfOverflowing()
    {
        var cyclic = new List<object?>();
        cyclic.Add(cyclic);

        Assert.Null(Eval("a = b", ("a", cyclic), ("b", cyclic)));
        Assert.StartsWith("[[[", (string?)Eval("string(a)", ("a", cyclic)), StringComparison.Ordinal);
    }

    [Fact]
    public void FeelOptions_NonPositiveLimit_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeelOptions { MaxSteps = 0 });
}
