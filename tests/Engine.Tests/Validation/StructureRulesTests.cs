using OneThing.Engine.Model;
using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

public sealed class StructureRulesTests
{
    [Fact]
    public void Validate_ProcessWithEndButNoStart_ReportsNoStartEventAndSubProcessWithoutStartWarnsImplicitStart()
    {
        var problems = Validate("no-start-event.bpmn");

        // BPMN requires a start event wherever there is an end event; the sub-process has none, so its task starts
        // implicitly (and, having no outgoing flow, ends implicitly too).
        Assert.Equal(
            [("NoStart", ProblemCodes.NoStartEvent), ("Sub", ProblemCodes.ImplicitStart), ("Inner", ProblemCodes.ImplicitEnd)],
            Ids(problems));
        Assert.Equal(["process", "subProcess", "task"], problems.Select(p => p.ElementType));
        Assert.Equal([ProblemSeverity.Error, ProblemSeverity.Warning, ProblemSeverity.Warning], problems.Select(p => p.Severity));
        Assert.Contains("\"Inner\"", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProcessWithoutStartOrEndEvent_WarnsImplicitStartAndReachesFromTheNodesWithoutIncomingFlows()
    {
        var problems = ValidateXml(Wrap("""
            <bpmn:task id="A"/><bpmn:task id="B"/><bpmn:task id="C"/>
            <bpmn:boundaryEvent id="Late" attachedToRef="C">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="A" targetRef="B"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Late" targetRef="B"/>
            """));

        Assert.Equal(
            [("P", ProblemCodes.ImplicitStart), ("B", ProblemCodes.ImplicitEnd), ("C", ProblemCodes.ImplicitEnd)],
            Ids(problems));
        Assert.Equal(ProblemSeverity.Warning, problems[0].Severity);
    }

    [Fact]
    public void Validate_ProcessWithoutStartWhoseNodesAllHaveIncomingFlows_ReportsNoStartEvent()
    {
        var problem = Assert.Single(ValidateXml(Wrap("""
            <bpmn:task id="A"/><bpmn:task id="B"/>
            <bpmn:sequenceFlow id="f1" sourceRef="A" targetRef="B"/>
            <bpmn:sequenceFlow id="f2" sourceRef="B" targetRef="A"/>
            """)));

        Assert.Equal(("P", ProblemCodes.NoStartEvent, ProblemSeverity.Error), (problem.ElementId, problem.Code, problem.Severity));
    }

    [Fact]
    public void Validate_TaskWithoutIncomingFlow_ReportsUnreachableOnceForTaskAndItsBoundaryEvent()
    {
        var problems = Validate("unreachable.bpmn");

        Assert.Equal([("Orphan", ProblemCodes.Unreachable)], Ids(problems));
    }

    [Fact]
    public void Validate_GatewayWithoutOutgoingFlow_ReportsDeadEnd()
    {
        var problem = Assert.Single(Validate("dead-end.bpmn"));

        Assert.Equal(("Nowhere", ProblemCodes.DeadEnd), (problem.ElementId, problem.Code));
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
    }

    [Fact]
    public void Validate_TaskWithoutOutgoingFlow_WarnsImplicitEnd()
    {
        var problem = Assert.Single(Validate("implicit-end.bpmn"));

        Assert.Equal(("Work", ProblemCodes.ImplicitEnd), (problem.ElementId, problem.Code));
        Assert.Equal(ProblemSeverity.Warning, problem.Severity);
    }

    [Fact]
    public void Validate_LoopWithoutExit_ReportsNoPathToEndButNotForLoopLeftThroughBoundaryEvent()
    {
        var problems = Validate("no-path-to-end.bpmn");

        Assert.Equal([("Ping", ProblemCodes.NoPathToEnd), ("Pong", ProblemCodes.NoPathToEnd)], Ids(problems));
    }
}
