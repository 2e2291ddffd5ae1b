using OneThing.Engine.Tests.Bpmn;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.Conformance.BpmnElementsDiagrams;

namespace OneThing.Engine.Tests.Conformance;

/// <summary>bpmn-elements' diagrams that lie within our executable subset, run to the end. Expected traces are read
/// off the diagrams (and bpmn-elements' feature tests where they exist): every element entered is recorded once per
/// entry, a join once when it fires, a boundary event when it fires; split branches are entered in the document
/// order of their flows, breadth-first.</summary>
public sealed partial class ExecutionConformanceTests
{
    private static void AssertCompleted(ProcessInstance instance, params string[] trace)
    {
        Assert.Equal(trace, instance.Trace);
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    /// <summary>Tokens parked at a join that cannot fire: nothing to wait for, nothing failed, still running.</summary>
    private static void AssertDeadlocked(ProcessInstance instance, params string[] trace)
    {
        Assert.Equal(trace, instance.Trace);
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Running, instance.State);
    }

    // ---- plain tasks, artifacts, collaborations --------------------------------------------------------------

    [ConformanceFact]
    [Diagram("data-store-reference.bpmn")]
    public void Start_TaskWithDataStoreAndDataObjectAssociations_RunsThroughAndIgnoresTheData()
    {
        var h = Deploy("data-store-reference.bpmn");

        var instance = h.Engine.Start("Process_1");

        AssertCompleted(instance, "StartEvent_1", "Task_1tsro36", "EndEvent_1x3m70n");
    }

    [ConformanceFact]
    [Diagram("engine-issue-139.bpmn")]
    public void Start_TaskReadingADataObject_RunsThrough()
    {
        var h = Deploy("engine-issue-139.bpmn");

        var instance = h.Engine.Start("Process_1");

        AssertCompleted(instance, "Event_071j3c6", "Activity_0ksziuo", "Event_08mzzqt");
    }

    [ConformanceFact]
    [Diagram("groups.bpmn")]
    public void Start_TasksInsideAGroup_RunsThrough()
    {
        var h = Deploy("groups.bpmn");

        var instance = h.Engine.Start("Process_1h1e3i5");

        AssertCompleted(instance, "StartEvent_1", "Activity_1kgsmgl", "Activity_1v17yu5", "Event_09abgyv");
    }

    [ConformanceFact]
    [Diagram("messageflow-target-process.bpmn")]
    public void Start_NoneThrowEventWithMessageFlowToAParticipant_PassesThroughTheThrowEvent()
    {
        var h = Deploy("messageflow-target-process.bpmn");

        var instance = h.Engine.Start("Process_1");

        AssertCompleted(instance, "start1", "Event_02mf8yt", "Event_0j4p7z5");
        // The message flow's target is a non-executable participant: drawn, never deployed.
        Assert.Null(h.Engine.FindLatestProcess("Process_2"));
    }

    [ConformanceFact]
    [Diagram("process-message.bpmn")]
    public void Start_LoneStartEvent_CompletesAtOnce()
    {
        var h = Deploy("process-message.bpmn");

        var instance = h.Engine.Start("Process_04bq668");

        // A start event without outgoing flows is an implicit end.
        AssertCompleted(instance, "StartEvent_1");
        Assert.Null(h.Engine.FindLatestProcess("Process_061u6uo"));
    }

    [ConformanceFact]
    [Diagram("two-executable-processes.bpmn")]
    public void Start_EitherOfTwoExecutableProcesses_RunsOnlyThatOne()
    {
        var h = Deploy("two-executable-processes.bpmn");

        var first = h.Engine.Start("Process_1");
        var second = h.Engine.Start("Process_2");

        AssertCompleted(first, "StartEvent_1", "Task_1", "EndEvent_1");
        AssertCompleted(second, "StartEvent_2", "Task_2", "EndEvent_2");
    }

    // ---- service, send and user tasks, I/O ------------------------------------------------------------------

