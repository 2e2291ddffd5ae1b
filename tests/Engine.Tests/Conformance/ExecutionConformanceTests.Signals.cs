using OneThing.Engine.Tests.Bpmn;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.Conformance.BpmnElementsDiagrams;

namespace OneThing.Engine.Tests.Conformance;

/// <summary>Diagrams with signal events: broadcasts caught by every waiting signal event.</summary>
public sealed partial class ExecutionConformanceTests
{
    [ConformanceFact]
    [Diagram("signal-after-signal.bpmn")]
    public void BroadcastSignal_ThrowThenCatchOfTheSameSignal_CatchWaitsForTheNextBroadcast()
    {
        var h = Deploy("signal-after-signal.bpmn");
        var instance = h.Engine.Start("Process_08zh216");

        // The throw broadcasts Signal_1 before the catch subscribes, so the catch waits (as bpmn-elements' feature
        // test expects: "run is waiting for catch signal"); the next broadcast of Signal_1 completes the run.
        var wait = Assert.Single(instance.Waits);
        Assert.Equal((WaitKind.Signal, "Event_1kv9ixt", "Signal_1"), (wait.Kind, wait.NodeId, wait.SignalName));
        Assert.Equal(1, h.Engine.BroadcastSignal("Signal_1"));

        AssertCompleted(instance, "StartEvent_1", "Event_1wqhk3t", "Event_1kv9ixt", "Event_0vwposa");
    }

    [ConformanceFact]
    [Diagram("signals.bpmn")]
    public void BroadcastSignal_SpotPriceUpdatedWhileTraderConsiders_InterruptsTheTradeAndFetchesThePriceAgain()
    {
        var h = Deploy("signals.bpmn");
        // The spot price admin participant is not executable: the broadcast it would make is made by hand.
        Assert.Null(h.Engine.FindLatestProcess("spotPriceProcess"));
        var instance = h.Engine.Start("tradeProcess");
        h.Complete(instance, "getSpotPrice", EngineHarness.Vars(("spotPrice", 100m)));
        Assert.Equal(WaitKind.Signal, h.Wait(instance, "catchSpotUpdate").Kind);

        Assert.Equal(1, h.Engine.BroadcastSignal("Spot price updated"));
        h.Complete(instance, "getSpotPrice", EngineHarness.Vars(("spotPrice", 99m)));
        // bpmn-elements hands the submitted form to the output mapping as content.output.form.
        h.Complete(instance, "tradeTask",
            EngineHarness.Vars(("content", Context(("output", Context(("form", Context(("amount", 42m)))))))));

        AssertCompleted(instance,
            "startTrade", "getSpotPrice", "tradeTask", "catchSpotUpdate", "getSpotPrice", "tradeTask", "endTrade");
        Assert.Equal(99m, instance.Variables["spotPrice"]);
        Assert.Equal(42m, instance.Variables["amount"]);
    }

    [ConformanceFact]
    [Diagram("event-based-gateway-with-same-target.bpmn")]
    public void BroadcastSignal_EventGatewayWithTwoFlowsToTheSignalEvent_TakesTheSignalPathOnce()
    {
        var h = Deploy("event-based-gateway-with-same-target.bpmn");
        var instance = h.Engine.Start("Process_0");
        // Two flows to one event are one alternative: one signal subscription, next to the timer.
        Assert.Equal([WaitKind.Timer, WaitKind.Signal], instance.Waits.Select(w => w.Kind).Order());

        Assert.Equal(1, h.Engine.BroadcastSignal("signalEvent"));

        AssertCompleted(instance, "start", "gateway", "signalEvent", "Task_1pfzr39", "end");
        Assert.Null(h.Engine.NextTimerDueAt());
    }

    [ConformanceFact]
    [Diagram("event-based-gateway-with-same-target.bpmn")]
    public void FireDueTimers_EventGatewayTimerFirst_TakesTheTimerPathAndDropsTheSignalSubscription()
    {
        var h = Deploy("event-based-gateway-with-same-target.bpmn");
        var instance = h.Engine.Start("Process_0");

        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, h.Engine.FireDueTimers());

        AssertCompleted(instance, "start", "gateway", "timerEvent", "Task_1pfzr39", "end");
        Assert.Equal(0, h.Engine.BroadcastSignal("signalEvent"));
    }

    [ConformanceFact]
    [Diagram("event-based-gateway.bpmn", DiagramOutcome.Deadlocks)]
    public void BroadcastSignal_EventGatewayAlternativesFeedingAParallelJoin_ParksAtTheJoin()
    {
        var h = Deploy("event-based-gateway.bpmn");
        var instance = h.Engine.Start("Process_0");

        Assert.Equal(1, h.Engine.BroadcastSignal("signalEvent"));

        // The signal and the timer are alternatives of the event-based gateway, yet both lead into one parallel
        // join: the timer's token never comes. bpmn-elements completes only by propagating the discarded path.
        AssertDeadlocked(instance, "start", "gateway", "signalEvent", "Task_1pfzr39");
    }

    [ConformanceFact]
    [Diagram("event-based-gateway.bpmn", DiagramOutcome.Deadlocks)]
    public void FireDueTimers_EventGatewayTimerFeedingAParallelJoin_ParksAtTheJoin()
    {
        var h = Deploy("event-based-gateway.bpmn");
        var instance = h.Engine.Start("Process_0");

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, h.Engine.FireDueTimers());

        AssertDeadlocked(instance, "start", "gateway", "timerEvent");
    }
}
