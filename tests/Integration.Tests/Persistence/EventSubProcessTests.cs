using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>Event sub-processes on the durable store: the process's subscriptions are wait rows of the root
/// execution (the instance itself), created with the instance and gone when it ends.</summary>
public class EventSubProcessTests
{
    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="urn:t">
          <bpmn:message id="Withdraw" name="撤回申请"/>
          <bpmn:error id="Rejected" errorCode="REJECTED"/>
          <bpmn:process id="P" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            <bpmn:userTask id="Review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="市场监管局"/></bpmn:extensionElements></bpmn:userTask>
            <bpmn:serviceTask id="Verify"><bpmn:extensionElements><zeebe:taskDefinition type="verify"/></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:endEvent id="E1"/><bpmn:endEvent id="E2"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Review"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Verify"/>
            <bpmn:sequenceFlow id="f4" sourceRef="Review" targetRef="E1"/>
            <bpmn:sequenceFlow id="f5" sourceRef="Verify" targetRef="E2"/>
            <bpmn:subProcess id="OnWithdraw" triggeredByEvent="true">
              <bpmn:startEvent id="WithdrawStart"><bpmn:messageEventDefinition messageRef="Withdraw"/></bpmn:startEvent>
              <bpmn:endEvent id="WithdrawEnd"/>
              <bpmn:sequenceFlow id="w1" sourceRef="WithdrawStart" targetRef="WithdrawEnd"/>
            </bpmn:subProcess>
            <bpmn:subProcess id="OnRejected" triggeredByEvent="true">
              <bpmn:startEvent id="RejectedStart"><bpmn:errorEventDefinition errorRef="Rejected"/></bpmn:startEvent>
              <bpmn:endEvent id="RejectedEnd"/>
              <bpmn:sequenceFlow id="r1" sourceRef="RejectedStart" targetRef="RejectedEnd"/>
            </bpmn:subProcess>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static (DurableEngine Engine, Guid Id) Started(TestDatabase db)
    {
        var engine = new DurableEngine(db, new EngineOptions { Clock = new FakeClock() });
        engine.Deploy("p.bpmn", Diagram);
        return (engine, engine.Start("P"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void CorrelateMessage_StoredEventSubProcessSubscriptionOfTheRoot_InterruptsAndCompletes(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, id) = Started(db);
        var subscription = engine.GetInstance(id)!.Waits.Single(w => w.Kind == (int)WaitKind.Message);
        Assert.Equal(("WithdrawStart", id, "撤回申请"), (subscription.NodeId, subscription.ExecutionId, subscription.MessageName));

        Assert.Equal(id, engine.CorrelateMessage("撤回申请"));

        var view = engine.GetInstance(id)!;
        Assert.Equal(InstanceState.Completed, view.State);
        Assert.Equal(["S", "Fork", "Review", "Verify", "OnWithdraw", "WithdrawStart", "WithdrawEnd"], view.Trace);
        Assert.Empty(view.Waits);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void ThrowError_WorkerReportsBpmnErrorForStoredJob_ErrorEventSubProcessEndsTheCase(string provider)
    {
        using var db = TestDatabase.Create(provider);
        var (engine, id) = Started(db);
        var job = engine.GetInstance(id)!.Waits.Single(w => w.NodeId == "Verify");

        engine.ThrowError(id, job.Id, "REJECTED", new Dictionary<string, object?> { ["reason"] = "证照过期" });

        var view = engine.GetInstance(id)!;
        Assert.Equal(InstanceState.Completed, view.State);
        Assert.Equal(["S", "Fork", "Review", "Verify", "OnRejected", "RejectedStart", "RejectedEnd"], view.Trace);
        Assert.Equal("证照过期", view.Variables["reason"]);
        Assert.Empty(view.Waits);
        Assert.Throws<ConcurrencyConflictException>(() => engine.ThrowError(id, job.Id, "REJECTED"));
    }
}
