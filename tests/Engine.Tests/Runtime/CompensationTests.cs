using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

/// <summary>Compensation: an activity with a compensation boundary event installs its handler in its scope when it
/// completes; a compensation throw event of that scope runs the installed handlers, last completed first.</summary>
public sealed class CompensationTests
{
    /// <summary>A task with a compensation boundary event associated with its handler.</summary>
    private static string Compensable(string task, string handler, string handlerXml) => $"""
        <bpmn:task id="{task}"/>
        <bpmn:boundaryEvent id="{task}Comp" attachedToRef="{task}"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
        {handlerXml}
        <bpmn:association id="{task}Assoc" associationDirection="One" sourceRef="{task}Comp" targetRef="{handler}"/>
        """;

    private static string Handler(string id) =>
        UserTask(id, extra: """isForCompensation="true" """);

    private static string Throw(string id, string attributes = "", bool end = false) =>
        $"""<bpmn:{(end ? "endEvent" : "intermediateThrowEvent")} id="{id}"><bpmn:compensateEventDefinition {attributes}/></bpmn:{(end ? "endEvent" : "intermediateThrowEvent")}>""";

    [Fact]
    public void Complete_CompensationEndEvent_RunsHandlersLastCompletedFirstAndWaitsForThem()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {Compensable("Book", "CancelBooking", Handler("CancelBooking"))}
            {Compensable("Charge", "Refund", Handler("Refund"))}
            {UserTask("Confirm")}
            {Throw("Undo", end: true)}
            {Chain("S", "Book", "Charge", "Confirm", "Undo")}
            """);
        Assert.Equal([WaitKind.Compensation, WaitKind.Compensation],
            instance.Waits.Where(w => w.Kind != WaitKind.UserTask).Select(w => w.Kind));

        h.Complete(instance, "Confirm");

        Assert.Equal(["S", "Book", "Charge", "Confirm", "Undo", "Refund", "CancelBooking"], instance.Trace);
        Assert.Equal(["CancelBooking", "Refund"], instance.UserTasks.Select(t => t.NodeId).Order());
        h.Complete(instance, "Refund");
        Assert.Equal(InstanceState.Running, instance.State);
        h.Complete(instance, "CancelBooking");
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ThrowNamingOneActivityWithoutWaiting_CompensatesOnlyItAndOnlyOnce()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {Compensable("Book", "CancelBooking", """<bpmn:task id="CancelBooking" isForCompensation="true"/>""")}
            {Compensable("Charge", "Refund", """<bpmn:task id="Refund" isForCompensation="true"/>""")}
            {Throw("UndoCharge", """activityRef="Charge" waitForCompletion="false" """)}
            {Throw("UndoChargeAgain", """activityRef="Charge" """)}
            {UserTask("Review")}
            {Chain("S", "Book", "Charge", "UndoCharge", "UndoChargeAgain", "Review")}
            """);

        // Refund runs beside the token, which goes on at once; the second throw finds nothing left to compensate.
        Assert.Equal(["S", "Book", "Charge", "UndoCharge", "Refund", "UndoChargeAgain", "Review"], instance.Trace);
        Assert.Equal("Book", Assert.Single(instance.Waits, w => w.Kind == WaitKind.Compensation).NodeId);
        h.Complete(instance, "Review");
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ThrowInsideSubProcess_CompensatesOnlyWhatCompletedInThatSubProcess()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {Compensable("Outside", "UndoOutside", """<bpmn:task id="UndoOutside" isForCompensation="true"/>""")}
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubS"/>
              {Compensable("Inside", "UndoInside", """<bpmn:task id="UndoInside" isForCompensation="true"/>""")}
              {Throw("SubUndo", end: true)}
              {Chain("SubS", "Inside", "SubUndo")}
            </bpmn:subProcess>
            {UserTask("After")}
            {Chain("S", "Outside", "Sub", "After")}
            """);

        Assert.Equal(["S", "Outside", "Sub", "SubS", "Inside", "SubUndo", "UndoInside", "After"], instance.Trace);
        Assert.Equal("Outside", Assert.Single(instance.Waits, w => w.Kind == WaitKind.Compensation).NodeId);
    }

    [Fact]
    public void FireDueTimers_InterruptedActivity_InstallsNoCompensation()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Review")}
            <bpmn:boundaryEvent id="ReviewComp" attachedToRef="Review"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
            <bpmn:task id="UndoReview" isForCompensation="true"/>
            <bpmn:association id="a1" sourceRef="ReviewComp" targetRef="UndoReview"/>
            <bpmn:boundaryEvent id="Late" attachedToRef="Review">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            {Throw("Undo", end: true)}
            <bpmn:endEvent id="E"/>
            {Chain("S", "Review", "E")}{Flow("Late", "Undo")}
            """);

        h.Clock.Advance(TimeSpan.FromHours(1));
        h.Engine.FireDueTimers();

        // Only a completed activity can be compensated; the interrupted review installed nothing.
        Assert.Equal(["S", "Review", "Late", "Undo"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Complete_InstalledCompensation_IsNotCompletable()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {Compensable("Book", "CancelBooking", """<bpmn:task id="CancelBooking" isForCompensation="true"/>""")}
            {UserTask("Review")}
            {Chain("S", "Book", "Review")}
            """);
        var installed = Assert.Single(instance.Waits, w => w.Kind == WaitKind.Compensation);

        var ex = Assert.Throws<EngineException>(() => h.Engine.Complete(instance, installed.Id));

        Assert.Equal("WAIT_NOT_COMPLETABLE", ex.Code);
    }

    [Fact]
    public void Start_TransactionWithoutCancelEvents_RunsAsAnEmbeddedSubProcessAndErrorBoundaryCatches()
    {
        var h = new EngineHarness(new Dictionary<string, ServiceTaskHandler>
        {
            ["pay"] = _ => throw new BpmnError("DECLINED"),
        });

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:transaction id="Tx">
              <bpmn:startEvent id="TxS"/>
              <bpmn:task id="Reserve"/>
              <bpmn:serviceTask id="Pay" ot:action="pay"/>
              <bpmn:endEvent id="TxE"/>
              {Chain("TxS", "Reserve", "Pay", "TxE")}
            </bpmn:transaction>
            <bpmn:boundaryEvent id="Declined" attachedToRef="Tx"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="DeclinedEnd"/>
            {Chain("S", "Tx", "E")}{Flow("Declined", "DeclinedEnd")}
            """);

        Assert.Equal(["S", "Tx", "TxS", "Reserve", "Pay", "Declined", "DeclinedEnd"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }
}
