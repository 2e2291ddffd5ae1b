using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

public sealed class ExpressionRulesTests
{
    [Fact]
    public void Validate_ExpressionsThatDoNotCompile_ReportFeelInvalidWithPositionAndText()
    {
        var problems = Validate("feel-invalid.bpmn");

        Assert.Equal(
            [
                ("Vote", ProblemCodes.FeelInvalid), ("Vote", ProblemCodes.FeelInvalid), ("Vote", ProblemCodes.FeelInvalid),
                ("High", ProblemCodes.FeelInvalid),
            ],
            Ids(problems));
        var condition = problems[3].Message;
        Assert.StartsWith("条件表达式无效（第 17 个字符）：", condition, StringComparison.Ordinal);
        Assert.Contains("=(amount > 10000", condition, StringComparison.Ordinal);
        Assert.Contains(problems, p => p.Message.Contains("completionCondition", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("输入映射 \"doubled\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("dueDate", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ScriptConditions_ReportFeelInvalidSayingScriptsAreRefused()
    {
        var problems = Validate("script-condition.bpmn");

        Assert.Equal([("JsFlow", ProblemCodes.FeelInvalid), ("EnvFlow", ProblemCodes.FeelInvalid)], Ids(problems));
        Assert.All(problems, p => Assert.Contains("不允许使用脚本", p.Message, StringComparison.Ordinal));
        Assert.Contains("language=javascript", problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TimersThatAreNotIsoForTheirKindNorFeel_ReportTimerInvalid()
    {
        var problems = Validate("timer-invalid.bpmn");

        Assert.Equal(
            [
                ("BadDuration", ProblemCodes.TimerInvalid), ("BadDate", ProblemCodes.TimerInvalid),
                ("BadFeel", ProblemCodes.TimerInvalid),
            ],
            Ids(problems));
        Assert.Contains("\"2 hours\"", problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LiteralDueDateThatIsNeitherDateNorDuration_ReportsDueDateInvalid()
    {
        var problem = Assert.Single(Validate("due-date-invalid.bpmn"));

        Assert.Equal(("Vague", ProblemCodes.DueDateInvalid), (problem.ElementId, problem.Code));
    }
}
