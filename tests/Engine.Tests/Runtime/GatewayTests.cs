using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

public class GatewayTests
{
    private static string ExclusiveModel => $"""
        <bpmn:startEvent id="S"/>
        <bpmn:exclusiveGateway id="X" default="ToSmall"/>
        <bpmn:task id="Big"/>
        <bpmn:task id="Small"/>
        <bpmn:exclusiveGateway id="Merge"/>
        <bpmn:endEvent id="E"/>
        {Flow("S", "X")}
        {Flow("X", "Big", "amount > 100")}
        {Flow("X", "Small", id: "ToSmall")}
        {Flow("Big", "Merge")}{Flow("Small", "Merge")}{Flow("Merge", "E")}
        """;

    [Theory]
    [InlineData(150, "Big")]
    [InlineData(50, "Small")]
    public void ExclusiveGateway_ConditionOrDefault_TakesOneBranch(int amount, string expected)
    {
        var h = new EngineHarness();

        var instance = h.Start(ExclusiveModel, EngineHarness.Vars(("amount", (decimal)amount)));

        Assert.Equal(["S", "X", expected, "Merge", "E"], instance.Trace);
    }

    [Fact]
    public void ExclusiveGateway_NoConditionTrueAndNoDefault_RaisesIncidentThenRetrySucceeds()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:exclusiveGateway id="X"/>
            <bpmn:endEvent id="E1"/><bpmn:endEvent id="E2"/>
            {Flow("S", "X")}{Flow("X", "E1", "level = 1")}{Flow("X", "E2", "level = 2")}
            """, EngineHarness.Vars(("level", 3m)));

        var incident = Assert.Single(instance.Incidents);
        Assert.Equal("NO_OUTGOING_FLOW", incident.IncidentCode);
        Assert.Equal("X", incident.NodeId);
        Assert.False(instance.IsEnded);

        h.Engine.Complete(instance, incident.Id, EngineHarness.Vars(("level", 2m)));

        Assert.True(instance.IsEnded);
        Assert.Equal("E2", instance.Trace[^1]);
    }

    [Fact]
    public void ParallelGateway_SplitAndJoin_JoinsOnceAfterAllBranches()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            {UserTask("Seal", "公安局")}{UserTask("Tax", "税务局")}{UserTask("Social", "人社局")}
            <bpmn:parallelGateway id="Join"/>
            <bpmn:endEvent id="E"/>
            {Flow("S", "Fork")}{Flow("Fork", "Seal")}{Flow("Fork", "Tax")}{Flow("Fork", "Social")}
            {Flow("Seal", "Join")}{Flow("Tax", "Join")}{Flow("Social", "Join")}{Flow("Join", "E")}
            """);

        Assert.Equal(3, instance.UserTasks.Count());
        h.Complete(instance, "Tax");
        h.Complete(instance, "Seal");
        Assert.False(instance.IsEnded);
        Assert.DoesNotContain("Join", instance.Trace);
        h.Complete(instance, "Social");

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "Fork", "Seal", "Tax", "Social", "Join", "E"], instance.Trace);
    }

    private static string InclusiveModel => $"""
        <bpmn:startEvent id="S"/>
        <bpmn:inclusiveGateway id="Split" default="ToBank"/>
        {UserTask("Seal", "公安局")}{UserTask("Tax", "税务局")}{UserTask("Bank", "银行")}
        <bpmn:inclusiveGateway id="Join"/>
        <bpmn:endEvent id="E"/>
        {Flow("S", "Split")}
        {Flow("Split", "Seal", "wantsSeal")}{Flow("Split", "Tax", "wantsTax")}{Flow("Split", "Bank", id: "ToBank")}
        {Flow("Seal", "Join")}{Flow("Tax", "Join")}{Flow("Bank", "Join")}{Flow("Join", "E")}
        """;

    [Fact]
    public void InclusiveGateway_TwoOfThree_JoinWaitsOnlyForTakenBranches()
    {
        var h = new EngineHarness();
        var instance = h.Start(InclusiveModel, EngineHarness.Vars(("wantsSeal", true), ("wantsTax", true)));

        Assert.Equal(["Seal", "Tax"], instance.UserTasks.Select(t => t.NodeId).Order());
        h.Complete(instance, "Seal");
        Assert.False(instance.IsEnded);
        h.Complete(instance, "Tax");

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "Split", "Seal", "Tax", "Join", "E"], instance.Trace);
    }

    [Fact]
    public void InclusiveGateway_NoConditionTrue_TakesDefault()
    {
        var h = new EngineHarness();
        var instance = h.Start(InclusiveModel, EngineHarness.Vars(("wantsSeal", false), ("wantsTax", false)));

        Assert.Equal("Bank", Assert.Single(instance.UserTasks).NodeId);
        h.Complete(instance, "Bank");
        Assert.Equal(["S", "Split", "Bank", "Join", "E"], instance.Trace);
    }

    [Fact]
    public void InclusiveJoin_TokenUpstreamInSequence_WaitsForIt()
    {
        // One branch passes through two tasks; the join must not fire when the short branch arrives while the
        // long branch still has a token that can reach it.
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:inclusiveGateway id="Split"/>
            {UserTask("A1")}{UserTask("A2")}{UserTask("B")}
            <bpmn:inclusiveGateway id="Join"/>
            <bpmn:endEvent id="E"/>
            {Flow("S", "Split")}{Flow("Split", "A1", "true")}{Flow("Split", "B", "true")}
            {Flow("A1", "A2")}{Flow("A2", "Join")}{Flow("B", "Join")}{Flow("Join", "E")}
            """);

        h.Complete(instance, "B");
        h.Complete(instance, "A1");
        Assert.False(instance.IsEnded);
        Assert.DoesNotContain("Join", instance.Trace);
        h.Complete(instance, "A2");

        Assert.True(instance.IsEnded);
        Assert.Equal(1, instance.Trace.Count(t => t == "Join"));
    }

    [Fact]
    public void InclusiveJoin_OtherTokenLeavesOnAnotherPath_FiresWithoutIt()
    {
        // Branch A may route away from the join (to its own end); once it does, the join fires for branch B alone.
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            {UserTask("A")}{UserTask("B")}
            <bpmn:exclusiveGateway id="Route" default="ToJoin"/>
            <bpmn:inclusiveGateway id="Join"/>
            <bpmn:endEvent id="Away"/><bpmn:endEvent id="E"/>
            {Flow("S", "Fork")}{Flow("Fork", "A")}{Flow("Fork", "B")}
            {Flow("A", "Route")}{Flow("Route", "Away", "skip")}{Flow("Route", "Join", id: "ToJoin")}
            {Flow("B", "Join")}{Flow("Join", "E")}
            """);

        h.Complete(instance, "B");
        Assert.DoesNotContain("Join", instance.Trace);
        h.Complete(instance, "A", EngineHarness.Vars(("skip", true)));

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "Fork", "A", "B", "Route", "Away", "Join", "E"], instance.Trace);
    }

    [Fact]
    public void EventBasedGateway_MessageFirst_CancelsTimer()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:eventBasedGateway id="G"/>
            <bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition messageRef="Msg_Paid"/></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="Timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="EndPaid"/><bpmn:endEvent id="EndTimeout"/>
            {Flow("S", "G")}{Flow("G", "Paid")}{Flow("G", "Timeout")}{Flow("Paid", "EndPaid")}{Flow("Timeout", "EndTimeout")}
            """, declarations: """<bpmn:message id="Msg_Paid" name="缴费完成"/>""");

        Assert.Equal(2, instance.Waits.Count);
        var received = h.Engine.CorrelateMessage("缴费完成");

        Assert.Same(instance, received);
        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "G", "Paid", "EndPaid"], instance.Trace);
        Assert.Null(h.Engine.NextTimerDueAt());
    }

    [Fact]
    public void EventBasedGateway_TimerFirst_CancelsMessage()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:eventBasedGateway id="G"/>
            <bpmn:receiveTask id="Paid" messageRef="Msg_Paid"/>
            <bpmn:intermediateCatchEvent id="Timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="EndPaid"/><bpmn:endEvent id="EndTimeout"/>
            {Flow("S", "G")}{Flow("G", "Paid")}{Flow("G", "Timeout")}{Flow("Paid", "EndPaid")}{Flow("Timeout", "EndTimeout")}
            """, declarations: """<bpmn:message id="Msg_Paid" name="缴费完成"/>""");

        h.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, h.Engine.FireDueTimers());
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, h.Engine.FireDueTimers());

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "G", "Timeout", "EndTimeout"], instance.Trace);
        Assert.Null(h.Engine.CorrelateMessage("缴费完成"));
    }
}
