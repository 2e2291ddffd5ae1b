using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.TestSupport;
using static OneThing.Engine.Tests.TestSupport.Xml;

namespace OneThing.Engine.Tests.Runtime;

public class BasicFlowTests
{
    [Fact]
    public void Start_PassThroughTasks_RunsToEndWithTrace()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:task id="T"/>
            <bpmn:manualTask id="M"/>
            <bpmn:intermediateThrowEvent id="Throw"/>
            <bpmn:endEvent id="E"/>
            {Chain("S", "T", "M", "Throw", "E")}
            """);

        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Equal(["S", "T", "M", "Throw", "E"], instance.Trace);
        Assert.Empty(instance.Waits);
    }

    [Fact]
    public void UserTask_Complete_WaitsThenContinuesWithVariables()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            {UserTask("Review", "市场监管局", """camunda:assignee="${clerk}" camunda:formKey="form:review" """)}
            <bpmn:endEvent id="E"/>
            {Chain("S", "Review", "E")}
            """, EngineHarness.Vars(("clerk", "张三")));

        var task = Assert.Single(instance.Waits);
        Assert.Equal(WaitKind.UserTask, task.Kind);
        Assert.Equal("张三", task.Assignee);
        Assert.Equal(["市场监管局"], task.CandidateGroups);
        Assert.Equal("form:review", task.FormKey);
        Assert.False(instance.IsEnded);

        h.Engine.Complete(instance, task.Id, EngineHarness.Vars(("approved", true)));

        Assert.True(instance.IsEnded);
        Assert.Equal(true, instance.Variables["approved"]);
        Assert.Equal(["S", "Review", "E"], instance.Trace);
    }

    [Fact]
    public void Complete_UnknownWait_ThrowsTypedErrorAndChangesNothing()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>{UserTask("U")}<bpmn:endEvent id="E"/>{Chain("S", "U", "E")}
            """);

        var ex = Assert.Throws<EngineException>(() => h.Engine.Complete(instance, Guid.NewGuid()));

        Assert.Equal("WAIT_NOT_FOUND", ex.Code);
        Assert.Single(instance.UserTasks);
    }

    [Fact]
    public void Complete_SameTaskTwice_SecondIsRejected()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>{UserTask("U")}{UserTask("V")}<bpmn:endEvent id="E"/>{Chain("S", "U", "V", "E")}
            """);
        var task = h.Wait(instance, "U");
        h.Engine.Complete(instance, task.Id);

        var ex = Assert.Throws<EngineException>(() => h.Engine.Complete(instance, task.Id));

        Assert.Equal("WAIT_NOT_FOUND", ex.Code);
        Assert.Equal(["S", "U", "V"], instance.Trace);
    }

    [Fact]
    public void Start_UnknownProcess_Throws()
    {
        var h = new EngineHarness();

        var ex = Assert.Throws<EngineException>(() => h.Engine.Start("nope"));

        Assert.Equal("PROCESS_NOT_DEPLOYED", ex.Code);
    }

    [Fact]
    public void Activity_ImplicitEndWithoutOutgoingFlow_CompletesInstance()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""<bpmn:startEvent id="S"/><bpmn:task id="T"/>{Flow("S", "T")}""");

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "T"], instance.Trace);
    }

    [Fact]
    public void ServiceTask_WithHandler_RunsAndSetsVariables()
    {
        var h = new EngineHarness(new Dictionary<string, ServiceTaskHandler>
        {
            ["issue-licence"] = ctx => new Dictionary<string, object?> { ["licenceNo"] = "91310104MA1FL0000X" },
        });
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:serviceTask id="Issue" ot:action="issue-licence"/>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Issue", "E")}
            """);

        Assert.True(instance.IsEnded);
        Assert.Equal("91310104MA1FL0000X", instance.Variables["licenceNo"]);
    }

    [Fact]
    public void ServiceSendAndRuleTasks_WithoutHandler_WaitForExternalWorker()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:serviceTask id="Svc"><bpmn:extensionElements><zeebe:taskDefinition type="tax-register"/></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:sendTask id="Send"/>
            <bpmn:businessRuleTask id="Rule"/>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Svc", "Send", "Rule", "E")}
            """);

        var job = h.Wait(instance, "Svc");
        Assert.Equal(WaitKind.ServiceTask, job.Kind);
        Assert.Equal("tax-register", job.JobType);
        h.RunToEnd(instance);

        Assert.True(instance.IsEnded);
        Assert.Equal(["S", "Svc", "Send", "Rule", "E"], instance.Trace);
    }

    [Fact]
    public void IoMappings_InputsLocalOutputsToProcess()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="U" camunda:candidateGroups="税务局">
              <bpmn:extensionElements>
                <zeebe:ioMapping>
                  <zeebe:input source="=amount * 2" target="doubled"/>
                  <zeebe:output source="=doubled + bonus" target="total"/>
                </zeebe:ioMapping>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="E"/>
            {Chain("S", "U", "E")}
            """, EngineHarness.Vars(("amount", 10m)));

        var task = h.Wait(instance, "U");
        Assert.Equal(20m, task.Execution.LocalVariables!["doubled"]);
        h.Engine.Complete(instance, task.Id, EngineHarness.Vars(("bonus", 1m)));

        Assert.Equal(21m, instance.Variables["total"]);
        Assert.False(instance.Variables.ContainsKey("doubled"));
        Assert.False(instance.Variables.ContainsKey("bonus"));
    }

    [Fact]
    public void Loop_WithoutWaitState_ParksAsIncidentInsteadOfHanging()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:task id="A"/>
            <bpmn:task id="B"/>
            {Chain("S", "A", "B")}{Flow("B", "A")}
            """);

        var incident = Assert.Single(instance.Incidents);
        Assert.Equal("STEP_LIMIT", incident.IncidentCode);
        Assert.False(instance.IsEnded);
    }

    [Fact]
    public void IoMappings_PlainValues_AreConstantStrings()
    {
        var h = new EngineHarness();
        var instance = h.Start($"""
            <bpmn:startEvent id="S"/>
            <bpmn:serviceTask id="Z">
              <bpmn:extensionElements>
                <zeebe:ioMapping><zeebe:output source="demo@example.cn" target="mail"/></zeebe:ioMapping>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:serviceTask id="C">
              <bpmn:extensionElements>
                <camunda:inputOutput><camunda:outputParameter name="dept">税务局 "一窗"</camunda:outputParameter></camunda:inputOutput>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:endEvent id="E"/>
            {Chain("S", "Z", "C", "E")}
            """);

        h.RunToEnd(instance);

        Assert.Equal("demo@example.cn", instance.Variables["mail"]);
        Assert.Equal("税务局 \"一窗\"", instance.Variables["dept"]);
    }
}
