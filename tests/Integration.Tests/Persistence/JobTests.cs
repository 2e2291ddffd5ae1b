using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;

namespace OneThing.Integration.Tests.Persistence;

public class JobTests
{
    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:ot="urn:onething:bpmn:1" id="D" targetNamespace="urn:t">
          <bpmn:process id="J" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:serviceTask id="Issue" ot:action="issue-licence"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Issue"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Issue" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static (DurableEngine Engine, FakeClock Clock) NewEngine(TestDatabase db, ServiceTaskHandler handler)
    {
        var clock = new FakeClock();
        var engine = new DurableEngine(db, new EngineOptions
        {
            Clock = clock,
            JobAttempts = 3,
            JobBackoff = TimeSpan.FromSeconds(10),
            ServiceHandlers = new Dictionary<string, ServiceTaskHandler> { ["issue-licence"] = handler },
        });
        engine.Deploy("j.bpmn", Diagram);
        return (engine, clock);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void ServiceJob_RunsInItsOwnCommandAfterStart(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, _) = NewEngine(db, _ => new Dictionary<string, object?> { ["licenceNo"] = "L-1" });

        var id = engine.Start("J");
        Assert.Equal(WaitKind.ServiceTask, (WaitKind)Assert.Single(engine.GetInstance(id)!.Waits).Kind);
        Assert.True(engine.RunNextDueJob());

        var view = engine.GetInstance(id)!;
        Assert.Equal(InstanceState.Completed, view.State);
        Assert.Equal("L-1", view.Variables["licenceNo"]);
        Assert.False(engine.RunNextDueJob());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void FailingJob_RetriedWithBackoffThenIncident_OperatorRetrySucceeds(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var calls = 0;
        var healthy = false;
        var (engine, clock) = NewEngine(db, _ => ++calls > 0 && healthy ? null : throw new InvalidOperationException("证照库不可用"));
        var id = engine.Start("J");

        Assert.True(engine.RunNextDueJob());
        Assert.False(engine.RunNextDueJob());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(engine.RunNextDueJob());
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(engine.RunNextDueJob());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(engine.RunNextDueJob());

        var incident = Assert.Single(engine.GetInstance(id)!.Waits);
        Assert.Equal(WaitKind.Incident, (WaitKind)incident.Kind);
        Assert.Contains("证照库不可用", incident.IncidentMessage, StringComparison.Ordinal);
        Assert.Equal(3, calls);

        healthy = true;
        engine.Complete(id, incident.Id);
        Assert.True(engine.RunNextDueJob());

        Assert.Equal(InstanceState.Completed, engine.GetInstance(id)!.State);
    }
}
