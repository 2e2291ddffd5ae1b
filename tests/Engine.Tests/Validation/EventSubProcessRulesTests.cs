using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

/// <summary>Event sub-processes: entered only by the trigger of their one start event (timer, message, signal or
/// error), never by sequence flows.</summary>
public sealed class EventSubProcessRulesTests
{
    private const string Declarations = """
        <bpmn:message id="Msg" name="撤回"/><bpmn:signal id="Sig" name="暂停"/><bpmn:error id="Err" errorCode="E1"/>
        """;

    private const string Main = """
        <bpmn:startEvent id="Start"/><bpmn:task id="Work"/><bpmn:endEvent id="End"/>
        <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work"/>
        <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End"/>
        """;

    private const string SecondStart = """
        <bpmn:startEvent id="Second"><bpmn:signalEventDefinition signalRef="Sig"/></bpmn:startEvent>
        <bpmn:sequenceFlow id="s2" sourceRef="Second" targetRef="TwoEnd"/>
        """;

    private static string EventSubProcess(string id, string startBody, string startAttributes = "", string extra = "") => $"""
        <bpmn:subProcess id="{id}" triggeredByEvent="true">
          <bpmn:startEvent id="{id}Start" {startAttributes}>{startBody}</bpmn:startEvent>
          <bpmn:endEvent id="{id}End"/>
          <bpmn:sequenceFlow id="{id}Flow" sourceRef="{id}Start" targetRef="{id}End"/>
          {extra}
        </bpmn:subProcess>
        """;

    [Fact]
    public void Validate_EventSubProcessesWithEachSupportedTrigger_ReportsNothing()
    {
        var problems = ValidateXml(Wrap(Main
            + EventSubProcess("OnError", """<bpmn:errorEventDefinition errorRef="Err"/>""")
            + EventSubProcess("OnMessage", """<bpmn:messageEventDefinition messageRef="Msg"/>""", """isInterrupting="false" """)
            + EventSubProcess("OnSignal", """<bpmn:signalEventDefinition signalRef="Sig"/>""")
            + EventSubProcess("OnTimer", "<bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>",
                """isInterrupting="false" """), Declarations));

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_EventSubProcessEnteredByFlowsWithBoundaryOrNonInterruptingErrorStart_ReportsEventSubProcessInvalid()
    {
        var problems = ValidateXml(Wrap("""
            <bpmn:startEvent id="Start"/><bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wired"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Wired" targetRef="End"/>
            <bpmn:boundaryEvent id="Late" attachedToRef="Wired"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:endEvent id="LateEnd"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Late" targetRef="LateEnd"/>
            """ + EventSubProcess("Wired", """<bpmn:errorEventDefinition errorRef="Err"/>""", """isInterrupting="false" """),
            Declarations));

        var invalid = problems.Where(p => p.Code == ProblemCodes.EventSubProcessInvalid).ToList();
        Assert.Equal(3, invalid.Count);
        Assert.All(invalid, p => Assert.Equal("Wired", p.ElementId));
        Assert.Contains(invalid, p => p.Message.Contains("顺序流", StringComparison.Ordinal));
        Assert.Contains(invalid, p => p.Message.Contains("边界事件", StringComparison.Ordinal));
        Assert.Contains(invalid, p => p.Message.Contains("isInterrupting", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EventSubProcessWithTwoStartsNoneStartOrNoStart_ReportsEachProblem()
    {
        var problems = ValidateXml(Wrap(Main
            + EventSubProcess("Two", """<bpmn:messageEventDefinition messageRef="Msg"/>""",
                extra: SecondStart)
            + EventSubProcess("Untriggered", "")
            + """
              <bpmn:subProcess id="Startless" triggeredByEvent="true"><bpmn:task id="Alone"/></bpmn:subProcess>
              """, Declarations));

        Assert.Equal(
            [
                ("Two", ProblemCodes.EventSubProcessInvalid), ("UntriggeredStart", ProblemCodes.UnsupportedEvent),
                ("Startless", ProblemCodes.NoStartEvent),
            ],
            Ids(problems));
    }

    [Fact]
    public void Validate_ErrorStartEventOfAProcess_ReportsUnsupportedEvent()
    {
        var problems = ValidateXml(Wrap("""
            <bpmn:startEvent id="Start"><bpmn:errorEventDefinition errorRef="Err"/></bpmn:startEvent>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="End"/>
            """, Declarations));

        Assert.Equal([("Start", ProblemCodes.UnsupportedEvent)], Ids(problems));
    }
}
