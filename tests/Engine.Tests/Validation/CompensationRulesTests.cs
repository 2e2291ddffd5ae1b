using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

/// <summary>Compensation that can run: boundary event → association → handler outside the sequence flow, and a
/// throw that names, if anything, a compensable activity of its own scope. Transactions run as sub-processes.</summary>
public sealed class CompensationRulesTests
{
    [Fact]
    public void Validate_CompensationInsideTransactionDrawnAsBpmnJsDrawsIt_ReportsNothing()
    {
        var problems = ValidateXml(Wrap("""
            <bpmn:startEvent id="Start"/>
            <bpmn:transaction id="Tx">
              <bpmn:startEvent id="TxStart"/>
              <bpmn:task id="Book"/>
              <bpmn:boundaryEvent id="BookComp" attachedToRef="Book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
              <bpmn:task id="CancelBooking" isForCompensation="true"/>
              <bpmn:association id="a1" associationDirection="One" sourceRef="BookComp" targetRef="CancelBooking"/>
              <bpmn:intermediateThrowEvent id="Undo"><bpmn:compensateEventDefinition activityRef="Book"/></bpmn:intermediateThrowEvent>
              <bpmn:endEvent id="TxEnd"><bpmn:compensateEventDefinition/></bpmn:endEvent>
              <bpmn:sequenceFlow id="t1" sourceRef="TxStart" targetRef="Book"/>
              <bpmn:sequenceFlow id="t2" sourceRef="Book" targetRef="Undo"/>
              <bpmn:sequenceFlow id="t3" sourceRef="Undo" targetRef="TxEnd"/>
            </bpmn:transaction>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Tx"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Tx" targetRef="End"/>
            """));

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_CompensationThatCannotRun_ReportsCompensationInvalidOnEachElement()
    {
        var problems = ValidateXml(Wrap("""
            <bpmn:startEvent id="Start"/>
            <bpmn:task id="Work"/>
            <bpmn:boundaryEvent id="NoHandler" attachedToRef="Work"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
            <bpmn:task id="Many"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:task>
            <bpmn:boundaryEvent id="OnMany" attachedToRef="Many"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
            <bpmn:task id="UndoMany" isForCompensation="true"/>
            <bpmn:association id="a1" sourceRef="OnMany" targetRef="UndoMany"/>
            <bpmn:task id="Orphan" isForCompensation="true"/>
            <bpmn:intermediateThrowEvent id="UndoWork"><bpmn:compensateEventDefinition activityRef="Work"/></bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Many"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Many" targetRef="UndoWork"/>
            <bpmn:sequenceFlow id="f4" sourceRef="UndoWork" targetRef="End"/>
            <bpmn:sequenceFlow id="f5" sourceRef="NoHandler" targetRef="End"/>
            """));

        Assert.Equal(
            [
                ("NoHandler", ProblemCodes.CompensationInvalid), ("NoHandler", ProblemCodes.CompensationInvalid),
                ("OnMany", ProblemCodes.CompensationInvalid), ("Orphan", ProblemCodes.CompensationInvalid),
                ("UndoWork", ProblemCodes.CompensationInvalid),
            ],
            Ids(problems));
        Assert.Contains("出口顺序流", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("多实例", problems[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CompensationHandlerInTheSequenceFlow_ReportsCompensationInvalid()
    {
        var problems = ValidateXml(Wrap("""
            <bpmn:startEvent id="Start"/>
            <bpmn:task id="Work"/>
            <bpmn:boundaryEvent id="WorkComp" attachedToRef="Work"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
            <bpmn:task id="Undo" isForCompensation="true"/>
            <bpmn:association id="a1" sourceRef="Undo" targetRef="WorkComp"/>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Undo"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Undo" targetRef="End"/>
            """));

        // An association drawn from the handler to the boundary event links them just the same.
        Assert.Equal([("Undo", ProblemCodes.CompensationInvalid)], Ids(problems));
        Assert.Contains("顺序流", problems[0].Message, StringComparison.Ordinal);
    }
}
