using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;

namespace OneThing.Integration.Tests.Persistence;

public class DurableEngineTests
{
    private const string Header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="urn:t">
        """;

    private static string TwoTasks(string first = "Review") => Header + $"""
          <bpmn:process id="P" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="{first}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="市场监管局"/></bpmn:extensionElements></bpmn:userTask>
            <bpmn:userTask id="Decide"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="市场监管局"/></bpmn:extensionElements></bpmn:userTask>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="{first}"/>
            <bpmn:sequenceFlow id="f2" sourceRef="{first}" targetRef="Decide"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Decide" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static (DurableEngine Engine, FakeClock Clock) NewEngine(TestDatabase db)
    {
        var clock = new FakeClock();
        return (new DurableEngine(db, new EngineOptions { Clock = clock }), clock);
    }

    private static WaitRecord Task(DurableEngine engine, Guid instanceId, string nodeId) =>
        engine.GetInstance(instanceId)!.Waits.Single(w => w.NodeId == nodeId);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Deploy_IdenticalFileIsNoOp_ChangedFileMakesNewVersion(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, _) = NewEngine(db);

        var first = engine.Deploy("p.bpmn", TwoTasks());
        var again = engine.Deploy("p.bpmn", TwoTasks());
        var changed = engine.Deploy("p.bpmn", TwoTasks("Check"));

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.DeploymentId, again.DeploymentId);
        Assert.Equal(1, Assert.Single(first.Definitions).Version);
        Assert.Equal(2, Assert.Single(changed.Definitions).Version);
    }

    /// <summary>Start and Complete return what they left: the instance's state and open waits, equal to what a
    /// read of the stored instance says.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void StartAndComplete_ReturnTheOpenWaitsTheyLeft(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, _) = NewEngine(db);
        engine.Deploy("p.bpmn", TwoTasks());

        var started = engine.StartInstance("P");
        var stored = engine.GetInstance(started.InstanceId)!;
        Assert.Equal(InstanceState.Running, started.State);
        Assert.Equal(stored.Revision, started.Revision);
        Assert.Equal("Review", Assert.Single(started.Waits).NodeId);
        Assert.Equal(Assert.Single(stored.Waits).Id, started.Waits[0].Id);

        var reviewed = engine.Complete(started.InstanceId, started.Waits[0].Id);
        Assert.Equal("Decide", Assert.Single(reviewed.Waits).NodeId);
        Assert.Equal(Task(engine, started.InstanceId, "Decide").Id, reviewed.Waits[0].Id);

        var decided = engine.Complete(started.InstanceId, reviewed.Waits[0].Id);
        Assert.Equal(InstanceState.Completed, decided.State);
        Assert.Empty(decided.Waits);
        Assert.Equal(engine.GetInstance(started.InstanceId)!.Revision, decided.Revision);
    }

    /// <summary>Many clients at once, each on cases of its own, and pairs racing for the same task: commands that
    /// commit together (SQLite's group commit) stay separate — every case moves on exactly once per completed
    /// task, and each race has exactly one winner.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConcurrentClients_EachCommandCommitsOrConflictsAlone(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, _) = NewEngine(db);
        engine.Deploy("p.bpmn", TwoTasks());

        var outcomes = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 8).Select(client => System.Threading.Tasks.Task.Factory.StartNew(() =>
        {
            var conflicts = 0;
            var ids = new List<Guid>();
            for (var n = 0; n < 20; n++)
            {
                var started = engine.StartInstance("P");
                ids.Add(started.InstanceId);
                var review = started.Waits.Single().Id;
                var decide = engine.Complete(started.InstanceId, review).Waits.Single().Id;
                try
                {
                    engine.Complete(started.InstanceId, review);
                }
                catch (ConcurrencyConflictException)
                {
                    conflicts++;
                }

                Assert.Equal(InstanceState.Completed, engine.Complete(started.InstanceId, decide).State);
            }

            return (Ids: ids, Conflicts: conflicts);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.All(outcomes, o => Assert.Equal(20, o.Conflicts));
        foreach (var id in outcomes.SelectMany(o => o.Ids))
        {
            var view = engine.GetInstance(id)!;
            Assert.Equal(InstanceState.Completed, view.State);
            Assert.Equal(["S", "Review", "Decide", "E"], view.Trace);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Complete_EachCommandPersisted_RunningInstanceStaysOnItsVersion(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, _) = NewEngine(db);
        engine.Deploy("v1.bpmn", TwoTasks());
        var old = engine.Start("P", new Dictionary<string, object?> { ["applicant"] = "张三" });
        engine.Deploy("v2.bpmn", TwoTasks("Check"));
        var fresh = engine.Start("P");

        // A second engine over the same database sees the same state: nothing lives only in memory.
        var (other, _) = NewEngine(db);
        other.Complete(old, Task(other, old, "Review").Id, new Dictionary<string, object?> { ["approved"] = true });
        engine.Complete(old, Task(engine, old, "Decide").Id);

        var view = engine.GetInstance(old)!;
        Assert.Equal(InstanceState.Completed, view.State);
        Assert.Equal(["S", "Review", "Decide", "E"], view.Trace);
        Assert.Equal("张三", view.Variables["applicant"]);
        Assert.Equal(true, view.Variables["approved"]);
        Assert.Empty(view.Waits);
        Assert.Equal("Check", Assert.Single(engine.GetInstance(fresh)!.Waits).NodeId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Complete_SameTaskTwice_SecondIsConflictAndNothingChanges(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, _) = NewEngine(db);
        engine.Deploy("p.bpmn", TwoTasks());
        var id = engine.Start("P");
        var task = Task(engine, id, "Review");
        engine.Complete(id, task.Id);
        var before = engine.GetInstance(id)!;

        Assert.Throws<ConcurrencyConflictException>(() => engine.Complete(id, task.Id));
        var unknown = Assert.Throws<EngineException>(() => engine.Complete(id, Guid.NewGuid()));

        Assert.Equal("WAIT_NOT_FOUND", unknown.Code);
        Assert.Equal(before.Revision, engine.GetInstance(id)!.Revision);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Variables_KeepTheirFeelTypesAcrossStorage(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, _) = NewEngine(db);
        engine.Deploy("p.bpmn", TwoTasks());
        var values = new Dictionary<string, object?>
        {
            ["amount"] = 12.50m,
            ["date"] = new DateOnly(2026, 10, 8),
            ["at"] = new DateTimeOffset(2026, 11, 22, 9, 30, 0, TimeSpan.FromHours(8)),
            ["wait"] = TimeSpan.FromHours(36),
            ["list"] = new List<object?> { 1m, "二", null },
            ["map"] = new Dictionary<string, object?> { ["$date"] = "not a tag", ["n"] = 1m },
        };

        var id = engine.Start("P", values);
        var stored = engine.GetInstance(id)!.Variables;

        foreach (var (name, value) in values)
        {
            Assert.Equal(value, stored[name]);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Timer_FiresOnceWhenDue(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, clock) = NewEngine(db);
        engine.Deploy("t.bpmn", Header + """
              <bpmn:process id="T" isExecutable="true">
                <bpmn:startEvent id="S"/>
                <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT5M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
                <bpmn:endEvent id="E"/>
                <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Wait"/>
                <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="E"/>
              </bpmn:process>
            </bpmn:definitions>
            """);
        var id = engine.Start("T");

        Assert.False(engine.RunNextDueJob());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(engine.RunNextDueJob());
        Assert.False(engine.RunNextDueJob());

        Assert.Equal(InstanceState.Completed, engine.GetInstance(id)!.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Message_CorrelatesByKeyToStoredSubscription(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, _) = NewEngine(db);
        engine.Deploy("m.bpmn", Header + """
              <bpmn:message id="M" name="补正材料">
                <bpmn:extensionElements><zeebe:subscription correlationKey="=caseNo"/></bpmn:extensionElements>
              </bpmn:message>
              <bpmn:process id="M1" isExecutable="true">
                <bpmn:startEvent id="S"/>
                <bpmn:receiveTask id="Wait" messageRef="M"/>
                <bpmn:endEvent id="E"/>
                <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Wait"/>
                <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="E"/>
              </bpmn:process>
            </bpmn:definitions>
            """);
        var a = engine.Start("M1", new Dictionary<string, object?> { ["caseNo"] = "A" });
        var b = engine.Start("M1", new Dictionary<string, object?> { ["caseNo"] = "B" });

        Assert.Equal(b, engine.CorrelateMessage("补正材料", "B"));
        Assert.Null(engine.CorrelateMessage("补正材料", "C"));

        Assert.Equal(InstanceState.Completed, engine.GetInstance(b)!.State);
        Assert.Equal(InstanceState.Running, engine.GetInstance(a)!.State);
    }
}
