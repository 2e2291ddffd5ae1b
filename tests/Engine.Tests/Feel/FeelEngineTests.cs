using OneThing.Engine.Feel;
using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class FeelEngineTests
{
    [Fact]
    public void Compile_SameText_ReturnsSameInstance()
    {
        var engine = new FeelEngine(new FeelTestClock());

        Assert.Same(engine.Compile("a > 1"), engine.Compile("a > 1"));
    }

    [Fact]
    public void Compile_DifferentText_ReturnsDifferentInstances()
    {
        var engine = new FeelEngine(new FeelTestClock());

        Assert.NotSame(engine.Compile("a > 1"), engine.Compile("a >  1"));
    }

    [Fact]
    public void Compile_ManyDistinctTexts_CacheStaysBounded()
    {
        var engine = new FeelEngine(new FeelTestClock(), new FeelOptions { MaxCacheSize = 10 });

        for (var i = 0; i < 100; i++)
        {
            engine.Compile($"a > {i}");
        }

        Assert.InRange(engine.CacheCount, 1, 10);
        Assert.Same(engine.Compile("a > 99"), engine.Compile("a > 99"));
    }

    [Fact]
    public void Compile_CacheDisabled_StillCompiles()
    {
        var engine = new FeelEngine(new FeelTestClock(), new FeelOptions { MaxCacheSize = 0 });

        Assert.Equal(true, engine.Evaluate("1 < 2", DictionaryFeelScope.Empty));
        Assert.Equal(0, engine.CacheCount);
    }

    [Fact]
    public void Evaluate_OneExpressionManyScopes_KeepsScopesApart()
    {
        var compiled = Evaluator.Compile("amount > 100");

        Assert.Equal(true, compiled.Evaluate(Scope(("amount", 101))));
        Assert.Equal(false, compiled.Evaluate(Scope(("amount", 99))));
        Assert.True(compiled.EvaluateCondition(Scope(("amount", 101))));
    }

    [Fact]
    public void Evaluate_ConcurrentThreads_AgreeWithSequentialResults()
    {
        var engine = new FeelEngine(new FeelTestClock());
        var failures = 0;

        Parallel.For(0, 2000, i =>
        {
            var scope = Scope(("amount", i), ("xs", new[] { i, i + 1 }));
            var result = engine.Evaluate("sum(xs[item >= amount]) + (if amount > 1000 then 1 else 0)", scope);
            if (!Equals(result, (decimal)(2 * i + 1 + (i > 1000 ? 1 : 0))))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Evaluate_CachedSimpleCondition_AllocatesNothing()
    {
        var compiled = Evaluator.Compile("amount > 100 and region = \"徐汇\"");
        var scope = Scope(("amount", 150m), ("region", "徐汇"));
        for (var i = 0; i < 100; i++)
        {
            compiled.EvaluateCondition(scope);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            compiled.EvaluateCondition(scope);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Evaluate_FunctionCallWithFewArguments_AllocatesNothing()
    {
        var compiled = Evaluator.Compile("starts with(code, \"SH\") and not(contains(code, \"X\"))");
        var scope = Scope(("code", "SH-001"));
        for (var i = 0; i < 100; i++)
        {
            compiled.Evaluate(scope);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            compiled.Evaluate(scope);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void FeelExpression_Text_IsOriginalText() => Assert.Equal("=a + 1", Evaluator.Compile("=a + 1").Text);

    [Fact]
    public void Constructor_NullClock_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new FeelEngine(null!));
}
