using OneThing.Engine.Tests.Bpmn;
using System.Reflection;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Feel;
using OneThing.Engine.Model;
using OneThing.Engine.Tests.TestSupport;
using OneThing.Engine.Validation;

namespace OneThing.Engine.Tests.Conformance;

/// <summary>Every bpmn-elements diagram is accounted for: run by a test marked with <see cref="DiagramAttribute"/>
/// (to the end, into a BPMN deadlock, or shown to deploy nothing), or refused before deployment by the importer or
/// by the validator with an error that names an element.</summary>
public sealed class DiagramClassificationTests
{
    /// <summary>How many diagrams the shared folder holds; a change means the folder changed under us.</summary>
    private const int DiagramCount = 72;

    private static readonly BpmnValidator Validator = new(new FeelEngine(new FakeClock()));

    private static readonly ILookup<string, DiagramOutcome> Marks = typeof(DiagramClassificationTests).Assembly
        .GetTypes()
        .Where(t => t.Namespace == typeof(DiagramClassificationTests).Namespace)
        .SelectMany(t => t.GetMethods())
        .SelectMany(m => m.GetCustomAttributes<DiagramAttribute>())
        .ToLookup(a => a.File, a => a.Outcome, StringComparer.Ordinal);

    /// <summary>Why the diagram may not be deployed, or null when nothing stops it: the importer's refusal, or the
    /// first validator error that names an element.</summary>
    private static string? RefusalOf(string file)
    {
        BpmnDocument document;
        try
        {
            document = BpmnElementsDiagrams.Import(file);
        }
        catch (BpmnImportException ex)
        {
            return $"import: {ex.Message}";
        }

        return Validator.Validate(document)
            .Where(p => p.Severity == ProblemSeverity.Error && !string.IsNullOrWhiteSpace(p.ElementId))
            .Select(p => $"{p.Code} at {p.ElementId}")
            .FirstOrDefault();
    }

    [ConformanceFact]
    public void AllDiagrams_EachRunByATestOrRefusedBeforeDeployment_NoneUnclassified()
    {
        var files = BpmnElementsDiagrams.All();

        var unclassified = files.Where(f => !Marks.Contains(f) && RefusalOf(f) is null).ToList();

        Assert.Equal(DiagramCount, files.Count);
        Assert.Empty(unclassified);
    }

    /// <summary>Every diagram within the executable subset that can reach an end, in ordinal order.</summary>
    private static readonly string[] RunToTheEnd =
    [
        "boundary-non-interupting-timer.bpmn",
        "data-store-reference.bpmn",
        "engine-issue-139.bpmn",
        "engine-issue-180-message.bpmn",
        "engine-issue-180-signal.bpmn",
        "engine-issue-180.bpmn",
        "engine-issue-73_2.bpmn",
        "event-based-gateway-with-same-target.bpmn",
        "forms.bpmn",
        "groups.bpmn",
        "issue-4.bpmn",
        "lanes.bpmn",
        "messageflow-target-process.bpmn",
        "messaging.bpmn",
        "multiple-multiple-inbound.bpmn",
        "process-message.bpmn",
        "service-task.bpmn",
        "signal-after-signal.bpmn",
        "signals.bpmn",
        "simple-task.bpmn",
        "swimlanes.bpmn",
        "throw-compensate.bpmn",
        "timer-event.bpmn",
        "timers.bpmn",
        "two-executable-processes.bpmn",
    ];

    [ConformanceFact]
    public void DiagramMarks_EachNamesAnExistingFileWithOneOutcome_TheListedOnesRunToTheEnd()
    {
        var files = BpmnElementsDiagrams.All().ToHashSet(StringComparer.Ordinal);

        Assert.All(Marks, mark =>
        {
            Assert.Contains(mark.Key, files);
            Assert.Single(mark.Distinct());
        });
        Assert.Equal(RunToTheEnd,
            Marks.Where(m => m.First() == DiagramOutcome.RunsToEnd).Select(m => m.Key).Order(StringComparer.Ordinal));
    }

    [ConformanceFact]
    public void RunDiagrams_ValidatorObjections_AreDeploymentPolicyNotTheSubset()
    {
        var run = Marks.Where(m => m.First() != DiagramOutcome.NotExecutable).Select(m => m.Key).Order(StringComparer.Ordinal);

        foreach (var file in run)
        {
            var errors = Validator.Validate(BpmnElementsDiagrams.Import(file)).Where(p => p.Severity == ProblemSeverity.Error);

            // The validator refuses these for what an operator must fix before going live, not for anything the
            // engine cannot run: nobody is assigned to a user task, or an expression is written in bpmn-elements'
            // ${environment.…} syntax (flagged as script-like; the tests read it as a FEEL path into a variable).
            Assert.All(errors, p => Assert.True(
                p.Code == ProblemCodes.UserTaskNoCandidate
                || p.Code is ProblemCodes.FeelInvalid or ProblemCodes.TimerInvalid
                   && p.Message.Contains("${environment.", StringComparison.Ordinal),
                $"{file}: {p.Code} at {p.ElementId}: {p.Message}"));
        }
    }

    [ConformanceTheory]
    [InlineData("send-signal.bpmn")]
    [InlineData("timer-start-event.bpmn")]
    [Diagram("send-signal.bpmn", DiagramOutcome.NotExecutable)]
    [Diagram("timer-start-event.bpmn", DiagramOutcome.NotExecutable)]
    public void Deploy_FileWithOnlyNonExecutableProcesses_DeploysNothingAndWarns(string file)
    {
        var document = BpmnElementsDiagrams.Import(file);

        var deployed = new EngineHarness().Engine.Deploy(document);
        var problems = Validator.Validate(document);

        Assert.Empty(deployed);
        var problem = Assert.Single(problems);
        Assert.Equal((ProblemSeverity.Warning, ProblemCodes.NoExecutableProcess), (problem.Severity, problem.Code));
    }
}
