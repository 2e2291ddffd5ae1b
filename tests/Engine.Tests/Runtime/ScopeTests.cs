using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

public class ScopeTests
{
    [Fact]
    public void SubProcess_Embedded_CompletesWhenInnerTokensEnd()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubS"/>
              <bpmn:parallelGateway id="Fork"/>
              {UserTask("A")}{UserTask("B")}
              <bpmn:endEvent id="SubEA"/><bpmn:endEvent id="SubEB"/>
              {Flow("SubS", "Fork")}{Flow("Fork", "A")}{Flow("Fork", "B")}{Flow("A", "SubEA")}{Flow("B", "SubEB")}
            </bpmn:subProcess>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Sub", "E")}
            """);

        h.Complete(instance, "A");
        Assert.False(instance.IsEnded);
        h.Complete(instance, "B");

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "Sub", "SubS", "Fork", "A", "B", "SubEA", "SubEB", "E"], instance.Trace);
    }

    [Fact]
    public void SubProcess_TerminateInside_CompletesOnlyTheSubProcess()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubS"/>
              <bpmn:parallelGateway id="Fork"/>
              {UserTask("Slow")}
              <bpmn:endEvent id="Kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
              {Flow("SubS", "Fork")}{Flow("Fork", "Slow")}{Flow("Fork", "Kill")}
            </bpmn:subProcess>
            {UserTask("After")}
            <bpmn:endEvent id="E"/>
            {Chain("S", "Sub", "After", "E")}
            """);

        Assert.Equal("After", Assert.Single(instance.Waits).NodeId);
        Assert.Equal(InstanceState.Running, instance.State);
    }

    [Fact]
    public void CallActivity_RunsChildAndReturnsMappedOutput()
    {
        var h = new EngineHarness();
        h.Deploy($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                id="D" targetNamespace="urn:t">
              <bpmn:process id="Seal" isExecutable="true">
                <bpmn:startEvent id="CS"/>
                {UserTask("Engrave", "公安局")}
                <bpmn:endEvent id="CE"/>
                {Chain("CS", "Engrave", "CE")}
              </bpmn:process>
              <bpmn:process id="P" isExecutable="true">
                <bpmn:startEvent id="S"/>
                <bpmn:callActivity id="Call" calledElement="Seal">
                  <bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=sealNo" target="公章编号"/></zeebe:ioMapping></bpmn:extensionElements>
                </bpmn:callActivity>
                <bpmn:endEvent id="E"/>
                {Chain("S", "Call", "E")}
              </bpmn:process>
            </bpmn:definitions>
            """);
        var parent = h.Engine.Start("P", EngineHarness.Vars(("company", "徐汇示例有限公司")));

        var call = Assert.Single(parent.Waits);
        Assert.Equal(WaitKind.CalledProcess, call.Kind);
        var child = h.Engine.FindInstance(call.ChildInstanceId!.Value)!;
        Assert.Equal("徐汇示例有限公司", child.Variables["company"]);
        h.Complete(child, "Engrave", EngineHarness.Vars(("sealNo", "S-001")));

        Assert.True(child.IsEnded);
        Assert.True(parent.IsEnded);
        Assert.Equal("S-001", parent.Variables["公章编号"]);
        Assert.False(parent.Variables.ContainsKey("sealNo"));
        Assert.Equal(["S", "Call", "E"], parent.Trace);
    }

    [Fact]
    public void CallActivity_ChildErrorEnd_CaughtOnCallActivity()
    {
        var h = new EngineHarness();
        h.Deploy("""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:t">
              <bpmn:error id="Err" errorCode="REFUSED"/>
              <bpmn:process id="Child" isExecutable="true">
                <bpmn:startEvent id="CS"/>
                <bpmn:endEvent id="CE"><bpmn:errorEventDefinition errorRef="Err"/></bpmn:endEvent>
                <bpmn:sequenceFlow id="c1" sourceRef="CS" targetRef="CE"/>
              </bpmn:process>
              <bpmn:process id="P" isExecutable="true">
                <bpmn:startEvent id="S"/>
                <bpmn:callActivity id="Call" calledElement="Child"/>
                <bpmn:boundaryEvent id="Refused" attachedToRef="Call"><bpmn:errorEventDefinition errorRef="Err"/></bpmn:boundaryEvent>
                <bpmn:endEvent id="E"/><bpmn:endEvent id="RefusedEnd"/>
                <bpmn:sequenceFlow id="p1" sourceRef="S" targetRef="Call"/>
                <bpmn:sequenceFlow id="p2" sourceRef="Call" targetRef="E"/>
                <bpmn:sequenceFlow id="p3" sourceRef="Refused" targetRef="RefusedEnd"/>
              </bpmn:process>
            </bpmn:definitions>
            """);

        var parent = h.Engine.Start("P");

        Assert.True(parent.IsEnded);
        Assert.Equal(["S", "Call", "Refused", "RefusedEnd"], parent.Trace);
        var child = h.Engine.Instances.Single(i => i.ProcessId == "Child");
        Assert.Equal(InstanceState.Terminated, child.State);
    }

    [Fact]
    public void Versioning_RunningInstanceStaysOnItsVersion()
    {
        var h = new EngineHarness();
        h.Deploy(EngineHarness.Wrap($"""<bpmn:startEvent id="S"/>{UserTask("Old")}<bpmn:endEvent id="E"/>{Chain("S", "Old", "E")}"""));
        var running = h.Engine.Start("P");
        h.Deploy(EngineHarness.Wrap($"""<bpmn:startEvent id="S"/>{UserTask("New")}<bpmn:endEvent id="E"/>{Chain("S", "New", "E")}"""));
        var fresh = h.Engine.Start("P");

        h.Complete(running, "Old");

        Assert.True(running.IsEnded);
        Assert.Equal("New", Assert.Single(fresh.Waits).NodeId);
    }
}
