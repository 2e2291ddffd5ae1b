using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

/// <summary>A process or sub-process without start events starts a token at every node without incoming sequence
/// flows (BPMN 2.0 §10.5.2); boundary events, compensation handlers and event sub-processes are not among them.
/// </summary>
public sealed class ImplicitStartTests
{
    [Fact]
    public void Start_ProcessWithoutStartEvent_StartsEveryNodeWithoutIncomingFlowInDocumentOrder()
    {
        var h = new EngineHarness();

        var instance = h.Start($"""
            {UserTask("Apply")}
            <bpmn:task id="Notify"/>
            {UserTask("Check")}
            {Chain("Apply", "Check")}
            """);

        // Apply and Notify have no incoming flows; Check is reached from Apply only.
        Assert.Equal(["Apply", "Notify"], instance.Trace);
        Assert.Equal("Apply", Assert.Single(instance.Waits).NodeId);
        h.Complete(instance, "Apply");
        h.Complete(instance, "Check");
        Assert.Equal(["Apply", "Notify", "Check"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ImplicitStartTaskWithBoundaryTimer_BoundaryEventIsNoStartAndItsTimerEndsWithTheTask()
    {
        var h = new EngineHarness();

        var instance = h.Start("""
            <bpmn:task id="Only"/>
            <bpmn:boundaryEvent id="Late" attachedToRef="Only">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            """);

        Assert.Equal(["Only"], instance.Trace);
        Assert.Empty(instance.Waits);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ProcessWithoutStartEvent_CompensationHandlerIsNoStart()
    {
        var h = new EngineHarness();

        var instance = h.Start("""
            <bpmn:task id="Work"/>
            <bpmn:task id="Undo" isForCompensation="true"/>
            """);

        Assert.Equal(["Work"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Enter_SubProcessWithoutStartEvent_StartsItsNodesWithoutIncomingFlowAndCompletesAfterThem()
    {
        var h = new EngineHarness();

        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              {UserTask("A")}
              <bpmn:manualTask id="B"/>
              <bpmn:task id="C"/>
              {Chain("B", "C")}
            </bpmn:subProcess>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Sub", "E")}
            """);

        Assert.Equal(["S", "Sub", "A", "B", "C"], instance.Trace);
        h.Complete(instance, "A");
        Assert.Equal(["S", "Sub", "A", "B", "C", "E"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Complete_CallActivityOfProcessWithoutStartEvent_StartsTheCalledProcessImplicitly()
    {
        var h = new EngineHarness();
        h.Deploy(EngineHarness.Wrap($"""{UserTask("Inner")}""", "Called"));

        var instance = h.Start("""
            <bpmn:startEvent id="S"/>
            <bpmn:callActivity id="Call" calledElement="Called"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Call"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Call" targetRef="E"/>
            """);
        var called = h.Engine.Instances.Single(i => i.ProcessId == "Called");
        h.Complete(called, "Inner");

        Assert.Equal(["Inner"], called.Trace);
        Assert.Equal(["S", "Call", "E"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void Start_ProcessWithoutStartEventOrNodeWithoutIncomingFlow_ThrowsStartEventNotFound()
    {
        var h = new EngineHarness();
        h.Deploy(EngineHarness.Wrap($"""
            <bpmn:task id="A"/><bpmn:task id="B"/>
            {Chain("A", "B", "A")}
            """));

        var ex = Assert.Throws<EngineException>(() => h.Engine.Start("P"));

        Assert.Equal("START_EVENT_NOT_FOUND", ex.Code);
    }
}
