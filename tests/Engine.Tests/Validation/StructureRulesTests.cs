using OneThing.Engine.Model;
using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

public sealed class StructureRulesTests
{
    [Fact]
    public void Validate_ProcessAndSubProcessWithoutStart_ReportNoStartEventOnEach()
    {
        var problems = Validate("no-start-event.bpmn");

        Assert.Equal([("NoStart", ProblemCodes.NoStartEvent), ("Sub", ProblemCodes.NoStartEvent)], Ids(problems));
        Assert.Equal(["process", "subProcess"], problems.Select(p => p.ElementType));
        Assert.All(problems, p => Assert.Equal(ProblemSeverity.Error, p.Severity));
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
