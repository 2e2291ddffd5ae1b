using OneThing.Engine.Model;
using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

/// <summary>Signal events: allowed wherever BPMN puts them in a process (start, catch, throw, end, boundary,
/// event-based gateway target), as long as they name a signal.</summary>
public sealed class SignalRulesTests
{
    private const string Declarations = """<bpmn:signal id="Sig" name="价格更新"/>""";

    private const string Definition = """<bpmn:signalEventDefinition signalRef="Sig"/>""";

    [Fact]
    public void Validate_SignalEventsInEverySupportedPosition_ReportsNothing()
    {
        var problems = ValidateXml(Wrap($"""
            <bpmn:startEvent id="Start">{Definition}</bpmn:startEvent>
            <bpmn:intermediateThrowEvent id="Throw">{Definition}</bpmn:intermediateThrowEvent>
            <bpmn:eventBasedGateway id="Gate"/>
            <bpmn:intermediateCatchEvent id="Catch">{Definition}</bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="Late"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:userTask id="Work" camunda:candidateGroups="市场监管局"/>
            <bpmn:boundaryEvent id="Stop" attachedToRef="Work">{Definition}</bpmn:boundaryEvent>
            <bpmn:endEvent id="End">{Definition}</bpmn:endEvent>
            <bpmn:endEvent id="StopEnd"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Throw"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Throw" targetRef="Gate"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Gate" targetRef="Catch"/>
            <bpmn:sequenceFlow id="f4" sourceRef="Gate" targetRef="Late"/>
            <bpmn:sequenceFlow id="f5" sourceRef="Catch" targetRef="Work"/>
            <bpmn:sequenceFlow id="f6" sourceRef="Late" targetRef="Work"/>
            <bpmn:sequenceFlow id="f7" sourceRef="Work" targetRef="End"/>
            <bpmn:sequenceFlow id="f8" sourceRef="Stop" targetRef="StopEnd"/>
            """, Declarations));

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_SignalEventsWithoutOrWithDanglingSignalRef_ReportSignalUnnamedAndLeaveDanglingToImporter()
    {
        var problems = ValidateXml(Wrap("""
            <bpmn:startEvent id="Start"/>
            <bpmn:intermediateThrowEvent id="NoRef"><bpmn:signalEventDefinition/></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="Dangling"><bpmn:signalEventDefinition signalRef="Nowhere"/></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="NoRef"/>
            <bpmn:sequenceFlow id="f2" sourceRef="NoRef" targetRef="Dangling"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Dangling" targetRef="End"/>
            """, Declarations));

        Assert.Equal([("NoRef", ProblemCodes.SignalUnnamed), ("Dangling", "SIGNAL_REF_DANGLING")], Ids(problems));
        Assert.All(problems, p => Assert.Equal(ProblemSeverity.Error, p.Severity));
    }

    [Fact]
    public void Validate_SignalStartEventInsideEmbeddedSubProcess_ReportsUnsupportedEvent()
    {
        var problems = ValidateXml(Wrap($"""
            <bpmn:startEvent id="Start"/>
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubStart">{Definition}</bpmn:startEvent>
              <bpmn:endEvent id="SubEnd"/>
              <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="SubEnd"/>
            </bpmn:subProcess>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="End"/>
            """, Declarations));

        Assert.Equal([("SubStart", ProblemCodes.UnsupportedEvent)], Ids(problems));
    }
}
