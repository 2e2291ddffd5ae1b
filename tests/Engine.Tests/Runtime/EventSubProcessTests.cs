using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

/// <summary>Event sub-processes: subscribed while their scope runs, an interrupting one replaces the scope's other
/// tokens, a non-interrupting one runs beside them; errors are caught by the innermost scope's error start event.
/// </summary>
public sealed class EventSubProcessTests
{
    private const string Declarations = """
        <bpmn:message id="Msg_Withdraw" name="撤回申请"/><bpmn:message id="Msg_Remind" name="补充说明"/>
        <bpmn:signal id="Sig_Stop" name="暂停办理"/>
        <bpmn:error id="Err_Reject" errorCode="REJECT"/><bpmn:error id="Err_Other" errorCode="OTHER"/>
        """;

    private static string EventSubProcess(string id, string trigger, bool interrupting = true, string body = "") => $"""
        <bpmn:subProcess id="{id}" triggeredByEvent="true">
          <bpmn:startEvent id="{id}Start" isInterrupting="{(interrupting ? "true" : "false")}">{trigger}</bpmn:startEvent>
          {(body.Length == 0 ? $"<bpmn:task id=\"{id}Task\"/>" : body)}
          <bpmn:endEvent id="{id}End"/>
          {Chain($"{id}Start", $"{id}Task", $"{id}End")}
        </bpmn:subProcess>
        """;

    private static string Message(string messageRef) => $"""<bpmn:messageEventDefinition messageRef="{messageRef}"/>""";

    private static string Error(string? errorRef = null) =>
        errorRef is null ? "<bpmn:errorEventDefinition/>" : $"""<bpmn:errorEventDefinition errorRef="{errorRef}"/>""";

    private static string Timer(string kind, string value) =>
        $"<bpmn:timerEventDefinition><bpmn:{kind}>{value}</bpmn:{kind}></bpmn:timerEventDefinition>";

    private static EngineHarness Rejecting() => new(new Dictionary<string, ServiceTaskHandler>
    {
        ["check"] = _ => throw new BpmnError("REJECT"),
    });

    [Fact]
    public void Start_HandlerThrowsErrorCaughtByProcessEventSubProcess_InterruptsTheOtherBranchAndCompletes()
    {
        var h = Rejecting();

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            {UserTask("Review")}
            <bpmn:serviceTask id="Check" ot:action="check"/>
            <bpmn:endEvent id="E1"/><bpmn:endEvent id="E2"/>
            {Flow("S", "Fork")}{Flow("Fork", "Review")}{Flow("Fork", "Check")}{Flow("Review", "E1")}{Flow("Check", "E2")}
            {EventSubProcess("OnReject", Error("Err_Reject"))}
            """, declarations: Declarations);

        Assert.Equal(["S", "Fork", "Review", "Check", "OnReject", "OnRejectStart", "OnRejectTask", "OnRejectEnd"],
            instance.Trace);
        Assert.Equal("REJECT", instance.Variables["errorCode"]);
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ErrorInsideSubProcess_InnerEventSubProcessCatchesBeforeTheBoundaryAndTheSubProcessLeavesNormally()
    {
        var h = Rejecting();

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubS"/>
              <bpmn:serviceTask id="Check" ot:action="check"/>
              <bpmn:endEvent id="SubE"/>
              {Chain("SubS", "Check", "SubE")}
              {EventSubProcess("OnReject", Error())}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="Failed" attachedToRef="Sub">{Error()}</bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="FailedEnd"/>
            {Chain("S", "Sub", "E")}{Flow("Failed", "FailedEnd")}
            """, declarations: Declarations);

