using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

public class EventTests
{
    private static string Timer(string kind, string value) =>
        $"<bpmn:timerEventDefinition><bpmn:{kind}>{value}</bpmn:{kind}></bpmn:timerEventDefinition>";

    [Fact]
    public void IntermediateTimer_FiresAtDueTimeOnly()
    {
        var h = new EngineHarness();
        var start = h.Clock.GetUtcNow();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="Wait">{Timer("timeDuration", "PT10M")}</bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Wait", "E")}
            """);

        var timer = Assert.Single(instance.Waits);
        Assert.Equal(WaitKind.Timer, timer.Kind);
        Assert.Equal(start.AddMinutes(10), timer.DueAt);
        h.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, h.Engine.FireDueTimers());
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, h.Engine.FireDueTimers());

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "Wait", "E"], instance.Trace);
    }

    [Fact]
    public void IntermediateTimer_FeelDuration_UsesVariables()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="Wait">{Timer("timeDuration", "=duration(\"PT\" + string(hours) + \"H\")")}</bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Wait", "E")}
            """, EngineHarness.Vars(("hours", 3m)));

        Assert.Equal(h.Clock.GetUtcNow().AddHours(3), Assert.Single(instance.Waits).DueAt);
    }

    [Fact]
    public void BoundaryTimer_Interrupting_CancelsTaskAndTakesEscalationPath()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Review")}
            <bpmn:boundaryEvent id="Overdue" attachedToRef="Review">{Timer("timeDuration", "P1D")}</bpmn:boundaryEvent>
            {UserTask("Escalate", "督办组")}
            <bpmn:endEvent id="E"/><bpmn:endEvent id="E2"/>
            {Chain("S", "Review", "E")}{Chain("Overdue", "Escalate", "E2")}
            """);

        h.Clock.Advance(TimeSpan.FromDays(1));
        h.Engine.FireDueTimers();

        Assert.Equal("Escalate", Assert.Single(instance.Waits).NodeId);
        Assert.Equal(["S", "Review", "Overdue", "Escalate"], instance.Trace);
    }

    [Fact]
    public void BoundaryTimer_TaskCompletedFirst_TimerIsRemoved()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Review")}
            <bpmn:boundaryEvent id="Overdue" attachedToRef="Review">{Timer("timeDuration", "P1D")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="E2"/>
            {Chain("S", "Review", "E")}{Flow("Overdue", "E2")}
            """);

        h.Complete(instance, "Review");

        Assert.True(instance.IsEnded);
        Assert.Null(h.Engine.NextTimerDueAt());
    }

    [Fact]
    public void BoundaryTimer_NonInterruptingCycle_RemindsTwiceAndTaskStays()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Review")}
            <bpmn:boundaryEvent id="Remind" attachedToRef="Review" cancelActivity="false">{Timer("timeCycle", "R2/PT1H")}</bpmn:boundaryEvent>
            <bpmn:sendTask id="Urge" ot:action="notify"/>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="UrgeEnd"/>
            {Chain("S", "Review", "E")}{Chain("Remind", "Urge", "UrgeEnd")}
            """);

        for (var i = 0; i < 3; i++)
        {
            h.Clock.Advance(TimeSpan.FromHours(1));
            h.Engine.FireDueTimers();
            foreach (var urge in instance.Waits.Where(w => w.NodeId == "Urge").ToList())
            {
                h.Engine.Complete(instance, urge.Id);
            }
        }

        Assert.Equal(2, instance.Trace.Count(t => t == "Remind"));
        Assert.Equal("Review", Assert.Single(instance.Waits).NodeId);
        h.Complete(instance, "Review");
        Assert.True(instance.IsEnded);
    }

    [Fact]
    public void BoundaryMessage_Interrupting_WithdrawsApplication()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Review")}
            <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Review"><bpmn:messageEventDefinition messageRef="M"/></bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="Cancelled"/>
            {Chain("S", "Review", "E")}{Flow("Withdrawn", "Cancelled")}
            """, declarations: """<bpmn:message id="M" name="撤回申请"/>""");

        h.Engine.CorrelateMessage("撤回申请", variables: EngineHarness.Vars(("reason", "不再需要")));

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "Review", "Withdrawn", "Cancelled"], instance.Trace);
        Assert.Equal("不再需要", instance.Variables["reason"]);
    }

    [Fact]
    public void MessageCatch_CorrelationKey_OnlyMatchingInstanceReceives()
    {
        var h = new EngineHarness();
        const string Declarations = """
            <bpmn:message id="M" name="材料补正">
              <bpmn:extensionElements><zeebe:subscription correlationKey="=caseNo"/></bpmn:extensionElements>
            </bpmn:message>
            """;
        h.Deploy(EngineHarness.Wrap($"""
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="M"/></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Wait", "E")}
            """, declarations: Declarations));
        var first = h.Engine.Start("P", EngineHarness.Vars(("caseNo", "A-1")));
        var second = h.Engine.Start("P", EngineHarness.Vars(("caseNo", "A-2")));

        var received = h.Engine.CorrelateMessage("材料补正", "A-2");

        Assert.Same(second, received);
        Assert.True(second.IsEnded);
        Assert.False(first.IsEnded);
    }

    [Fact]
    public void MessageStart_CorrelateWithoutSubscription_StartsInstance()
    {
        var h = new EngineHarness();
        h.Deploy(EngineHarness.Wrap($"""
            <bpmn:startEvent id="S"><bpmn:messageEventDefinition messageRef="M"/></bpmn:startEvent>
            <bpmn:endEvent id="E"/>{Flow("S", "E")}
            """, declarations: """<bpmn:message id="M" name="在线申请"/>"""));

        var instance = h.Engine.CorrelateMessage("在线申请", variables: EngineHarness.Vars(("applicant", "李四")));

        Assert.NotNull(instance);
        Assert.True(instance.IsEnded);
        Assert.Equal("李四", instance.Variables["applicant"]);
    }

    [Fact]
    public void TimerStart_Cycle_StartsInstancesAtEachDueTime()
    {
        var h = new EngineHarness();
        h.Deploy(EngineHarness.Wrap($"""
            <bpmn:startEvent id="S">{Timer("timeCycle", "R2/PT1H")}</bpmn:startEvent>
            <bpmn:endEvent id="E"/>{Flow("S", "E")}
            """));

        h.Clock.Advance(TimeSpan.FromHours(5));
        var fired = h.Engine.FireDueTimers();

        Assert.Equal(2, fired);
        Assert.Equal(2, h.Engine.Instances.Count);
        Assert.Null(h.Engine.NextTimerDueAt());
    }

    [Fact]
    public void TerminateEnd_TopLevel_CancelsOtherBranches()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            {UserTask("Slow")}
            <bpmn:endEvent id="Kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
            <bpmn:endEvent id="E"/>
            {Flow("S", "Fork")}{Flow("Fork", "Slow")}{Flow("Fork", "Kill")}{Flow("Slow", "E")}
            """);

        Assert.Equal(InstanceState.Terminated, instance.State);
        Assert.Empty(instance.Waits);
    }

    [Fact]
    public void ErrorEnd_InSubProcess_CaughtByBoundaryOnSubProcess()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubS"/>
              <bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err"/></bpmn:endEvent>
              {Flow("SubS", "Fail")}
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="Caught" attachedToRef="Sub"><bpmn:errorEventDefinition errorRef="Err"/></bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="ErrEnd"/>
            {Chain("S", "Sub", "E")}{Flow("Caught", "ErrEnd")}
            """, declarations: """<bpmn:error id="Err" errorCode="MATERIAL_MISSING"/>""");

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "Sub", "SubS", "Fail", "Caught", "ErrEnd"], instance.Trace);
        Assert.Equal("MATERIAL_MISSING", instance.Variables["errorCode"]);
    }

    [Fact]
    public void ServiceHandlerBpmnError_CaughtByCatchAllBoundary()
    {
        var h = new EngineHarness(new Dictionary<string, ServiceTaskHandler>
        {
            ["verify"] = _ => throw new BpmnError("REGISTRY_MISMATCH"),
        });
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:serviceTask id="Verify" ot:action="verify"/>
            <bpmn:boundaryEvent id="Mismatch" attachedToRef="Verify"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/>{UserTask("Manual")}<bpmn:endEvent id="E2"/>
            {Chain("S", "Verify", "E")}{Chain("Mismatch", "Manual", "E2")}
            """);

        Assert.Equal("Manual", Assert.Single(instance.Waits).NodeId);
        Assert.Equal(["S", "Verify", "Mismatch", "Manual"], instance.Trace);
    }

    [Fact]
    public void ErrorEnd_Unhandled_BecomesIncident()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err"/></bpmn:endEvent>
            {Flow("S", "Fail")}
            """, declarations: """<bpmn:error id="Err" errorCode="X"/>""");

        var incident = Assert.Single(instance.Incidents);
        Assert.Equal("UNHANDLED_ERROR", incident.IncidentCode);
        Assert.Equal("Fail", incident.NodeId);
        Assert.False(instance.IsEnded);
    }

    [Fact]
    public void ServiceHandlerFailure_BecomesIncident_RetrySucceeds()
    {
        var calls = 0;
        var h = new EngineHarness(new Dictionary<string, ServiceTaskHandler>
        {
            ["flaky"] = _ => ++calls == 1 ? throw new InvalidOperationException("registry offline") : null,
        });
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/><bpmn:serviceTask id="Call" ot:action="flaky"/><bpmn:endEvent id="E"/>
            {Chain("S", "Call", "E")}
            """);

        var incident = Assert.Single(instance.Incidents);
        Assert.Equal("SERVICE_FAILED", incident.IncidentCode);
        Assert.Contains("registry offline", incident.IncidentMessage, StringComparison.Ordinal);
        h.Engine.Complete(instance, incident.Id);

        Assert.True(instance.IsEnded);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void IntermediateTimer_DurationPastYear9999_BecomesIncident()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="Wait">{Timer("timeDuration", "P9000Y")}</bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Wait", "E")}
            """);

        Assert.Equal("VALUE_OUT_OF_RANGE", Assert.Single(instance.Incidents).IncidentCode);
    }
}
