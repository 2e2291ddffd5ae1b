using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

/// <summary>BPMN lets a catching message event (or receive task) name no message: the message flows drawn into it
/// say what arrives. The engine then correlates it by the element's own id.</summary>
public sealed class MessageWithoutRefTests
{
    [Fact]
    public void CorrelateMessage_CatchEventAndReceiveTaskWithoutMessageRef_EachCorrelatedByItsOwnId()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="MaterialsArrived"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>
            <bpmn:receiveTask id="FeePaid"/>
            <bpmn:endEvent id="E"/>
            {Chain("S", "MaterialsArrived", "FeePaid", "E")}
            """);
        Assert.Equal("MaterialsArrived", Assert.Single(instance.Waits).MessageName);

        Assert.Null(h.Engine.CorrelateMessage("FeePaid"));
        Assert.Same(instance, h.Engine.CorrelateMessage("MaterialsArrived"));
        Assert.Same(instance, h.Engine.CorrelateMessage("FeePaid", variables: EngineHarness.Vars(("fee", 50m))));

        Assert.Equal(["S", "MaterialsArrived", "FeePaid", "E"], instance.Trace);
        Assert.Equal(50m, instance.Variables["fee"]);
        Assert.Equal(InstanceState.Completed, instance.State);
    }

    [Fact]
    public void CorrelateMessage_MessageStartEventWithoutMessageRef_StartsTheProcessByTheStartEventsId()
    {
        var h = new EngineHarness();
        h.Deploy(EngineHarness.Wrap($"""
            <bpmn:startEvent id="ApplicationReceived"><bpmn:messageEventDefinition/></bpmn:startEvent>
            {UserTask("Review")}
            {Chain("ApplicationReceived", "Review")}
            """));

        var instance = h.Engine.CorrelateMessage("ApplicationReceived");

        Assert.NotNull(instance);
        Assert.Equal(["ApplicationReceived", "Review"], instance.Trace);
    }

    [Fact]
    public void CorrelateMessage_BoundaryMessageWithoutMessageRef_InterruptsByTheBoundaryEventsId()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Review")}
            <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Review"><bpmn:messageEventDefinition/></bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="WithdrawnEnd"/>
            {Chain("S", "Review", "E")}{Flow("Withdrawn", "WithdrawnEnd")}
            """);

        h.Engine.CorrelateMessage("Withdrawn");

        Assert.Equal(["S", "Review", "Withdrawn", "WithdrawnEnd"], instance.Trace);
        Assert.Equal(InstanceState.Completed, instance.State);
    }
}
