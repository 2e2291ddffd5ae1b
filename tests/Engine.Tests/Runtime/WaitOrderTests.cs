using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

/// <summary>Waits created by one command share their creation time (the clock does not move during a command), so
/// "oldest first" must not fall back on the random part of the ids to decide between them.</summary>
public class WaitOrderTests
{
    private const int Branches = 8;

    /// <summary>Random tie-breaking only shows when the waits are created within one millisecond of real time (the
    /// ids embed it); the first round may be slowed by the JIT, later rounds are not.</summary>
    private const int Rounds = 10;

    private static readonly string[] BranchIds = [.. Enumerable.Range(1, Branches).Select(i => $"C{i}")];

    /// <summary>A parallel split into <see cref="Branches"/> catch events, each joined straight to its own end.</summary>
    private static string FanOut(string eventDefinition) => $"""
        <bpmn:startEvent id="S"/>
        <bpmn:parallelGateway id="Fork"/>
        {string.Concat(BranchIds.Select(id => $"""<bpmn:intermediateCatchEvent id="{id}">{eventDefinition}</bpmn:intermediateCatchEvent><bpmn:endEvent id="E{id}"/>"""))}
        {Flow("S", "Fork")}
        {string.Concat(BranchIds.Select(id => Flow("Fork", id) + Flow(id, "E" + id)))}
        """;

    /// <summary>The end events in the order they were reached (the catch events are traced when entered, so they
    /// always appear in document order).</summary>
    private static IEnumerable<string> EndEvents(ProcessInstance instance) =>
        instance.Trace.Where(id => id.StartsWith("EC", StringComparison.Ordinal));

    [Fact]
    public void CorrelateMessage_SubscriptionsCreatedByOneCommand_ReachesThemInCreationOrder()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var h = new EngineHarness();
            var instance = h.Start(FanOut("""<bpmn:messageEventDefinition messageRef="Msg"/>"""),
                declarations: """<bpmn:message id="Msg" name="ping"/>""");

            for (var i = 0; i < Branches; i++)
            {
                h.Engine.CorrelateMessage("ping");
            }

            Assert.True(instance.IsEnded);
            // The branches were entered (and subscribed) in document order, so they must be released in that order;
            // a released branch reaches its end event at once, so the end events show the release order.
            Assert.Equal(BranchIds.Select(id => "E" + id), EndEvents(instance));
        }
    }

    [Fact]
    public void FireDueTimers_TimersDueAtTheSameTime_FiresThemInCreationOrder()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var h = new EngineHarness();
            var instance = h.Start(FanOut(
                "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>"));

            h.Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(Branches, h.Engine.FireDueTimers());

            Assert.True(instance.IsEnded);
            Assert.Equal(BranchIds.Select(id => "E" + id), EndEvents(instance));
        }
    }

    [Fact]
    public void RunToEnd_UserTasksCreatedByOneCommand_CompletesThemInCreationOrder()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var h = new EngineHarness();
            var instance = h.Start($"""
                <bpmn:startEvent id="S"/>
                <bpmn:parallelGateway id="Fork"/>
                {string.Concat(BranchIds.Select(id => UserTask(id) + $"""<bpmn:endEvent id="E{id}"/>"""))}
                {Flow("S", "Fork")}
                {string.Concat(BranchIds.Select(id => Flow("Fork", id) + Flow(id, "E" + id)))}
                """);

            h.RunToEnd(instance);

            Assert.True(instance.IsEnded);
            // Each completed task leaves for its end event at once, so the end events show the completion order.
            Assert.Equal(BranchIds.Select(id => "E" + id), EndEvents(instance));
        }
    }
}
