using OneThing.Cases.Casework;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;

namespace OneThing.Integration.Tests.Persistence;

public class EngineTransactionTests
{
    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:t">
          <bpmn:process id="P" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="A"/>
            <bpmn:parallelGateway id="Fork"/>
            <bpmn:userTask id="B1"/>
            <bpmn:userTask id="B2"/>
            <bpmn:parallelGateway id="Join"/>
            <bpmn:userTask id="C"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
            <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="Fork"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="B1"/>
            <bpmn:sequenceFlow id="f4" sourceRef="Fork" targetRef="B2"/>
            <bpmn:sequenceFlow id="f5" sourceRef="B1" targetRef="Join"/>
            <bpmn:sequenceFlow id="f6" sourceRef="B2" targetRef="Join"/>
            <bpmn:sequenceFlow id="f7" sourceRef="Join" targetRef="C"/>
            <bpmn:sequenceFlow id="f8" sourceRef="C" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static DurableEngine NewEngine(TestDatabase db)
    {
        var engine = new DurableEngine(new PlatformContextFactory(db), new EngineOptions { Clock = new FakeClock() });
        engine.Deploy("p.bpmn", Diagram);
        return engine;
    }

    private static string[] Waiting(DurableEngine engine, Guid id) =>
        [.. engine.GetInstance(id)!.Waits.Select(w => w.NodeId).Order(StringComparer.Ordinal)];

    private static Guid WaitAt(DurableEngine engine, Guid id, string node) =>
        engine.GetInstance(id)!.Waits.Single(w => w.NodeId == node).Id;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Run_WorkThatFailsAfterEngineCommands_LeavesNoTrace(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = NewEngine(db);

        Assert.Throws<InvalidOperationException>(() => engine.Run<int>(tx =>
        {
            tx.Start("P");
            tx.Db.Add(new CaseSequenceRecord { Prefix = "x", Value = 1 });
            throw new InvalidOperationException("boom");
        }));

        using var check = db.CreateDbContext();
        Assert.Empty(check.Instances);
        Assert.Empty(check.Set<CaseSequenceRecord>());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Run_InstanceChangedAfterTheWorkReadIt_RunsAgainTheLockingWayAndWritesOnce(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = NewEngine(db);
        var id = engine.Start("P");
        engine.Complete(id, WaitAt(engine, id, "A"));
        var b1 = WaitAt(engine, id, "B1");
        var b2 = WaitAt(engine, id, "B2");
        var runs = 0;

        engine.Run(tx =>
        {
            runs++;
            tx.Load(id);
            if (runs == 1)
            {
                // Another command commits on the instance after this work read it (the optimistic run holds no lock).
                engine.Complete(id, b2);
            }

            tx.Complete(id, b1);
            tx.Db.Add(new CaseSequenceRecord { Prefix = $"run-{runs}", Value = runs });
            return 0;
        });

        Assert.Equal(2, runs);
        Assert.Equal(["C"], Waiting(engine, id));
        using var check = db.CreateDbContext();
        Assert.Equal(["run-2"], check.Set<CaseSequenceRecord>().Select(s => s.Prefix).ToList());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Run_TrackedRowChangedAfterTheWorkReadIt_RunsAgainOnTheNewValue(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = NewEngine(db);
        using (var seed = db.CreateDbContext())
        {
            seed.Add(new CaseSequenceRecord { Prefix = "n", Value = 1 });
            seed.SaveChanges();
        }

        var runs = 0;
        var value = engine.Run(tx =>
        {
            runs++;
            var counter = tx.Db.Set<CaseSequenceRecord>().Single(s => s.Prefix == "n");
            if (runs == 1)
            {
                using var other = db.CreateDbContext();
                other.Set<CaseSequenceRecord>().Single(s => s.Prefix == "n").Value = 5;
                other.SaveChanges();
            }

            counter.Value++;
            return counter.Value;
        });

        // The first run's increment (1 → 2) is refused by the concurrency token; the locking run counts on from 5.
        Assert.Equal(2, runs);
        Assert.Equal(6, value);
        using var check = db.CreateDbContext();
        Assert.Equal(6, check.Set<CaseSequenceRecord>().Single(s => s.Prefix == "n").Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void MoveTo_EarlierMainLineStep_CancelsEveryTokenAndReopensIt(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = NewEngine(db);
        var id = engine.Start("P");
        engine.Complete(id, WaitAt(engine, id, "A"));
        engine.Complete(id, WaitAt(engine, id, "B1"));
        Assert.Equal(["B2"], Waiting(engine, id));

        engine.Run(tx =>
        {
            tx.MoveTo(id, "A");
            return 0;
        });

        Assert.Equal(["A"], Waiting(engine, id));
        engine.Complete(id, WaitAt(engine, id, "A"));
        Assert.Equal(["B1", "B2"], Waiting(engine, id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void MoveTo_StepInsideParallelSection_IsRefusedAndNothingChanges(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = NewEngine(db);
        var id = engine.Start("P");
        engine.Complete(id, WaitAt(engine, id, "A"));
        var revision = engine.GetInstance(id)!.Revision;

        var refused = Assert.Throws<EngineException>(() => engine.Run(tx =>
        {
            tx.MoveTo(id, "B1");
            return 0;
        }));

        Assert.Equal("MOVE_TARGET_INVALID", refused.Code);
        Assert.Equal(["B1", "B2"], Waiting(engine, id));
        Assert.Equal(revision, engine.GetInstance(id)!.Revision);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Terminate_RunningInstance_EndsItWithoutWaits(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = NewEngine(db);
        var id = engine.Start("P");
        engine.Complete(id, WaitAt(engine, id, "A"));

        engine.Run(tx =>
        {
            tx.Terminate(id);
            return 0;
        });

        var instance = engine.GetInstance(id)!;
        Assert.Equal(InstanceState.Terminated, instance.State);
        Assert.Empty(instance.Waits);
    }
}