        Assert.Equal(["S", "Sub", "SubS", "Check", "OnReject", "OnRejectStart", "OnRejectTask", "OnRejectEnd", "E"],
            instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ErrorCodeTheInnerEventSubProcessDoesNotCatch_PropagatesToTheBoundaryOfTheSubProcess()
    {
        var h = Rejecting();

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubS"/>
              <bpmn:serviceTask id="Check" ot:action="check"/>
              <bpmn:endEvent id="SubE"/>
              {Chain("SubS", "Check", "SubE")}
              {EventSubProcess("OnOther", Error("Err_Other"))}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="Failed" attachedToRef="Sub">{Error("Err_Reject")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="FailedEnd"/>
            {Chain("S", "Sub", "E")}{Flow("Failed", "FailedEnd")}
            """, declarations: Declarations);

        Assert.Equal(["S", "Sub", "SubS", "Check", "Failed", "FailedEnd"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ErrorThrownInsideAnErrorEventSubProcess_SkipsItsOwnScopeAndBecomesAnIncident()
    {
        var h = Rejecting();

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:serviceTask id="Check" ot:action="check"/>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Check", "E")}
            <bpmn:subProcess id="OnReject" triggeredByEvent="true">
              <bpmn:startEvent id="OnRejectStart">{Error()}</bpmn:startEvent>
              <bpmn:endEvent id="Again">{Error("Err_Reject")}</bpmn:endEvent>
              {Flow("OnRejectStart", "Again")}
            </bpmn:subProcess>
            """, declarations: Declarations);

        // Were the process's own catch-all to catch the error its event sub-process throws, it would loop for ever.
        Assert.Equal(["S", "Check", "OnReject", "OnRejectStart", "Again"], instance.Trace);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal(("Again", "UNHANDLED_ERROR"), (incident.NodeId, incident.IncidentCode));
    }

    [Fact]
    public void CorrelateMessage_InterruptingMessageEventSubProcess_CancelsTheTaskAndItsSubscriptionEnds()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>{UserTask("Review")}<bpmn:endEvent id="E"/>
            {Chain("S", "Review", "E")}
            {EventSubProcess("OnWithdraw", Message("Msg_Withdraw"))}
            """, declarations: Declarations);
        Assert.Equal([WaitKind.UserTask, WaitKind.Message], instance.Waits.Select(w => w.Kind).Order());

        var received = h.Engine.CorrelateMessage("撤回申请", variables: EngineHarness.Vars(("reason", "材料有误")));

        Assert.Same(instance, received);
        Assert.Equal(["S", "Review", "OnWithdraw", "OnWithdrawStart", "OnWithdrawTask", "OnWithdrawEnd"], instance.Trace);
        Assert.Equal("材料有误", instance.Variables["reason"]);
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Null(h.Engine.CorrelateMessage("撤回申请"));
    }

    [Fact]
    public void CorrelateMessage_NonInterruptingEventSubProcess_RunsEachTimeBesideTheTaskWhichStillDecidesTheEnd()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>{UserTask("Review")}<bpmn:endEvent id="E"/>
            {Chain("S", "Review", "E")}
            {EventSubProcess("OnRemind", Message("Msg_Remind"), interrupting: false, body: UserTask("OnRemindTask"))}
            """, declarations: Declarations);

        h.Engine.CorrelateMessage("补充说明");
        h.Engine.CorrelateMessage("补充说明");
        Assert.Equal(2, instance.UserTasks.Count(t => t.NodeId == "OnRemindTask"));
        h.Complete(instance, "Review");
        Assert.Equal(InstanceState.Running, instance.State);
        foreach (var task in instance.UserTasks.ToList())
        {
            h.Engine.Complete(instance, task.Id);
        }

