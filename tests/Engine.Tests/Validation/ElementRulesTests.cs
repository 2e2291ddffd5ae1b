using OneThing.Engine.Model;
using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

/// <summary>Activity and event rules: what the engine executes, and what each element needs to run.</summary>
public sealed class ElementRulesTests
{
    [Fact]
    public void Validate_ElementsOutsideTheExecutableSubset_ReportUnsupportedElementOnEach()
    {
        var problems = Validate("unsupported-element.bpmn");

        Assert.Equal(
            [
                ("Complex", ProblemCodes.UnsupportedElement), ("AdHoc", ProblemCodes.UnsupportedElement),
                ("Looping", ProblemCodes.UnsupportedElement),
            ],
            Ids(problems));
    }

    [Fact]
    public void Validate_EventDefinitionsOutsideTheSubset_ReportUnsupportedEventNamingTheDefinition()
    {
        var problems = Validate("unsupported-event.bpmn");

        Assert.Equal(
            [
                ("Cancel_1", ProblemCodes.UnsupportedEvent), ("Bare", ProblemCodes.UnsupportedEvent),
                ("WaitCondition", ProblemCodes.UnsupportedEvent), ("Twice", ProblemCodes.UnsupportedEvent),
                ("SubTimerStart", ProblemCodes.UnsupportedEvent), ("Escalate", ProblemCodes.UnsupportedEvent),
            ],
            Ids(problems));
        Assert.Equal("不支持的事件定义：boundaryEvent \"Cancel_1\" 上的 cancelEventDefinition", problems[0].Message);
    }

    [Fact]
    public void Validate_ScriptTask_ReportsScriptTaskWithItsFormat()
    {
        var problem = Assert.Single(Validate("script-task.bpmn"));

        Assert.Equal(("Compute", ProblemCodes.ScriptTask), (problem.ElementId, problem.Code));
        Assert.Equal("出于安全原因不运行脚本任务（scriptFormat=javascript）；请改用 FEEL 表达式或服务任务", problem.Message);
    }

    [Fact]
    public void Validate_UserTaskWithNobodyToWorkOnIt_ReportsUserTaskNoCandidate()
    {
        var problem = Assert.Single(Validate("user-task-no-candidate.bpmn"));

        Assert.Equal(("Nobody", ProblemCodes.UserTaskNoCandidate), (problem.ElementId, problem.Code));
    }

    [Fact]
    public void Validate_CallActivitiesWithMissingOrUndeployableTargets_ReportCallTargetUnknown()
    {
        var problems = Validate("call-target-unknown.bpmn", new HashSet<string>(StringComparer.Ordinal) { "deployed-elsewhere" });

        Assert.Equal(
            [
                ("NoTarget", ProblemCodes.CallTargetUnknown), ("Missing", ProblemCodes.CallTargetUnknown),
                ("ToSketch", ProblemCodes.CallTargetUnknown),
            ],
            Ids(problems));
    }

    [Fact]
    public void Validate_CallToProcessDeployedElsewhereWithoutKnownIds_ReportsCallTargetUnknown()
    {
        var problems = Validate("call-target-unknown.bpmn");

        Assert.Contains(("ToElsewhere", ProblemCodes.CallTargetUnknown), Ids(problems));
    }

    [Fact]
    public void Validate_CatchingMessageWithoutReference_WarnsMessageUnnamedAndLeavesDanglingRefToImporter()
    {
        var problems = Validate("message-unnamed.bpmn");

        Assert.Equal(
            [
                ("NoRef", ProblemCodes.MessageUnnamed), ("Dangling", "MESSAGE_REF_DANGLING"),
                ("Receive", ProblemCodes.MessageUnnamed),
            ],
            Ids(problems));
        // Without a reference the element is correlated by its own id: a warning; a dangling one is an error.
        Assert.Equal([ProblemSeverity.Warning, ProblemSeverity.Error, ProblemSeverity.Warning],
            problems.Select(p => p.Severity));
        Assert.Contains("\"NoRef\"", problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BoundaryEventOnGateway_ReportsBoundaryOnNonActivity()
    {
        var problem = Assert.Single(Validate("boundary-on-non-activity.bpmn"));

        Assert.Equal(("OnGate", ProblemCodes.BoundaryOnNonActivity), (problem.ElementId, problem.Code));
    }
}
