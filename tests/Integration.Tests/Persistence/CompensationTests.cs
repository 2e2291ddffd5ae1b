using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>Compensation on the durable store: an installed handler is a wait row of kind <c>Compensation</c> on
/// the scope's execution, so a later command — on another engine over the same database — can still compensate.
/// </summary>
public class CompensationTests
{
    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="urn:t">
          <bpmn:process id="P" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:task id="Reserve"/>
            <bpmn:boundaryEvent id="ReserveComp" attachedToRef="Reserve"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
            <bpmn:task id="Release" isForCompensation="true"/>
            <bpmn:association id="a1" sourceRef="ReserveComp" targetRef="Release"/>
            <bpmn:userTask id="Approve"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="市场监管局"/></bpmn:extensionElements></bpmn:userTask>
            <bpmn:endEvent id="Rejected"><bpmn:compensateEventDefinition/></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Reserve"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Reserve" targetRef="Approve"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Approve" targetRef="Rejected"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Complete_CompensationEndEventInALaterCommand_RunsTheStoredHandler(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var engine = new DurableEngine(db, new EngineOptions { Clock = new FakeClock() });
        engine.Deploy("p.bpmn", Diagram);
        var id = engine.Start("P");
        var installed = engine.GetInstance(id)!.Waits.Single(w => w.Kind == (int)WaitKind.Compensation);
        Assert.Equal(("Reserve", id), (installed.NodeId, installed.ExecutionId));

        var other = new DurableEngine(db, new EngineOptions { Clock = new FakeClock() });
        other.Complete(id, other.GetInstance(id)!.Waits.Single(w => w.NodeId == "Approve").Id);

        var view = engine.GetInstance(id)!;
        Assert.Equal(["S", "Reserve", "Approve", "Rejected", "Release"], view.Trace);
        Assert.Equal(InstanceState.Completed, view.State);
        Assert.Empty(view.Waits);
    }
}