        Assert.Equal(["S", "Review", "OnRemind", "OnRemindStart", "OnRemindTask", "OnRemind", "OnRemindStart",
            "OnRemindTask", "E", "OnRemindEnd", "OnRemindEnd"], instance.Trace);
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void FireDueTimers_NonInterruptingTimerCycleEventSubProcess_FiresPerRepetitionWhileTheScopeRuns()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>{UserTask("Review")}<bpmn:endEvent id="E"/>
            {Chain("S", "Review", "E")}
            {EventSubProcess("Remind", Timer("timeCycle", "R2/PT1H"), interrupting: false)}
            """);

        for (var i = 0; i < 3; i++)
        {
            h.Clock.Advance(TimeSpan.FromHours(1));
            h.Engine.FireDueTimers();
        }

        Assert.Equal(2, instance.Trace.Count(id => id == "RemindTask"));
        Assert.Null(h.Engine.NextTimerDueAt());
        h.Complete(instance, "Review");
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Complete_SubProcessEndsBeforeItsEventSubProcessTimer_TheTimerSubscriptionEndsWithIt()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubS"/>{UserTask("Review")}<bpmn:endEvent id="SubE"/>
              {Chain("SubS", "Review", "SubE")}
              {EventSubProcess("Overdue", Timer("timeDuration", "P1D"))}
            </bpmn:subProcess>
            {UserTask("Archive")}
            {Chain("S", "Sub", "Archive")}
            """);
        var timer = Assert.Single(instance.Waits, w => w.Kind == WaitKind.Timer);
        Assert.Equal("OverdueStart", timer.NodeId);

        h.Complete(instance, "Review");

        Assert.Equal("Archive", Assert.Single(instance.Waits).NodeId);
        Assert.Null(h.Engine.NextTimerDueAt());
    }

    [Fact]
    public void FireDueTimers_InterruptingTimerEventSubProcessInSubProcess_ReplacesItsContentAndTheSubProcessGoesOn()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubS"/>{UserTask("Review")}<bpmn:endEvent id="SubE"/>
              {Chain("SubS", "Review", "SubE")}
              {EventSubProcess("Overdue", Timer("timeDuration", "P1D"))}
            </bpmn:subProcess>
            {UserTask("Archive")}
            {Chain("S", "Sub", "Archive")}
            """);

        h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, h.Engine.FireDueTimers());

        Assert.Equal(["S", "Sub", "SubS", "Review", "Overdue", "OverdueStart", "OverdueTask", "OverdueEnd", "Archive"],
            instance.Trace);
        Assert.Equal("Archive", Assert.Single(instance.Waits).NodeId);
    }

    [Fact]
    public void Start_SignalEndEventInOneBranch_TriggersTheProcesssSignalEventSubProcessWhichEndsTheOther()
    {
        var h = new EngineHarness();

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            {UserTask("Review")}
            <bpmn:endEvent id="Stop"><bpmn:signalEventDefinition signalRef="Sig_Stop"/></bpmn:endEvent>
            <bpmn:endEvent id="E"/>
            {Flow("S", "Fork")}{Flow("Fork", "Review")}{Flow("Fork", "Stop")}{Flow("Review", "E")}
            {EventSubProcess("OnStop", """<bpmn:signalEventDefinition signalRef="Sig_Stop"/>""")}
            """, declarations: Declarations);

        Assert.Equal(["S", "Fork", "Review", "Stop", "OnStop", "OnStopStart", "OnStopTask", "OnStopEnd"], instance.Trace);
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_TimerEventSubProcessWhoseDurationCannotBeComputed_IncidentAtTheInstanceThenRetried()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>{UserTask("Review")}<bpmn:endEvent id="E"/>
            {Chain("S", "Review", "E")}
            {EventSubProcess("Overdue", Timer("timeDuration", "=limit"), interrupting: false)}
            """);
        var incident = Assert.Single(instance.Waits);
        Assert.Equal((WaitKind.Incident, "S"), (incident.Kind, incident.NodeId));
        Assert.Empty(instance.Trace);

        h.Engine.Complete(instance, incident.Id, EngineHarness.Vars(("limit", TimeSpan.FromHours(2))));

        Assert.Equal(["S", "Review"], instance.Trace);
        Assert.Equal(h.Clock.GetUtcNow().AddHours(2), h.Wait(instance, "OverdueStart").DueAt);
    }

    [Fact]
    public void ThrowError_ExternalJobReportsBpmnError_CaughtByTheBoundaryErrorEvent()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:serviceTask id="Verify"/>
            <bpmn:boundaryEvent id="Rejected" attachedToRef="Verify">{Error("Err_Reject")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="RejectedEnd"/>
            {Chain("S", "Verify", "E")}{Flow("Rejected", "RejectedEnd")}
            """, declarations: Declarations);

        h.Engine.ThrowError(instance, h.Wait(instance, "Verify").Id, "REJECT", EngineHarness.Vars(("why", "证照过期")));

        Assert.Equal(["S", "Verify", "Rejected", "RejectedEnd"], instance.Trace);
        Assert.Equal("证照过期", instance.Variables["why"]);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void ThrowError_UncaughtOrNotAJob_IncidentAtTheTaskOrWaitNotAJob()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/><bpmn:serviceTask id="Verify"/>{UserTask("Review")}<bpmn:endEvent id="E"/>
            {Chain("S", "Verify", "Review", "E")}
            """);

        h.Engine.ThrowError(instance, h.Wait(instance, "Verify").Id, "REJECT");
        var incident = Assert.Single(instance.Incidents);
        h.Engine.Complete(instance, incident.Id);
        h.Complete(instance, "Verify");
        var ex = Assert.Throws<EngineException>(
            () => h.Engine.ThrowError(instance, h.Wait(instance, "Review").Id, "REJECT"));

        Assert.Equal(("Verify", "UNHANDLED_ERROR"), (incident.NodeId, incident.IncidentCode));
        Assert.Equal("WAIT_NOT_A_JOB", ex.Code);
        Assert.Equal(["S", "Verify", "Verify", "Review"], instance.Trace);
    }
}
