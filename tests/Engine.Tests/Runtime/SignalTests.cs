using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

/// <summary>Signals are broadcasts: every event waiting for the signal's name fires, in every instance, and every
/// process with a signal start event for it starts, all within the command that throws it.</summary>
public sealed class SignalTests
{
    private const string Signals = """
        <bpmn:signal id="Sig_Price" name="价格更新"/><bpmn:signal id="Sig_Stop" name="停办"/>
        """;

    private static string Signal(string signalRef = "Sig_Price") =>
        $"""<bpmn:signalEventDefinition signalRef="{signalRef}"/>""";

    private static ProcessInstance StartCatcher(EngineHarness h)
    {
        h.Deploy(EngineHarness.Wrap($"""
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="Wait">{Signal()}</bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Wait", "E")}
            """, "Catcher", Signals));
        return h.Engine.Start("Catcher");
    }

    [Fact]
    public void BroadcastSignal_IntermediateCatchEvent_WaitsThenContinuesWithTheSignalsVariables()
    {
        var h = new EngineHarness();
        var instance = StartCatcher(h);
        var wait = Assert.Single(instance.Waits);
        Assert.Equal((WaitKind.Signal, "价格更新"), (wait.Kind, wait.SignalName));

        var triggered = h.Engine.BroadcastSignal("价格更新", EngineHarness.Vars(("price", 12m)));

        Assert.Equal(1, triggered);
        Assert.Equal(["S", "Wait", "E"], instance.Trace);
        Assert.Equal(12m, instance.Variables["price"]);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void BroadcastSignal_SeveralWaitingInstances_ReachesEveryOneAndNoOtherName()
    {
        var h = new EngineHarness();
        var first = StartCatcher(h);
        var second = StartCatcher(h);

        Assert.Equal(0, h.Engine.BroadcastSignal("停办"));
        Assert.Equal(2, h.Engine.BroadcastSignal("价格更新"));

        Assert.True(first.IsEnded);
        Assert.True(second.IsEnded);
        Assert.Equal(0, h.Engine.BroadcastSignal("价格更新"));
    }

    [Fact]
    public void Start_IntermediateThrowEvent_TriggersCatchersInOtherInstancesWithinTheSameCommand()
    {
        var h = new EngineHarness();
        var catcher = StartCatcher(h);

        var thrower = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateThrowEvent id="Announce">{Signal()}</bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Announce", "E")}
            """, declarations: Signals);

        Assert.Equal(["S", "Announce", "E"], thrower.Trace);
        Assert.Equal(["S", "Wait", "E"], catcher.Trace);
        Assert.True(catcher.IsEnded);
    }

    [Fact]
    public void Start_ThrowThenCatchTheSameSignal_TheCatchWaitsForTheNextBroadcast()
    {
        var h = new EngineHarness();

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateThrowEvent id="Throw">{Signal()}</bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="Catch">{Signal()}</bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Throw", "Catch", "E")}
            """, declarations: Signals);

        Assert.Equal(["S", "Throw", "Catch"], instance.Trace);
        Assert.Equal(WaitKind.Signal, Assert.Single(instance.Waits).Kind);
        h.Engine.BroadcastSignal("价格更新");
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ParallelBranchThrowsWhileTheOtherWaits_TheWaitingBranchCatchesIt()
    {
        var h = new EngineHarness();

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            <bpmn:intermediateCatchEvent id="Catch">{Signal()}</bpmn:intermediateCatchEvent>
            <bpmn:task id="Prepare"/>
            <bpmn:endEvent id="Thrown">{Signal()}</bpmn:endEvent>
            <bpmn:endEvent id="E"/>
            {Flow("S", "Fork")}{Flow("Fork", "Catch")}{Flow("Fork", "Prepare")}{Flow("Prepare", "Thrown")}{Flow("Catch", "E")}
            """, declarations: Signals);

        // The catch subscribes before the other branch reaches the signal end event, which then broadcasts.
        Assert.Equal(["S", "Fork", "Catch", "Prepare", "Thrown", "E"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void BroadcastSignal_SignalStartEvent_StartsTheNewestVersionWithTheVariables()
    {
        var h = new EngineHarness();
        h.Deploy(EngineHarness.Wrap($"""
            <bpmn:startEvent id="OnPrice">{Signal()}</bpmn:startEvent>
            {UserTask("Reprice")}
            {Chain("OnPrice", "Reprice")}
            """, "Repricing", Signals));

        var triggered = h.Engine.BroadcastSignal("价格更新", EngineHarness.Vars(("price", 9m)));

        Assert.Equal(1, triggered);
        var started = Assert.Single(h.Engine.Instances);
        Assert.Equal(["OnPrice", "Reprice"], started.Trace);
        Assert.Equal(9m, started.Variables["price"]);
    }

    [Fact]
    public void BroadcastSignal_InterruptingBoundarySignal_CancelsTheTaskAndTakesTheBoundaryPath()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Review")}
            <bpmn:boundaryEvent id="Stopped" attachedToRef="Review">{Signal("Sig_Stop")}</bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="StoppedEnd"/>
            {Chain("S", "Review", "E")}{Flow("Stopped", "StoppedEnd")}
            """, declarations: Signals);

        h.Engine.BroadcastSignal("停办");

        Assert.Equal(["S", "Review", "Stopped", "StoppedEnd"], instance.Trace);
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void BroadcastSignal_NonInterruptingBoundarySignal_FiresOnEveryBroadcastWhileTheTaskWaits()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Trade")}
            <bpmn:boundaryEvent id="PriceChanged" attachedToRef="Trade" cancelActivity="false">{Signal()}</bpmn:boundaryEvent>
            <bpmn:task id="Notify"/>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="NotifyEnd"/>
            {Chain("S", "Trade", "E")}{Chain("PriceChanged", "Notify", "NotifyEnd")}
            """, declarations: Signals);

        h.Engine.BroadcastSignal("价格更新");
        h.Engine.BroadcastSignal("价格更新");
        h.Complete(instance, "Trade");

        Assert.Equal(["S", "Trade", "PriceChanged", "Notify", "NotifyEnd", "PriceChanged", "Notify", "NotifyEnd", "E"],
            instance.Trace);
        Assert.Equal(0, h.Engine.BroadcastSignal("价格更新"));
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void BroadcastSignal_EventGatewayWithTwoFlowsToOneSignalEvent_SubscribesOnceAndRemovesTheTimer()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:eventBasedGateway id="G"/>
            <bpmn:intermediateCatchEvent id="Price">{Signal()}</bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="Late">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="LateEnd"/>
            {Flow("S", "G")}{Flow("G", "Price")}{Flow("G", "Price")}{Flow("G", "Late")}{Flow("Price", "E")}{Flow("Late", "LateEnd")}
            """, declarations: Signals);
        Assert.Equal([WaitKind.Timer, WaitKind.Signal], instance.Waits.OrderBy(w => w.Kind).Select(w => w.Kind));

        Assert.Equal(1, h.Engine.BroadcastSignal("价格更新"));

        Assert.Equal(["S", "G", "Price", "E"], instance.Trace);
        Assert.Empty(instance.Waits);
        Assert.Null(h.Engine.NextTimerDueAt());
    }
}
