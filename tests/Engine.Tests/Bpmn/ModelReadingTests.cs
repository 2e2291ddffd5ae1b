using OneThing.Engine.Model;
using static OneThing.Engine.Tests.Bpmn.Fixtures;

namespace OneThing.Engine.Tests.Bpmn;

/// <summary>The process model built from BPMN elements: kinds, flows, boundaries, defaults, events, loops and
/// the problems reported instead of thrown.</summary>
public sealed class ModelReadingTests
{
    [Fact]
    public void Import_EveryKnownElement_MapsToItsKindInDocumentOrder()
    {
        var names = new[]
        {
            "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "task", "userTask",
            "serviceTask", "sendTask", "receiveTask", "manualTask", "businessRuleTask", "scriptTask",
            "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
            "subProcess", "transaction", "adHocSubProcess", "callActivity",
        };
        var (process, problems) = ImportBody(string.Concat(names.Select((n, i) => $"""<bpmn:{n} id="N{i}"/>""")));

        Assert.Empty(problems);
        Assert.Equal(names, process.Nodes.Select(n => n.ElementType));
        Assert.Equal(names.Select((_, i) => $"N{i}"), process.Nodes.Select(n => n.Id));
        Assert.Equal(ElementKind.AdHocSubProcess, process.FindNode("N19")!.Kind);
        Assert.IsType<SubProcessNode>(process.FindNode("N18"));
    }

    [Fact]
    public void Import_UnknownFlowNodeAndArtifacts_UnsupportedNodeOnlyForTheFlowNode()
    {
        var (process, problems) = ImportBody("""
            <bpmn:documentation>文档</bpmn:documentation>
            <bpmn:implicitThrowEvent id="Implicit"/>
            <bpmn:dataObject id="DO"/><bpmn:dataObjectReference id="DOR" dataObjectRef="DO"/>
            <bpmn:dataStoreReference id="DSR"/><bpmn:textAnnotation id="TA"/>
            <bpmn:association id="A" sourceRef="Implicit" targetRef="TA"/><bpmn:group id="G"/>
            <bpmn:laneSet id="LS"><bpmn:lane id="L"/></bpmn:laneSet>
            <bpmn:ioSpecification id="IOS"/><bpmn:property id="Prop"/>
            <acme:whatever xmlns:acme="urn:acme" id="Foreign"/>
            """);

        Assert.Empty(problems);
        var node = Assert.Single(process.Nodes);
        Assert.Equal(ElementKind.Unsupported, node.Kind);
        Assert.Equal("implicitThrowEvent", node.ElementType);
    }

    [Fact]
    public void Import_SequenceFlows_LinkedBothWaysWithConditionNameAndLanguage()
    {
        var (process, _) = ImportBody("""
            <bpmn:exclusiveGateway id="G" default="Else"/>
            <bpmn:task id="A"/><bpmn:task id="B"/>
            <bpmn:sequenceFlow id="Big" name="大额" sourceRef="G" targetRef="A">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                = amount &gt; 100
              </bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="Js" sourceRef="G" targetRef="A">
              <bpmn:conditionExpression language="javascript">next(null, true)</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="Else" sourceRef="G" targetRef="B"/>
            """);

        var gateway = process.FindNode("G")!;
        Assert.Equal(["Big", "Js", "Else"], gateway.Outgoing.Select(f => f.Id));
        Assert.Equal(["Big", "Js"], process.FindNode("A")!.Incoming.Select(f => f.Id));
        var big = process.Flows[0];
        Assert.Equal("= amount > 100", big.Condition);
        Assert.Equal("大额", big.Name);
        Assert.Null(big.ConditionLanguage);
        Assert.Equal("javascript", process.Flows[1].ConditionLanguage);
        Assert.Equal("next(null, true)", process.Flows[1].Condition);
        Assert.Same(process.Flows[2], gateway.DefaultFlow);
        Assert.True(process.Flows[2].IsDefault);
        Assert.Null(process.Flows[2].Condition);
    }

    [Fact]
    public void Import_DefaultOnActivityAndInvalidDefault_SetOrReported()
    {
        var (process, problems) = ImportBody("""
            <bpmn:task id="T" default="F2"/><bpmn:task id="U" default="F1"/><bpmn:exclusiveGateway id="G" default="Nope"/>
            <bpmn:sequenceFlow id="F1" sourceRef="T" targetRef="U"/>
            <bpmn:sequenceFlow id="F2" sourceRef="T" targetRef="G"/>
            """);

        Assert.Equal("F2", process.FindNode("T")!.DefaultFlow!.Id);
        Assert.Null(process.FindNode("U")!.DefaultFlow);
        Assert.Equal(["U", "G"], problems.Where(p => p.Code == "DEFAULT_FLOW_INVALID").Select(p => p.ElementId));
    }

