using OneThing.Engine.Tests.Bpmn;
using OneThing.Engine.Runtime;
using static OneThing.Engine.Tests.Conformance.BpmnElementsDiagrams;

namespace OneThing.Engine.Tests.Conformance;

/// <summary>Diagrams that need implicit starts and event sub-processes.</summary>
public sealed partial class ExecutionConformanceTests
{
    // ---- implicit start (BPMN 2.0 §10.5.2: no start event, every node without incoming flows starts) ----------

    [ConformanceFact]
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

    [ConformanceFact]
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

    // ---- event sub-processes (BPMN 2.0 "Event Sub-Process"): the engine-issue-180 family---------------------------------

    // bpmn-elements runs these with services that fail, so both tasks error and the catching event sub-process is
    // "taken twice". By BPMN an interrupting event sub-process cancels everything else in its scope, so the second
    // task never gets to fail: here a worker reports a BPMN error for the first job, and the event sub-process runs
    // once, replacing the rest of the process.

    [ConformanceFact]
    [Diagram("engine-issue-180.bpmn")]
    public void ThrowError_ErrorEndEventAfterBoundaryCatch_CaughtByTheErrorEventSubProcessWhichEndsTheProcess()
    {
        var h = Deploy("engine-issue-180.bpmn");
        var instance = h.Engine.Start("process-on-error");

        h.Engine.ThrowError(instance, h.Wait(instance, "Activity_1").Id, "SERVICE_FAILED");

        // catch-error-1 catches any error; end-error-1 throws Error_1 (errorRef Error_08wp1kf, no errorCode), which
        // the error start event of on-error catches, cancelling Activity_2's job.
        AssertCompleted(instance, "start", "fork", "Activity_1", "Activity_2", "catch-error-1", "end-error-1",
            "on-error", "start-on-error", "on-error-task", "on-error-end");
        Assert.Equal("Error_08wp1kf", instance.Variables["errorCode"]);
    }

    [ConformanceFact]
    [Diagram("engine-issue-180.bpmn")]
    public void Complete_BothServiceTasksSucceed_JoinAndEndWithoutTheEventSubProcess()
    {
        var h = Deploy("engine-issue-180.bpmn");
        var instance = h.Engine.Start("process-on-error");

        h.Complete(instance, "Activity_2");
        h.Complete(instance, "Activity_1");

        AssertCompleted(instance, "start", "fork", "Activity_1", "Activity_2", "join", "end");
    }

    [ConformanceFact]
    [Diagram("engine-issue-180-message.bpmn")]
    public void CorrelateMessage_AfterMessageEndEvent_MessageEventSubProcessInterruptsTheRemainingTask()
    {
        var h = Deploy("engine-issue-180-message.bpmn");
        var instance = h.Engine.Start("process-on-message");
        h.Engine.ThrowError(instance, h.Wait(instance, "Activity_1").Id, "SERVICE_FAILED");
        // The message end event addresses another participant; no message flow leads back into this process, so
        // the engine sends nothing to it. Its subscription (on-message's start, Message_1) waits beside Activity_2.
        Assert.Equal([WaitKind.ServiceTask, WaitKind.Message], instance.Waits.Select(w => w.Kind).Order());
        Assert.Equal(["start", "fork", "Activity_1", "Activity_2", "catch-error-1", "end-error-1"], instance.Trace);

        Assert.Same(instance, h.Engine.CorrelateMessage("Message_1"));

        AssertCompleted(instance, "start", "fork", "Activity_1", "Activity_2", "catch-error-1", "end-error-1",
            "on-message", "start-on-message", "on-message-task", "on-message-end");
    }

    [ConformanceFact]
    [Diagram("engine-issue-180-signal.bpmn")]
    public void ThrowError_SignalEndEventAfterBoundaryCatch_SignalEventSubProcessOfTheSameInstanceInterrupts()
    {
        var h = Deploy("engine-issue-180-signal.bpmn");
        var instance = h.Engine.Start("process-on-signal");

        h.Engine.ThrowError(instance, h.Wait(instance, "Activity_1").Id, "SERVICE_FAILED");

        // end-error-1 broadcasts Signal_1; the process's own on-signal subscription catches it in the same command.
        AssertCompleted(instance, "start", "fork", "Activity_1", "Activity_2", "catch-error-1", "end-error-1",
            "on-signal", "start-on-signal", "on-signal-task", "on-signal-end");
    }

    // ---- transactions and compensation ----------------------------------------------------------------------------

    [ConformanceFact]
    [Diagram("throw-compensate.bpmn")]
    public void Start_CompensationThrownInsideATransaction_RunsTheCompletedTasksHandlerWithoutWaitingForIt()
    {
        var h = Deploy("throw-compensate.bpmn");

        var instance = h.Engine.Start("Process_02djzv6");

        // "task" completes with its compensation handler installed in the transaction; the intermediate compensation
        // event (no activityRef: everything completed in its scope; waitForCompletion="false") starts the handler
        // and moves on at once, and the transaction completes once both its tokens are done. Without cancel events
        // the transaction runs as an embedded sub-process.
        AssertCompleted(instance, "StartEvent_1", "Activity_02xmc5t", "Event_1ex1141", "task", "Event_119i9hp",
            "compensation", "Event_1szux99", "Event_1ej3c7t");
    }
}