    [ConformanceFact]
    [Diagram("issue-4.bpmn")]
    public void Complete_ServiceTaskWithEmptyCamundaParameters_MapsThemToNull()
    {
        var h = Deploy("issue-4.bpmn");
        var instance = h.Engine.Start("Send_Mail_Process");
        var job = h.Wait(instance, "sendEmail_1");
        Assert.Equal(WaitKind.ServiceTask, job.Kind);

        h.Engine.Complete(instance, job.Id, EngineHarness.Vars(("messageId", "m-1")));

        AssertCompleted(instance, "startEvent", "sendEmail_1", "anotherTasks", "endEvent");
        // An empty camunda:outputParameter means null, and declared outputs are all that leave the task.
        Assert.True(instance.Variables.TryGetValue("messageId", out var messageId));
        Assert.Null(messageId);
        Assert.False(instance.Variables.ContainsKey("emailAddress"));
    }

    [ConformanceFact]
    [Diagram("service-task.bpmn")]
    public void Complete_ServiceTaskBeforeItsTimeout_EndsNormally()
    {
        var h = Deploy("service-task.bpmn");
        var instance = h.Engine.Start("serviceTaskProcess");
        var timeout = h.Wait(instance, "timerEvent");
        Assert.Equal(h.Clock.GetUtcNow().AddMilliseconds(50), timeout.DueAt);

        h.Complete(instance, "serviceTask");

        AssertCompleted(instance, "start", "serviceTask", "end");
        Assert.Null(h.Engine.NextTimerDueAt());
    }

    [ConformanceFact]
    [Diagram("service-task.bpmn")]
    public void FireDueTimers_ServiceTaskTimesOut_CancelsTheJobAndTakesTheTimeoutPath()
    {
        var h = Deploy("service-task.bpmn");
        var instance = h.Engine.Start("serviceTaskProcess");

        h.Clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, h.Engine.FireDueTimers());

