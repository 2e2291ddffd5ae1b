using OneThing.Engine.Runtime;
using static OneThing.Engine.Tests.Conformance.BpmnElementsDiagrams;

namespace OneThing.Engine.Tests.Conformance;

/// <summary>Diagrams that need implicit starts and event sub-processes.</summary>
public sealed partial class ExecutionConformanceTests
{
    // ---- implicit start (BPMN 2.0 §10.5.2: no start event, every node without incoming flows starts) ----------

    [Fact]
    [Diagram("simple-task.bpmn")]
    public void Start_ProcessWithoutStartEvent_RunsItsLoneTaskAndDropsTheBoundaryTimer()
    {
        var h = Deploy("simple-task.bpmn");

        var instance = h.Engine.Start("simpleTaskProcess");

        // The task is the only node without incoming flows (its boundary event is entered with it, not on its own);
        // a plain task completes at once, so the PT0.01S boundary timer is subscribed and removed in one step.
        AssertCompleted(instance, "task");
        Assert.Null(h.Engine.NextTimerDueAt());
    }

    [Fact]
    [Diagram("swimlanes.bpmn")]
    public void RunToEnd_UserTasksInLanesThenSubProcessWithoutStartEvent_StartsTheManualTaskImplicitly()
    {
        var h = Deploy("swimlanes.bpmn");
        var instance = h.Engine.Start("Process_1");
        Assert.Equal(WaitKind.UserTask, h.Wait(instance, "fillform").Kind);

        h.Complete(instance, "fillform");
        h.Complete(instance, "approveform");

        // Lanes are documentation; the sub-process has no start event, so its manual task starts implicitly.
        AssertCompleted(instance, "StartEvent_1", "fillform", "approveform", "sub", "subtask", "Event_06ou83i");
    }
}
