using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

/// <summary>会签 (all must sign), 或签 (any one signs), 票签 (a share of votes decides) through multi-instance.
/// </summary>
public class MultiInstanceTests
{
    private static string Countersign(bool sequential, string? completion) => $"""
        <bpmn:startEvent id="S"/>
        <bpmn:userTask id="Sign" camunda:candidateGroups="规划资源局">
          <bpmn:multiInstanceLoopCharacteristics isSequential="{(sequential ? "true" : "false")}">
            <bpmn:extensionElements>
              <zeebe:loopCharacteristics inputCollection="=approvers" inputElement="approver" outputCollection="votes" outputElement="=vote"/>
            </bpmn:extensionElements>
            {(completion is null ? "" : $"<bpmn:completionCondition>{completion}</bpmn:completionCondition>")}
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:userTask>
        <bpmn:endEvent id="E"/>
        {Chain("S", "Sign", "E")}
        """;

    private static Dictionary<string, object?> Approvers(int n) =>
        EngineHarness.Vars(("approvers", Enumerable.Range(1, n).Select(i => (object?)$"审批人{i}").ToList()));

    private static void Vote(EngineHarness h, ProcessInstance instance, string approver, string vote)
    {
        var task = instance.UserTasks.Single(t => Equals(t.Execution.LocalVariables!["approver"], approver));
        h.Engine.Complete(instance, task.Id, EngineHarness.Vars(("vote", vote)));
    }

    [Fact]
    public void Parallel_AllSign_会签_CollectsEveryVoteInOrder()
    {
        var h = new EngineHarness();
        var instance = h.Start(Countersign(sequential: false, completion: null), Approvers(3));

        Assert.Equal(3, instance.UserTasks.Count());
        Vote(h, instance, "审批人2", "同意");
        Vote(h, instance, "审批人1", "同意");
        Assert.False(instance.IsEnded);
        Vote(h, instance, "审批人3", "不同意");

        Assert.True(instance.IsEnded);
        Assert.Equal(["同意", "同意", "不同意"], (IEnumerable<object?>)instance.Variables["votes"]!);
        Assert.Equal(["S", "Sign", "Sign", "Sign", "E"], instance.Trace);
    }

    [Fact]
    public void Parallel_AnyOneSigns_或签_CancelsTheOthers()
    {
        var h = new EngineHarness();
        var instance = h.Start(Countersign(sequential: false, completion: "nrOfCompletedInstances >= 1"), Approvers(3));

        Vote(h, instance, "审批人2", "同意");

        Assert.True(instance.IsEnded);
        Assert.Empty(instance.Waits);
        Assert.Equal([null, "同意", null], (IEnumerable<object?>)instance.Variables["votes"]!);
    }

    [Fact]
    public void Parallel_VoteShare_票签_CompletesWhenTwoThirdsAgree()
    {
        var h = new EngineHarness();
        var instance = h.Start(
            Countersign(sequential: false, completion: "count(votes[item = \"同意\"]) / nrOfInstances >= 2/3"),
            Approvers(3));

        Vote(h, instance, "审批人1", "同意");
        Vote(h, instance, "审批人3", "不同意");
        Assert.False(instance.IsEnded);
        Vote(h, instance, "审批人2", "同意");

        Assert.True(instance.IsEnded);
    }

    [Fact]
    public void Parallel_VoteShare_票签_StopsEarlyOnceThresholdReached()
    {
        var h = new EngineHarness();
        var instance = h.Start(
            Countersign(sequential: false, completion: "count(votes[item = \"同意\"]) / nrOfInstances > 0.5"),
            Approvers(3));

        Vote(h, instance, "审批人1", "同意");
        Vote(h, instance, "审批人2", "同意");

        Assert.True(instance.IsEnded);
        Assert.Empty(instance.Waits);
    }

    [Fact]
    public void Sequential_OneAfterAnother_InCollectionOrder()
    {
        var h = new EngineHarness();
        var instance = h.Start(Countersign(sequential: true, completion: null), Approvers(3));

        for (var i = 1; i <= 3; i++)
        {
            var task = Assert.Single(instance.UserTasks);
            Assert.Equal($"审批人{i}", task.Execution.LocalVariables!["approver"]);
            Assert.Equal((decimal)i, task.Execution.LocalVariables!["loopCounter"]);
            h.Engine.Complete(instance, task.Id, EngineHarness.Vars(("vote", $"v{i}")));
        }

        Assert.True(instance.IsEnded);
        Assert.Equal(["v1", "v2", "v3"], (IEnumerable<object?>)instance.Variables["votes"]!);
    }

    [Fact]
    public void Cardinality_EmptyCollection_SkipsActivity()
    {
        var h = new EngineHarness();

        var instance = h.Start(Countersign(sequential: false, completion: null), Approvers(0));

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "E"], instance.Trace);
    }

    [Fact]
    public void LoopCardinality_SubProcessInstances_EachRunsItsOwnScope()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
              <bpmn:startEvent id="SubS"/>{UserTask("Inner")}<bpmn:endEvent id="SubE"/>
              {Chain("SubS", "Inner", "SubE")}
            </bpmn:subProcess>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Sub", "E")}
            """);

        Assert.Equal(2, instance.UserTasks.Count());
        h.RunToEnd(instance);

        Assert.True(instance.IsEnded);
        Assert.Equal(2, instance.Trace.Count(t => t == "Inner"));
    }

    [Fact]
    public void BoundaryTimer_OnMultiInstance_InterruptsAllInstances()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="Sign" camunda:candidateGroups="房管局">
              <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:boundaryEvent id="Late" attachedToRef="Sign"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:endEvent id="E"/><bpmn:endEvent id="LateEnd"/>
            {Chain("S", "Sign", "E")}{Flow("Late", "LateEnd")}
            """);

        h.Clock.Advance(TimeSpan.FromDays(3));
        h.Engine.FireDueTimers();

        Assert.True(instance.IsEnded);
        Assert.Equal("LateEnd", instance.Trace[^1]);
        Assert.Empty(instance.Waits);
    }
}
