using OneThing.Engine.Model;

namespace OneThing.Engine.Tests.Bpmn;

/// <summary>Camunda 7, Zeebe and OneThing (<c>ot:</c>) extensions are read into typed properties.</summary>
public sealed class ExtensionReadingTests
{
    [Fact]
    public void Import_Camunda7UserTask_ReadsAssignmentFormAndDueDate()
    {
        var node = Fixtures.Import("camunda7-extensions.bpmn").Processes[0].FindNode("Review")!;

        Assert.Equal("${clerk}", node.Assignment.Assignee);
        Assert.Equal(["市场监管局", "税务局"], node.Assignment.CandidateGroups);
        Assert.Equal(["zhangsan", "lisi"], node.Assignment.CandidateUsers);
        Assert.Equal("embedded:app:forms/review.html", node.FormKey);
        Assert.Equal("P2D", node.DueDate);
    }

    [Fact]
    public void Import_Camunda7InputOutput_ReadsTextMappingsAndReportsListsAsUnsupported()
    {
        var document = Fixtures.Import("camunda7-extensions.bpmn");
        var node = document.Processes[0].FindNode("Review")!;

        Assert.Equal([new IoMapping("${order.amount}", "amount"), new IoMapping("null", "empty")], node.Inputs);
        Assert.Equal([new IoMapping("${approved}", "result")], node.Outputs);
        var problem = Assert.Single(document.ImportProblems, p => p.Code == "IO_UNSUPPORTED");
        Assert.Equal("Review", problem.ElementId);
        Assert.Equal("userTask", problem.ElementType);
        Assert.Contains("listy", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_Camunda7ExternalTask_TopicIsTaskTypeOnlyWhenExternal()
    {
        var process = Fixtures.Import("camunda7-extensions.bpmn").Processes[0];

        Assert.Equal("notify-applicant", process.FindNode("Notify")!.TaskType);
        Assert.Null(process.FindNode("JavaDelegate")!.TaskType);
    }

    [Fact]
    public void Import_Camunda7CallActivity_ReadsCalledElementInOutAndMultiInstance()
    {
        var node = Fixtures.Import("camunda7-extensions.bpmn").Processes[0].FindNode("Call")!;

        Assert.Equal("child-process", node.CalledElement);
        Assert.Equal([new IoMapping("applicant", "person"), new IoMapping("${amount * 2}", "doubled")], node.Inputs);
        Assert.Equal([new IoMapping("licence", "licence")], node.Outputs);
        Assert.Equal(new MultiInstanceLoop(true, null, "${approvers}", "approver", null, null,
            "${nrOfCompletedInstances >= 2}"), node.MultiInstance);
    }

    [Fact]
    public void Import_ScriptTask_ReadsScriptFormat()
    {
        var node = Fixtures.Import("camunda7-extensions.bpmn").Processes[0].FindNode("Script")!;

        Assert.Equal(ElementKind.ScriptTask, node.Kind);
        Assert.Equal("javascript", node.ScriptFormat);
    }

    [Fact]
    public void Import_ZeebeUserTask_ReadsAssignmentFormDueDateAndIo()
    {
        var document = Fixtures.Import("zeebe-extensions.bpmn");
        var node = document.Processes[0].FindNode("Review")!;

        Assert.Equal("=applicant.officer", node.Assignment.Assignee);
        Assert.Equal(["市场监管局", "税务局"], node.Assignment.CandidateGroups);
        Assert.Equal(["wangwu"], node.Assignment.CandidateUsers);
        Assert.Equal("review-form", node.FormKey);
        Assert.Equal("=now() + duration(\"P3D\")", node.DueDate);
        Assert.Equal([new IoMapping("=amount * 2", "doubled")], node.Inputs);
        Assert.Equal([new IoMapping("=doubled + bonus", "total")], node.Outputs);
        Assert.Contains(document.ImportProblems, p => p.Code == "IO_INVALID" && p.ElementId == "Review");
    }

    [Fact]
    public void Import_ZeebeFeelCandidateGroups_KeptAsOneExpression()
    {
        var node = Fixtures.Import("zeebe-extensions.bpmn").Processes[0].FindNode("Vote")!;

        Assert.Equal(["=[\"a\", \"b\"]"], node.Assignment.CandidateGroups);
        Assert.Equal("camunda-forms:bpmn:vote", node.FormKey);
    }

    [Fact]
    public void Import_ZeebeLoopCharacteristics_ReadsCollectionsAndCompletion()
    {
        var node = Fixtures.Import("zeebe-extensions.bpmn").Processes[0].FindNode("Vote")!;

        Assert.Equal(new MultiInstanceLoop(false, null, "=voters", "voter", "votes", "=vote",
            "=count(votes[item = true]) >= 2"), node.MultiInstance);
    }

    [Fact]
    public void Import_ZeebeTaskDefinitionCalledElementAndSubscription_Read()
    {
        var process = Fixtures.Import("zeebe-extensions.bpmn").Processes[0];

        Assert.Equal("verify-licence", process.FindNode("Verify")!.TaskType);
        Assert.Equal("child", process.FindNode("Call")!.CalledElement);
        Assert.Equal(new MessageEventDefinition("MED_1", "Msg_Paid", "fee-paid", "=applicationId"),
            process.FindNode("WaitPaid")!.EventDefinition);
    }

    [Fact]
    public void Import_OtLimits_ReadOnProcessAndSteps()
    {
        var process = Fixtures.Import("ot-extensions.bpmn").Processes[0];

        Assert.Equal(new TimeLimit(20, TimeLimitUnit.WorkingDays), process.StatutoryLimit);
        Assert.Equal(new TimeLimit(10, TimeLimitUnit.NaturalDays), process.PromisedLimit);
        Assert.Equal(new TimeLimit(4, TimeLimitUnit.Hours), process.FindNode("Register")!.StepLimit);
    }

    [Fact]
    public void Import_OtLimitUnreadable_ReportedInChineseAndLeftEmpty()
    {
        var document = Fixtures.Import("ot-extensions.bpmn");

        Assert.Null(document.Processes[0].FindNode("Push")!.StepLimit);
        var problem = Assert.Single(document.ImportProblems, p => p.Code == "OT_LIMIT_INVALID");
        Assert.Equal("Push", problem.ElementId);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.Contains("三天", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_OtActionAndMaterials_ReadWithDefaults()
    {
        var document = Fixtures.Import("ot-extensions.bpmn");
        var process = document.Processes[0];

        Assert.Equal("push-to-registry", process.FindNode("Push")!.Action);
        Assert.Equal(
            [
                new MaterialRef("居民身份证", "全体投资人身份证明", MaterialUse.Consume, true),
                new MaterialRef("公司章程", null, MaterialUse.Consume, false),
                new MaterialRef("营业执照", null, MaterialUse.Issue, true),
            ],
            process.FindNode("Register")!.Materials);
        Assert.Equal(3, document.ImportProblems.Count(p => p.Code == "OT_MATERIAL_INVALID"));
    }

    [Fact]
    public void Import_ZeebeAndCamundaOnOneTask_ZeebeWins()
    {
        var (process, _) = Fixtures.ImportBody("""
            <bpmn:userTask id="U" camunda:assignee="old" camunda:formKey="old-form">
              <bpmn:extensionElements>
                <zeebe:assignmentDefinition assignee="new"/>
                <zeebe:formDefinition formKey="new-form"/>
              </bpmn:extensionElements>
            </bpmn:userTask>
            """);

        var node = process.FindNode("U")!;
        Assert.Equal("new", node.Assignment.Assignee);
        Assert.Equal("new-form", node.FormKey);
    }

    [Fact]
    public void Import_AssignmentOnServiceTask_NotRead()
    {
        var (process, _) = Fixtures.ImportBody("""<bpmn:serviceTask id="T" camunda:assignee="x"/>""");

        Assert.True(process.FindNode("T")!.Assignment.IsEmpty);
    }

    [Fact]
    public void Import_RealWorkflow_ReadsEveryStep()
    {
        var document = Engine.Bpmn.BpmnImporter.ImportFile(
            Path.Combine(ConformanceFiles.RepositoryRoot, "workflows", "qiye-kaiban.bpmn"));
        var process = Assert.Single(document.Processes);

        Assert.Empty(document.ImportProblems);
        Assert.Equal(new TimeLimit(3, TimeLimitUnit.WorkingDays), process.StatutoryLimit);
        Assert.Contains(process.FindNode("Registration")!.Materials, m => m is { Code: "营业执照", Use: MaterialUse.Issue });
        Assert.Equal(["市场监管局"], process.FindNode("Registration")!.Assignment.CandidateGroups);
    }
}
