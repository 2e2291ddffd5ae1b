using OneThing.Engine.Model;
using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

public sealed class GatewayRulesTests
{
    [Fact]
    public void Validate_DecisionWithFlowNeitherConditionedNorDefault_ReportsGatewayNamingTheFlow()
    {
        var problems = Validate("gateway-unconditioned.bpmn");

        Assert.Equal(
            [("Decide", ProblemCodes.GatewayBranchUnconditioned), ("Notify", ProblemCodes.GatewayBranchUnconditioned)],
            Ids(problems));
        Assert.Contains("\"Otherwise\"", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("\"Forgotten\"", problems[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Always\"", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConditionsOnDefaultAndParallelFlows_WarnOnTheFlows()
    {
        var problems = Validate("ignored-conditions.bpmn");

        Assert.Equal(
            [("Fallback", ProblemCodes.DefaultFlowCondition), ("Both1", ProblemCodes.ParallelFlowCondition)],
            Ids(problems));
        Assert.All(problems, p => Assert.Equal((ProblemSeverity.Warning, "sequenceFlow"), (p.Severity, p.ElementType)));
    }

    [Fact]
    public void Validate_EventGatewayToTaskOrWithOneExit_ReportsEventGatewayTargets()
    {
        var problems = Validate("event-gateway-targets.bpmn");

        Assert.Equal(
            [("WaitTwo", ProblemCodes.EventGatewayTargets), ("WaitOne", ProblemCodes.EventGatewayTargets)],
            Ids(problems));
        Assert.Contains("userTask \"Chase\"", problems[0].Message, StringComparison.Ordinal);
    }
}
