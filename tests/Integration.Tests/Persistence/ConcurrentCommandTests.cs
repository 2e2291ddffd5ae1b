using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Integration.Tests.Persistence;

public class ConcurrentCommandTests
{
    private const string TwoParallelTasks = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:t">
          <bpmn:process id="P" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            <bpmn:userTask id="A"/>
            <bpmn:userTask id="B"/>
            <bpmn:parallelGateway id="Join"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="A"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="B"/>
            <bpmn:sequenceFlow id="f4" sourceRef="A" targetRef="Join"/>
            <bpmn:sequenceFlow id="f5" sourceRef="B" targetRef="Join"/>
            <bpmn:sequenceFlow id="f6" sourceRef="Join" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Two commands on the same instance at once: on a database with one writer they run one after the
    /// other and both succeed; where both can read the same revision, the later save is a conflict and writes
    /// nothing, and the instance stays consistent either way.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Complete_TwoTasksOfOneInstanceAtOnce_BothApplyOrTheLaterIsAConflict(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var clock = new PausingClock();
        var engine = new DurableEngine(db, new EngineOptions { Clock = clock });
        engine.Deploy("p.bpmn", TwoParallelTasks);
        var id = engine.Start("P");
        var waits = engine.GetInstance(id)!.Waits;
        var a = waits.Single(w => w.NodeId == "A").Id;
        var b = waits.Single(w => w.NodeId == "B").Id;

        // The first command pauses after loading the instance (at its first look at the clock) until the second has
        // finished, or two seconds have passed where the second must wait for the first.
        clock.PauseNextCaller();
        var first = Task.Run(() => Outcome(() => engine.Complete(id, a)));
        Assert.True(clock.Paused.Wait(TimeSpan.FromSeconds(30)));
        var second = Outcome(() => engine.Complete(id, b));
        clock.Resume();
        var outcomes = new[] { await first, second };

        var view = engine.GetInstance(id)!;
        if (outcomes.Contains("conflict"))
        {
            Assert.Equal(["conflict", "ok"], outcomes);
            Assert.Equal(InstanceState.Running, view.State);
            Assert.Equal("A", Assert.Single(view.Waits).NodeId);
        }
        else
        {
            Assert.Equal(["ok", "ok"], outcomes);
            Assert.Equal(InstanceState.Completed, view.State);
        }
    }

    private static string Outcome(Action command)
    {
        try
        {
            command();
            return "ok";
        }
        catch (ConcurrencyConflictException)
        {
            return "conflict";
        }
    }

    private sealed class PausingClock : TimeProvider
    {
        private readonly ManualResetEventSlim _resume = new(false);
        private int _armed;

        public ManualResetEventSlim Paused { get; } = new(false);

        public void PauseNextCaller() => _armed = 1;

        public void Resume() => _resume.Set();

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Paused.Set();
                _resume.Wait(TimeSpan.FromSeconds(2));
            }

            return new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        }
    }
}
