using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>Signals on the durable store: subscriptions are <see cref="WaitKind.Signal"/> rows carrying the signal
/// name in the message-name column; a broadcast loads every subscribed instance in its one transaction.</summary>
public class SignalTests
{
    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:t">
          <bpmn:signal id="Sig" name="政策调整"/>
          <bpmn:process id="Catcher" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="Wait"><bpmn:signalEventDefinition signalRef="Sig"/></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Wait"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="E"/>
          </bpmn:process>
          <bpmn:process id="Thrower" isExecutable="true">
            <bpmn:startEvent id="TS"/>
            <bpmn:endEvent id="Announce"><bpmn:signalEventDefinition signalRef="Sig"/></bpmn:endEvent>
            <bpmn:sequenceFlow id="t1" sourceRef="TS" targetRef="Announce"/>
          </bpmn:process>
          <bpmn:process id="Reviewer" isExecutable="true">
            <bpmn:startEvent id="OnSignal"><bpmn:signalEventDefinition signalRef="Sig"/></bpmn:startEvent>
            <bpmn:endEvent id="RE"/>
            <bpmn:sequenceFlow id="r1" sourceRef="OnSignal" targetRef="RE"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void BroadcastSignal_StoredSubscriptionsAndSignalStart_AllTriggeredInOneCommand(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = new DurableEngine(db, new EngineOptions { Clock = new FakeClock() });
        engine.Deploy("signals.bpmn", Diagram);
        var first = engine.Start("Catcher");
        var second = engine.Start("Catcher");
        var row = Assert.Single(engine.GetInstance(first)!.Waits);
        Assert.Equal(((int)WaitKind.Signal, "政策调整"), (row.Kind, row.MessageName));

        var triggered = engine.BroadcastSignal("政策调整", new Dictionary<string, object?> { ["policy"] = "2026-1" });

        Assert.Equal(3, triggered);
        Assert.All([first, second], id =>
        {
            var view = engine.GetInstance(id)!;
            Assert.Equal(InstanceState.Completed, view.State);
            Assert.Equal(["S", "Wait", "E"], view.Trace);
            Assert.Equal("2026-1", view.Variables["policy"]);
        });
        using var context = db.CreateDbContext();
        var started = Assert.Single(context.Instances.Where(i => i.ProcessId == "Reviewer").Select(i => i.Id).ToList());
        Assert.Equal(["OnSignal", "RE"], engine.GetInstance(started)!.Trace);
        // The catchers are done; only the signal start event is left to trigger.
        Assert.Equal(1, engine.BroadcastSignal("政策调整"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Start_SignalEndEventInsideTheExecutor_ReachesStoredCatchersAndStartsSignalStartProcesses(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = new DurableEngine(db, new EngineOptions { Clock = new FakeClock() });
        engine.Deploy("signals.bpmn", Diagram);
        var catcher = engine.Start("Catcher");

        var thrower = engine.Start("Thrower");

        Assert.Equal(["TS", "Announce"], engine.GetInstance(thrower)!.Trace);
        Assert.Equal(InstanceState.Completed, engine.GetInstance(catcher)!.State);
        using var context = db.CreateDbContext();
        Assert.Equal(1, context.Instances.Count(i => i.ProcessId == "Reviewer"));
        Assert.Empty(context.Waits.ToList());
    }
}
