using OneThing.Engine.Tests.Bpmn;
using OneThing.Engine.Runtime;
using static OneThing.Engine.Tests.Conformance.BpmnElementsDiagrams;

namespace OneThing.Engine.Tests.Conformance;

/// <summary>Diagrams whose catching message events name no message: correlated by the event's own id.</summary>
public sealed partial class ExecutionConformanceTests
{
    [ConformanceFact]
    [Diagram("lanes.bpmn")]
    public void CorrelateMessage_CatchEventWithoutMessageRef_CorrelatedByItsIdAfterTheTaskMappedItsOutputs()
    {
        var h = Deploy("lanes.bpmn");
        // The listening participant is not executable (its script mapping never runs); its message flow into
        // "intermediate" is what the catch event waits for, and without a messageRef it is known by that id.
        Assert.Null(h.Engine.FindLatestProcess("participantProcess"));
        var instance = h.Engine.Start("mainProcess");
        var wait = Assert.Single(instance.Waits);
        Assert.Equal((WaitKind.Message, "intermediate"), (wait.Kind, wait.MessageName));

        Assert.Same(instance, h.Engine.CorrelateMessage("intermediate"));

        AssertCompleted(instance, "mainStartEvent", "task1", "intermediate", "mainEndEvent");
        // Camunda parameters without ${…} are constant strings; the input stays local to the task.
        Assert.Equal("I'm done", instance.Variables["message"]);
        Assert.Equal("10", instance.Variables["arbval"]);
        Assert.False(instance.Variables.ContainsKey("taskinput"));
    }
}