    [Fact]
    public void Import_BoundaryEvents_AttachedBothWaysEvenWhenDeclaredFirst()
    {
        var (process, problems) = ImportBody("""
            <bpmn:boundaryEvent id="Timeout" attachedToRef="Work" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:userTask id="Work"/>
            <bpmn:boundaryEvent id="Failed" attachedToRef="Work">
              <bpmn:errorEventDefinition errorRef="Err_Registry"/>
            </bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="Lost" attachedToRef="Nowhere"/>
            """, """<bpmn:error id="Err_Registry" name="登记失败" errorCode="REGISTRY_DOWN"/>""");

        var work = process.FindNode("Work")!;
        Assert.Equal(["Timeout", "Failed"], work.BoundaryEvents.Select(b => b.Id));
        var timeout = process.FindNode("Timeout")!;
        Assert.Same(work, timeout.AttachedTo);
        Assert.False(timeout.CancelActivity);
        Assert.Equal(new TimerEventDefinition(null, TimerKind.Cycle, "R2/PT1H"), timeout.EventDefinition);
        var failed = process.FindNode("Failed")!;
        Assert.True(failed.CancelActivity);
        Assert.Equal(new ErrorEventDefinition(null, "Err_Registry", "REGISTRY_DOWN"), failed.EventDefinition);
        var problem = Assert.Single(problems);
        Assert.Equal(("Lost", "boundaryEvent", "ATTACHED_TO_DANGLING"), (problem.ElementId, problem.ElementType, problem.Code));
    }

    [Fact]
    public void Import_EventDefinitions_ReadWithUnsupportedOnesNamed()
    {
        var (process, problems) = ImportBody("""
            <bpmn:startEvent id="S1"><bpmn:timerEventDefinition id="TD"><bpmn:timeDate>2026-03-01T09:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:intermediateCatchEvent id="C1"><bpmn:timerEventDefinition><bpmn:timeDuration> PT4H </bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="C2"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="C3"><bpmn:messageEventDefinition messageRef="M_NoName"/></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="C4"><bpmn:messageEventDefinition messageRef="M_Missing"/></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E1"><bpmn:terminateEventDefinition id="Term"/></bpmn:endEvent>
            <bpmn:endEvent id="E2"><bpmn:errorEventDefinition/></bpmn:endEvent>
            <bpmn:intermediateThrowEvent id="T1"><bpmn:signalEventDefinition id="Sig"/><bpmn:escalationEventDefinition/></bpmn:intermediateThrowEvent>
            <bpmn:intermediateThrowEvent id="T2"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="T3"><bpmn:conditionalEventDefinition/><bpmn:linkEventDefinition/></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="T4"><bpmn:cancelEventDefinition/></bpmn:endEvent>
            <bpmn:endEvent id="T5"><bpmn:eventDefinitionRef>SomeDef</bpmn:eventDefinitionRef></bpmn:endEvent>
            """, """<bpmn:message id="M_NoName"/>""");

        EventDefinition? Def(string id) => process.FindNode(id)!.EventDefinition;
        Assert.Equal(new TimerEventDefinition("TD", TimerKind.Date, "2026-03-01T09:00:00+08:00"), Def("S1"));
        Assert.Equal(new TimerEventDefinition(null, TimerKind.Duration, "PT4H"), Def("C1"));
        Assert.Equal(new TimerEventDefinition(null, TimerKind.Duration, ""), Def("C2"));
        Assert.Equal(new MessageEventDefinition(null, "M_NoName", "M_NoName", null), Def("C3"));
        Assert.Equal(new MessageEventDefinition(null, "M_Missing", null, null), Def("C4"));
        Assert.Equal(new TerminateEventDefinition("Term"), Def("E1"));
        Assert.Equal(new ErrorEventDefinition(null, null, null), Def("E2"));
        Assert.Equal([new SignalEventDefinition("Sig", null, null),
            new UnsupportedEventDefinition(null, "escalationEventDefinition")], process.FindNode("T1")!.EventDefinitions);
        Assert.Null(Def("T1"));
        Assert.Equal(new CompensateEventDefinition(null, null, WaitForCompletion: true), Def("T2"));
        Assert.Equal(2, process.FindNode("T3")!.EventDefinitions.Count);
        Assert.Equal(new UnsupportedEventDefinition(null, "cancelEventDefinition"), Def("T4"));
        Assert.Equal(new UnsupportedEventDefinition(null, "eventDefinitionRef"), Def("T5"));
        Assert.Equal([("C2", "TIMER_VALUE_MISSING"), ("C4", "MESSAGE_REF_DANGLING")],
            problems.Select(p => (p.ElementId, p.Code)));
    }