        AssertCompleted(instance, "start", "serviceTask", "timerEvent", "timeoutEnd");
    }

    [ConformanceFact]
    [Diagram("messaging.bpmn")]
    public void RunToEnd_UserTaskThenSendTask_SendTaskOutputsOverwriteTheUserTasks()
    {
        var h = Deploy("messaging.bpmn");
        var instance = h.Engine.Start("main-process", Environment(("user", "pinger"), ("to", "ponger")));
        Assert.Equal(WaitKind.UserTask, h.Wait(instance, "prepareMessage").Kind);

        h.RunToEnd(instance);

        AssertCompleted(instance, "StartEvent_1", "prepareMessage", "ping", "EndEvent_1099nj2");
        // prepareMessage maps "to" to null (empty parameter); ping then maps both from environment.variables.
        Assert.Equal("pinger", instance.Variables["from"]);
        Assert.Equal("ponger", instance.Variables["to"]);
        // The receiving participant is not executable: the message flow is documentation only.
        Assert.Null(h.Engine.FindLatestProcess("participant-process"));
    }

    [ConformanceFact]
    [Diagram("forms.bpmn")]
    public void Complete_UserTaskWithInputFromEnvironment_SeesTheInputAndMapsOnlyItsOutput()
    {
        var h = Deploy("forms.bpmn");
        var instance = h.Engine.Start("formProcess", Environment(("suggestedStartDate", "1993-06-26")));
        var task = h.Wait(instance, "userTask");
        Assert.Equal("1993-06-26", task.Execution.LocalVariables?["defaultStartDate"]);

        h.Engine.Complete(instance, task.Id, EngineHarness.Vars(("startDate", "1993-06-27")));

        AssertCompleted(instance, "start", "userTask", "end");
        // <camunda:outputParameter name="startDate"/> is empty, i.e. null; the input stays local to the task.
        Assert.True(instance.Variables.TryGetValue("startDate", out var startDate));
        Assert.Null(startDate);
        Assert.False(instance.Variables.ContainsKey("defaultStartDate"));
    }

    // ---- gateways -------------------------------------------------------------------------------------------

    [ConformanceFact]
    [Diagram("engine-issue-73_2.bpmn")]
    public void Complete_UserTaskLoopingBackThroughTwoConditionalFlows_IsEnteredThrice()
    {
        var h = Deploy("engine-issue-73_2.bpmn");
        var instance = h.Engine.Start("Process_0");

        // bpmn-elements records a user task's submitted data as environment.output.<task id>, which the loop-back
        // conditions read. Submitting a variable of that shape reproduces its feature test: first round
        // isIterationOne (back to the user task), second isIterationTwo (via "task"), third neither (default: end).
        h.Complete(instance, "usertask", Output(("isIterationOne", true)));
        h.Complete(instance, "usertask", Output(("isIterationTwo", true)));
        h.Complete(instance, "usertask", Output());

        AssertCompleted(instance,
            "start", "usertask", "decision", "usertask", "decision", "task", "usertask", "decision", "end");

        static Dictionary<string, object?> Output(params (string Name, object? Value)[] submitted) =>
            new(StringComparer.Ordinal)
            {
                ["environment"] = Context(("output", Context(("usertask", Context(submitted))))),
            };
    }

    [ConformanceFact]
    [Diagram("multiple-multiple-inbound.bpmn")]
    public void Start_TwoExclusiveGatewaysWithLoopBacks_TakesTheConditionedFlowsStraightToTheEnd()
    {
        var h = Deploy("multiple-multiple-inbound.bpmn");

        // Our output mappings write process variables, not entries of "environment", so the flags the flows read
        // (environment.variables.tookConditionN) are supplied together with the ones the task maps
        // (environment.variables.conditionN). With both false the default flows would loop back to the task
        // without ever waiting, which the engine parks as a STEP_LIMIT incident rather than spin.
        var instance = h.Engine.Start("Process_1", Environment(
            ("condition1", true), ("condition2", true), ("tookCondition1", true), ("tookCondition2", true)));

        AssertCompleted(instance, "StartEvent_1", "task", "decision-1", "decision-2", "end");
        Assert.Equal(true, instance.Variables["tookCondition1"]);
        Assert.Equal(true, instance.Variables["tookCondition2"]);
    }

    // ---- timers ---------------------------------------------------------------------------------------------

    [ConformanceFact]
    [Diagram("timer-event.bpmn")]
    public void FireDueTimers_IntermediateDurationTimer_ContinuesAfterTheDuration()
    {
        var h = Deploy("timer-event.bpmn");
        var instance = h.Engine.Start("timerProcess");
        var timer = h.Wait(instance, "duration");
        Assert.Equal(WaitKind.Timer, timer.Kind);
        Assert.Equal(["start", "task1", "duration"], instance.Trace);

        h.Clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(0, h.Engine.FireDueTimers());
        h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, h.Engine.FireDueTimers());

        AssertCompleted(instance, "start", "task1", "duration", "task2", "end");
    }

    [ConformanceFact]
    [Diagram("boundary-non-interupting-timer.bpmn")]
    public void FireDueTimers_NonInterruptingBoundaryTimerThenTaskCompleted_JoinsBothTokens()
    {
        var h = Deploy("boundary-non-interupting-timer.bpmn");
        var instance = h.Engine.Start("Process_1");

        // The timer must fire while the task waits: completing the task first removes the subscription, and the
        // join would wait for the boundary token for ever.
        h.Clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, h.Engine.FireDueTimers());
        Assert.Equal(WaitKind.UserTask, Assert.Single(instance.Waits).Kind);
        Assert.Equal(["StartEvent_1", "userTask", "boundaryEvent"], instance.Trace);

        h.Complete(instance, "userTask");

        AssertCompleted(instance, "StartEvent_1", "userTask", "boundaryEvent", "join", "EndEvent_04z4jtj");
    }

    [ConformanceFact]
    [Diagram("timers.bpmn")]
    public void Start_AtTimeCycleStartEventWithDates_PassesManualTaskDateTimerAndUserTaskWithDueDate()
    {
        var h = Deploy("timers.bpmn");
        var deployedAt = h.Clock.GetUtcNow();
        // Deploying schedules the R3/PT10H start cycle.
        Assert.Equal(deployedAt.AddHours(10), h.Engine.NextTimerDueAt());

        // The catch date and the due date come from environment.variables, and a timer-started instance has no
        // variables, so this instance is started by hand at the cycle's start event with them (as bpmn-elements'
        // feature test gives them to its definition).
        var catchAt = deployedAt.AddHours(1);
        var dueAt = deployedAt.AddDays(3);
        var instance = h.Engine.Start("Process_0cn5rdh",
            Environment(("catchDate", catchAt.ToString("O")), ("dueDate", dueAt.ToString("O"))), "start-cycle");

        // The manual task needs no engine, so its non-interrupting PT1M boundary timer is gone at once.
        var timer = h.Wait(instance, "catch-date");
        Assert.Equal(catchAt, timer.DueAt);
        Assert.Equal(["start-cycle", "task", "catch-date"], instance.Trace);

        h.Clock.Set(catchAt);
        Assert.Equal(1, h.Engine.FireDueTimers());
        var task = h.Wait(instance, "user-due");
        Assert.Equal(dueAt, task.TaskDueAt);
        h.Engine.Complete(instance, task.Id);

        AssertCompleted(instance, "start-cycle", "task", "catch-date", "user-due", "end");
    }

    [ConformanceFact]
    [Diagram("timers.bpmn")]
    public void FireDueTimers_TimeCycleR3_StartsExactlyThreeInstancesTenHoursApart()
    {
        var h = Deploy("timers.bpmn");
        var deployedAt = h.Clock.GetUtcNow();

        for (var hours = 10; h.Engine.NextTimerDueAt() is { } due; hours += 10)
        {
            Assert.Equal(deployedAt.AddHours(hours), due);
            h.Clock.Set(due);
            Assert.Equal(1, h.Engine.FireDueTimers());
        }

        var started = h.Engine.Instances.Where(i => i.ProcessId == "Process_0cn5rdh").ToList();
        Assert.Equal(3, started.Count);
        Assert.All(started, instance =>
        {
            // Without environment.variables.catchDate the date timer has no value: the token stops at an incident
            // on catch-date (where an operator would supply the date and retry) instead of being lost.
            Assert.Equal(["start-cycle", "task", "catch-date"], instance.Trace);
            Assert.Equal("catch-date", Assert.Single(instance.Incidents).NodeId);
        });
    }

    // ---- within the subset, but deadlocked by BPMN semantics ------------------------------------------------

    [ConformanceFact]
    [Diagram("parallel-join-edgecase.bpmn", DiagramOutcome.Deadlocks)]
    public void Start_ExclusiveChoiceFeedingAParallelJoin_ParksAtTheJoin()
    {
        var h = Deploy("parallel-join-edgecase.bpmn");

        var instance = h.Engine.Start("Process_08w6lcm");

        // "decision" takes toTask1 (the first true flow), so nothing ever arrives on toJoin2 (its default flow):
        // the parallel join waits for it for ever. bpmn-elements completes only by propagating the discarded flows.
        AssertDeadlocked(instance, "start", "decision", "task");
    }

    [ConformanceFact]
    [Diagram("boundary-timeout.bpmn", DiagramOutcome.Deadlocks)]
    public void Complete_TaskWithInterruptingTimerBothFeedingAParallelJoin_ParksAtTheJoin()
    {
        var h = Deploy("boundary-timeout.bpmn");
        var instance = h.Engine.Start("timerProcess");

        h.Complete(instance, "userTask");

        // The task and its interrupting timer are alternatives, yet both flows lead into one parallel join.
        AssertDeadlocked(instance, "start", "userTask");
    }

    [ConformanceFact]
    [Diagram("boundary-timeout.bpmn", DiagramOutcome.Deadlocks)]
    public void FireDueTimers_InterruptingTimerFeedingAParallelJoin_ParksAtTheJoin()
    {
        var h = Deploy("boundary-timeout.bpmn");
        var instance = h.Engine.Start("timerProcess");

        h.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, h.Engine.FireDueTimers());

        AssertDeadlocked(instance, "start", "userTask", "boundTimeoutEvent");
    }

    [ConformanceFact]
    [Diagram("succeeding-joins.bpmn", DiagramOutcome.Deadlocks)]
    public void Start_SucceedingParallelJoinsFedByExclusiveChoices_FirstJoinFiresSecondParks()
    {
        var h = Deploy("succeeding-joins.bpmn");

        // join1 needs decision1's conditioned flow and decision2's default; join2 needs decision1's default, so it
        // can never fire, whatever the variables. With takeJoin1 true (and variables.takeJoin2 absent, so false)
        // join1 fires and its token parks at join2.
        var instance = h.Engine.Start("succeedingJoinProcess", Environment(("takeJoin1", true)));

        AssertDeadlocked(instance, "start", "fork", "decision1", "decision2", "join1");
    }
}
