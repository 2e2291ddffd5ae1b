using OneThing.Engine.Bpmn;
using OneThing.Engine.Model;
using OneThing.Engine.Tests.Bpmn;
using OneThing.Engine.Validation;
using static OneThing.Engine.Tests.Validation.ValidationFixture;

namespace OneThing.Engine.Tests.Validation;

public sealed class BpmnValidatorTests
{
    [Fact]
    public void Validate_DiagramUsingTheWholeExecutableSubset_ReportsNothing()
    {
        Assert.Empty(Validate("valid.bpmn"));
    }

    [Fact]
    public void Validate_ShippedWorkflows_ReportNothing()
    {
        var workflows = Path.Combine(ConformanceFiles.RepositoryRoot, "workflows");
        var files = Directory.GetFiles(workflows, "*.bpmn");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.Empty(Validator().Validate(BpmnImporter.ImportFile(file)));
        }
    }

    [ConformanceTheory]
    [MemberData(nameof(ConformanceFiles.All), MemberType = typeof(ConformanceFiles))]
    public void Validate_ConformanceFile_NamesEveryProblemWithoutThrowing(string file)
    {
        BpmnDocument document;
        try
        {
            document = BpmnImporter.ImportFile(ConformanceFiles.PathOf(file));
        }
        catch (BpmnImportException)
        {
            // Refusing a file is the importer's business (and tested there); only imported documents are validated.
            return;
        }

        var problems = Validator().Validate(document);

        Assert.All(problems, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.ElementId));
            Assert.False(string.IsNullOrWhiteSpace(p.ElementType));
            Assert.Matches("^[A-Z][A-Z0-9_]+$", p.Code);
            Assert.False(string.IsNullOrWhiteSpace(p.Message));
        });
    }

    [Fact]
    public void Validate_OnlyNonExecutableProcesses_WarnsOnceAndChecksNoRules()
    {
        var problems = Validate("no-executable-process.bpmn");

        var problem = Assert.Single(problems);
        Assert.Equal(("Defs", ProblemCodes.NoExecutableProcess), (problem.ElementId, problem.Code));
        Assert.Equal(ProblemSeverity.Warning, problem.Severity);
        Assert.Equal("definitions", problem.ElementType);
    }

    [Fact]
    public void Validate_NoProcessAtAll_WarnsNoExecutableProcess()
    {
        var xml = """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Empty" targetNamespace="urn:t"/>
            """;

        var problem = Assert.Single(ValidateXml(xml));

        Assert.Equal(("Empty", ProblemCodes.NoExecutableProcess), (problem.ElementId, problem.Code));
    }

    [Fact]
    public void Validate_DocumentWithImportProblems_ReportsThemAlongsideRuleProblems()
    {
        var document = Load("message-unnamed.bpmn");

        var problems = Validator().Validate(document);

        Assert.NotEmpty(document.ImportProblems);
        Assert.All(document.ImportProblems, p => Assert.Contains(p, problems));
        Assert.Contains(problems, p => p.Code == ProblemCodes.MessageUnnamed);
    }

    [Fact]
    public void Validate_SeveralProblems_SortedByDocumentOrderThenCode()
    {
        var xml = Wrap("""
            <bpmn:startEvent id="Start"/>
            <bpmn:scriptTask id="Looped" scriptFormat="groovy"><bpmn:standardLoopCharacteristics/></bpmn:scriptTask>
            <bpmn:userTask id="Nobody"/>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Looped"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Looped" targetRef="Nobody"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Nobody" targetRef="End"/>
            """);

        var problems = ValidateXml(xml);

        Assert.Equal(
            [
                ("Looped", ProblemCodes.ScriptTask),
                ("Looped", ProblemCodes.UnsupportedElement),
                ("Nobody", ProblemCodes.UserTaskNoCandidate),
            ],
            Ids(problems));
    }

    [Fact]
    public void Validate_NonExecutableProcessBesideExecutableOne_ChecksOnlyTheExecutableOne()
    {
        var xml = """
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="urn:t">
              <bpmn:process id="Sketch" isExecutable="false"><bpmn:task id="Loose"/></bpmn:process>
              <bpmn:process id="Run">
                <bpmn:startEvent id="Start"/>
                <bpmn:userTask id="Nobody"/>
                <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Nobody"/>
              </bpmn:process>
            </bpmn:definitions>
            """;

        var problems = ValidateXml(xml);

        Assert.Equal(
            [("Nobody", ProblemCodes.ImplicitEnd), ("Nobody", ProblemCodes.UserTaskNoCandidate)],
            Ids(problems));
    }

    [Fact]
    public void Validate_ImportProblemsOfANonExecutableProcess_HowItWouldRunIsAWarningTheFileItselfStaysAnError()
    {
        const string Script = """
            <bpmn:extensionElements><camunda:inputOutput>
              <camunda:outputParameter name="x"><camunda:script scriptFormat="javascript">1</camunda:script></camunda:outputParameter>
            </camunda:inputOutput></bpmn:extensionElements>
            """;
        var xml = $"""
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                              xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:t">
              <bpmn:process id="Sketch" isExecutable="false">
                <bpmn:task id="Drawn">{Script}</bpmn:task>
                <bpmn:intermediateCatchEvent id="Dangling"><bpmn:messageEventDefinition messageRef="Nope"/></bpmn:intermediateCatchEvent>
              </bpmn:process>
              <bpmn:process id="Run">
                <bpmn:startEvent id="Start"/>
                <bpmn:task id="Runs">{Script}</bpmn:task>
                <bpmn:endEvent id="End"/>
                <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Runs"/>
                <bpmn:sequenceFlow id="f2" sourceRef="Runs" targetRef="End"/>
              </bpmn:process>
            </bpmn:definitions>
            """;

        var problems = ValidateXml(xml);

        // The script mapping of the never-deployed sketch cannot run; the same mapping in the process that runs is
        // an error, and so is a dangling reference, which breaks the file wherever it is.
        Assert.Equal(
            [
                ("Drawn", "IO_UNSUPPORTED", ProblemSeverity.Warning), ("Dangling", "MESSAGE_REF_DANGLING", ProblemSeverity.Error),
                ("Runs", "IO_UNSUPPORTED", ProblemSeverity.Error),
            ],
            problems.Select(p => (p.ElementId, p.Code, p.Severity)));
        Assert.EndsWith("（所在流程不可执行，不会运行）", problems[0].Message, StringComparison.Ordinal);
    }
}
