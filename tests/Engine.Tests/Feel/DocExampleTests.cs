using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

/// <summary>The examples of docs/feel.md, so the analysts' guide cannot drift from the implementation.</summary>
public class DocExampleTests
{
    private static readonly (string, object?)[] Case =
    [
        ("申报金额", 150m), ("所在区", "徐汇"), ("材料完整", true), ("是否加急", false),
        ("企业类型", "有限责任公司"), ("注册资本", 100), ("votes", new List<object?> { "同意", "同意", "驳回" }),
        ("nrOfInstances", 3), ("nrOfCompletedInstances", 1), ("hours", 2),
        ("材料清单", new List<object?>
        {
            new Dictionary<string, object?> { ["状态"] = "齐全" },
            new Dictionary<string, object?> { ["状态"] = "缺件" },
        }),
    ];

    [Theory]
    [InlineData("申报金额 > 100 and 所在区 = \"徐汇\"                       // 排他网关条件")]
    [InlineData("材料完整 = true and not(是否加急)")]
    [InlineData("企业类型 in [\"有限责任公司\", \"个人独资企业\"]")]
    [InlineData("注册资本 between 10 and 1000")]
    [InlineData("count(votes[item = \"同意\"]) / nrOfInstances >= 2/3      // 会签：三分之二同意即通过（票签）")]
    [InlineData("nrOfCompletedInstances >= 1                             // 或签：一人处理即完成")]
    [InlineData("some 材料 in 材料清单 satisfies 材料.状态 = \"缺件\"          // 有任一材料缺件")]
    public void EvaluateCondition_CommonConditionExamples_AreTrue(string expression) =>
        Assert.True(Evaluator.EvaluateCondition(expression, Scope(Case)));

    [Theory]
    [InlineData("=today() + duration(\"P3D\")", "2026-03-05")]
    [InlineData("=duration(\"PT\" + string(hours) + \"H\")", "PT2H")]
    [InlineData("contains(\"徐汇区政府\", \"徐汇\")", "true")]
    [InlineData("string length(\"徐汇区\")", "3")]
    [InlineData("substring(\"foobar\", 3, 2)", "\"ob\"")]
    [InlineData("substring after(\"a-b\", \"-\")", "\"b\"")]
    [InlineData("string(2.50)", "\"2.5\"")]
    [InlineData("string join([\"a\", \"b\"], \"、\")", "\"a、b\"")]
    [InlineData("date(\"2026-01-31\") + duration(\"P1M\")", "2026-02-28")]
    [InlineData("date(\"2026-03-10\") - date(\"2026-03-01\")", "P9D")]
    [InlineData("if 申报金额 > 1000 then \"大额\" else \"普通\"", "\"普通\"")]
    [InlineData("{a: 1, b: a + 1}", "{a: 1, b: 2}")]
    [InlineData("0.1 + 0.2 = 0.3", "true")]
    public void Evaluate_DocumentedExamples_GiveDocumentedResults(string expression, string expected) =>
        Assert.Equal(expected, Show(expression, Case));
}
