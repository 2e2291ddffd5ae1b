using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Integration.Tests.Persistence;

public class RaceTests
{
    private const int Pairs = 500;

    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:t">
          <bpmn:process id="R" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="Approve" camunda:candidateGroups="市场监管局"/>
            <bpmn:userTask id="Deliver" camunda:candidateGroups="综合窗口"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Approve"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Approve" targetRef="Deliver"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Deliver" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Two approvers complete the same task at the same moment, 500 times: exactly one wins each time,
    /// the other gets a conflict, and every instance moved on exactly once.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Complete_ConcurrentPairs_ExactlyOneWinsEachPair(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = new DurableEngine(db, new EngineOptions());
        engine.Deploy("r.bpmn", Diagram);
        var cases = Enumerable.Range(0, Pairs).Select(_ =>
        {
            var id = engine.Start("R");
            return (Id: id, Task: engine.GetInstance(id)!.Waits.Single().Id);
        }).ToList();

        var all = new List<string>();
        foreach (var c in cases)
        {
            using var start = new Barrier(2);
            all.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(approver => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                try
                {
                    engine.Complete(c.Id, c.Task, new Dictionary<string, object?> { ["approvedBy"] = approver });
                    return "ok";
                }
                catch (ConcurrencyConflictException)
                {
                    return "conflict";
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))));
        }

        Assert.Equal(Pairs, all.Count(r => r == "ok"));
        Assert.Equal(Pairs, all.Count(r => r == "conflict"));
        foreach (var c in cases)
        {
            var view = engine.GetInstance(c.Id)!;
            Assert.Equal("Deliver", Assert.Single(view.Waits).NodeId);
            Assert.Equal(["S", "Approve", "Deliver"], view.Trace);
        }
    }
}