    [Fact]
    public void Import_SignalEventDefinitions_ResolveTheDeclaredSignalByItsNameOrId()
    {
        var (process, problems) = ImportBody("""
            <bpmn:intermediateThrowEvent id="Named"><bpmn:signalEventDefinition id="SD" signalRef="S_Named"/></bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="Nameless"><bpmn:signalEventDefinition signalRef="S_NoName"/></bpmn:intermediateCatchEvent>
            <bpmn:boundaryEvent id="Missing" attachedToRef="Named"><bpmn:signalEventDefinition signalRef="S_Missing"/></bpmn:boundaryEvent>
            """, """<bpmn:signal id="S_Named" name="价格更新"/><bpmn:signal id="S_NoName"/>""");

        Assert.Equal(new SignalEventDefinition("SD", "S_Named", "价格更新"), process.FindNode("Named")!.EventDefinition);
        Assert.Equal(new SignalEventDefinition(null, "S_NoName", "S_NoName"), process.FindNode("Nameless")!.EventDefinition);
        Assert.Equal(new SignalEventDefinition(null, "S_Missing", null), process.FindNode("Missing")!.EventDefinition);
        Assert.Equal([("Missing", "SIGNAL_REF_DANGLING")], problems.Select(p => (p.ElementId, p.Code)));
    }

    [Fact]
    public void Import_ReceiveAndSendTaskMessageRef_ReadAsMessageDefinition()
    {
        var (process, problems) = ImportBody("""
            <bpmn:receiveTask id="R" messageRef="M"/><bpmn:sendTask id="Send" messageRef="M"/>
            <bpmn:receiveTask id="Plain"/><bpmn:receiveTask id="Lost" messageRef="Nope"/>
            """, """<bpmn:message id="M" name="缴费完成"/>""");

        Assert.Equal(new MessageEventDefinition(null, "M", "缴费完成", null), process.FindNode("R")!.EventDefinition);
        Assert.Equal(new MessageEventDefinition(null, "M", "缴费完成", null), process.FindNode("Send")!.EventDefinition);
        Assert.Empty(process.FindNode("Plain")!.EventDefinitions);
        Assert.Equal(("Lost", "MESSAGE_REF_DANGLING"), (Assert.Single(problems).ElementId, problems[0].Code));
    }

    [Fact]
    public void Import_StartEventAndEventSubProcess_InterruptingAndTriggeredByEvent()
    {
        var (process, _) = ImportBody("""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Reminders" triggeredByEvent="true">
              <bpmn:startEvent id="Remind" isInterrupting="false">
                <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
              </bpmn:startEvent>
            </bpmn:subProcess>
            """);

        Assert.True(process.FindNode("S")!.IsInterrupting);
        var sub = Assert.IsType<SubProcessNode>(process.FindNode("Reminders"));
        Assert.True(sub.TriggeredByEvent);
        Assert.False(process.FindNode("Remind")!.IsInterrupting);
        Assert.Same(sub, process.FindNode("Remind")!.Scope);
    }

    [Fact]
    public void Import_NestedSubProcesses_ScopesFlowsAndAllNodes()
    {
        var (process, problems) = ImportBody("""
            <bpmn:subProcess id="Outer">
              <bpmn:startEvent id="OS"/>
              <bpmn:subProcess id="Inner"><bpmn:startEvent id="IS"/><bpmn:endEvent id="IE"/>
                <bpmn:sequenceFlow id="IF" sourceRef="IS" targetRef="IE"/>
              </bpmn:subProcess>
              <bpmn:sequenceFlow id="OF" sourceRef="OS" targetRef="Inner"/>
              <bpmn:sequenceFlow id="Cross" sourceRef="OS" targetRef="IE"/>
            </bpmn:subProcess>
            """);

        var outer = Assert.IsType<SubProcessNode>(Assert.Single(process.Nodes));
        var inner = Assert.IsType<SubProcessNode>(process.FindNode("Inner"));
        Assert.Equal(["OS", "Inner"], outer.Nodes.Select(n => n.Id));
        Assert.Equal(["OF"], outer.Flows.Select(f => f.Id));
        Assert.Equal(["IF"], inner.Flows.Select(f => f.Id));
        Assert.Same(inner, process.FindNode("IE")!.Scope);
        Assert.Equal(6 - 1, process.AllNodes.Count);
        var problem = Assert.Single(problems);
        Assert.Equal(("Cross", "sequenceFlow", "FLOW_DANGLING"), (problem.ElementId, problem.ElementType, problem.Code));
    }

    [Fact]
    public void Import_DuplicateAndMissingIds_ReportedAndSkipped()
    {
        var (process, problems) = ImportBody("""
            <bpmn:task id="A" name="first"/><bpmn:task id="A" name="second"/><bpmn:task name="no id"/>
            <bpmn:sequenceFlow id="A" sourceRef="A" targetRef="A"/>
            <bpmn:sequenceFlow id="F" sourceRef="A" targetRef="A"/><bpmn:sequenceFlow id="F" sourceRef="A" targetRef="A"/>
            <bpmn:sequenceFlow id="G" targetRef="A"/>
            """);

        Assert.Equal("first", Assert.Single(process.Nodes).Name);
        Assert.Equal(["F"], process.Flows.Select(f => f.Id));
        Assert.Equal(["DUPLICATE_ID", "ID_MISSING", "DUPLICATE_ID", "DUPLICATE_ID", "FLOW_DANGLING"],
            problems.Select(p => p.Code));
        Assert.All(problems, p => Assert.Equal(ProblemSeverity.Error, p.Severity));
    }

    [Fact]
    public void Import_MultiInstanceWithBpmnDataRefsAndStandardLoop_Read()
    {
        var (process, _) = ImportBody("""
            <bpmn:userTask id="Sign" isForCompensation="true">
              <bpmn:multiInstanceLoopCharacteristics isSequential="false">
                <bpmn:loopCardinality>3</bpmn:loopCardinality>
                <bpmn:loopDataInputRef>signers</bpmn:loopDataInputRef>
                <bpmn:inputDataItem id="Item_1" name="signer"/>
                <bpmn:completionCondition>= nrOfCompletedInstances = 1</bpmn:completionCondition>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:task id="Loop"><bpmn:standardLoopCharacteristics/></bpmn:task>
            """);

        var sign = process.FindNode("Sign")!;
        Assert.Equal(new MultiInstanceLoop(false, "3", "signers", "signer", null, null, "= nrOfCompletedInstances = 1"),
            sign.MultiInstance);
        Assert.True(sign.IsForCompensation);
        Assert.False(sign.HasStandardLoop);
        Assert.True(process.FindNode("Loop")!.HasStandardLoop);
        Assert.Null(process.FindNode("Loop")!.MultiInstance);
    }

    [Fact]
    public void Import_SeveralProcessesAndDeclarations_AllReadWithAttributes()
    {
        var document = Engine.Bpmn.BpmnImporter.Import($"""
            <bpmn:definitions {Namespaces} id="D">
              <bpmn:message id="M1" name="paid"/><bpmn:error id="E1" errorCode="E_CODE"/>
              <bpmn:process id="A" name="甲" isExecutable="false"/>
              <bpmn:process id="B"/>
              <bpmn:process name="无 id"/>
            </bpmn:definitions>
            """);

        Assert.Equal(["A", "B"], document.Processes.Select(p => p.Id));
        Assert.False(document.FindProcess("A")!.IsExecutable);
        Assert.Equal("甲", document.FindProcess("A")!.Name);
        Assert.True(document.FindProcess("B")!.IsExecutable);
        Assert.Equal(new MessageDeclaration("M1", "paid"), document.Messages["M1"]);
        Assert.Equal(new ErrorDeclaration("E1", null, "E_CODE"), document.Errors["E1"]);
        Assert.Equal("ID_MISSING", Assert.Single(document.ImportProblems).Code);
    }

    [Fact]
    public void Import_PrefixedReferences_Resolved()
    {
        var (process, problems) = ImportBody("""
            <bpmn:task id="A"/><bpmn:task id="B"/>
            <bpmn:sequenceFlow id="F" sourceRef="tns:A" targetRef="tns:B"/>
            """);

        Assert.Empty(problems);
        Assert.Equal("B", Assert.Single(process.Flows).Target.Id);
    }
}
