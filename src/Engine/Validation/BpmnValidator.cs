using OneThing.Engine.Feel;
using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>Checks an imported BPMN document against what the engine can run, before it is deployed. Each problem
/// names the element, a stable English code (<see cref="ProblemCodes"/>) and a Chinese message for the analyst.
/// Errors stop a deployment; warnings do not.</summary>
/// <remarks>Only executable processes (<c>isExecutable</c> absent or true) are checked against the rules: the
/// engine never deploys the others, and interchange files (the MIWG suite, diagrams drawn for documentation)
/// are mostly non-executable, so flagging their contents would bury the problems that matter. For them only the
/// importer's problems are reported — those about how an element would run (I/O mappings, timer values) as
/// warnings — plus <see cref="ProblemCodes.NoExecutableProcess"/> when nothing in the file would deploy.</remarks>
public sealed class BpmnValidator
{
    private readonly FeelEngine _feel;

    /// <summary>Creates a validator that compiles expressions with <paramref name="feel"/>.</summary>
    public BpmnValidator(FeelEngine feel)
    {
        ArgumentNullException.ThrowIfNull(feel);
        _feel = feel;
    }

    /// <summary>Validates <paramref name="document"/>; returns its import problems and every rule violation, sorted
    /// by the document order of the element, then by code. An empty list means the document can be deployed as
    /// is.</summary>
    /// <param name="document">The imported document.</param>
    /// <param name="knownProcessIds">Process ids deployable alongside (call activity targets); the document's own
    /// executable processes always count.</param>
    public IReadOnlyList<BpmnProblem> Validate(BpmnDocument document, IReadOnlySet<string>? knownProcessIds = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = new ValidationContext(document, _feel, knownProcessIds);
        context.AddRange(ImportProblems(document));

        var executable = document.Processes.Where(p => p.IsExecutable).ToList();
        if (executable.Count == 0)
        {
            context.Add(context.DefinitionsId, "definitions", ProblemSeverity.Warning, ProblemCodes.NoExecutableProcess,
                document.Processes.Count == 0
                    ? "文件中没有流程，不会部署任何内容"
                    : "文件中没有可执行的流程（isExecutable=\"false\"），不会部署任何内容；如需运行请将流程设为可执行");
        }

        foreach (var process in executable)
        {
            ValidateScope(context, process);
        }

        return context.SortedProblems();
    }

    /// <summary>Import problems about how an element would run (its I/O mappings, its timer's value).</summary>
    private static readonly HashSet<string> ExecutionDetailCodes = new(StringComparer.Ordinal)
    {
        "IO_UNSUPPORTED", "IO_INVALID", "TIMER_VALUE_MISSING",
    };

    /// <summary>The importer's problems, those about how an element of a non-executable process would run reported
    /// as warnings: that process is never deployed, so nothing of it runs (a script in its I/O mapping included).
    /// Problems of the file itself (duplicate ids, dangling references) stay errors wherever they are.</summary>
    private static IEnumerable<BpmnProblem> ImportProblems(BpmnDocument document)
    {
        var neverRun = document.Processes.Where(p => !p.IsExecutable).SelectMany(p => p.AllNodes.Keys)
            .ToHashSet(StringComparer.Ordinal);
        return document.ImportProblems.Select(p =>
            p.Severity == ProblemSeverity.Error && ExecutionDetailCodes.Contains(p.Code) && neverRun.Contains(p.ElementId)
                ? p with { Severity = ProblemSeverity.Warning, Message = $"{p.Message}（所在流程不可执行，不会运行）" }
                : p);
    }

    private static void ValidateScope(ValidationContext context, IFlowScope scope)
    {
        StructureRules.Check(context, scope);
        foreach (var node in scope.Nodes)
        {
            ActivityRules.Check(context, node);
            EventRules.Check(context, node);
            CompensationRules.Check(context, node);
            GatewayRules.Check(context, node);
            ExpressionRules.Check(context, node);
            if (node is SubProcessNode subProcess)
            {
                ValidateScope(context, subProcess);
            }
        }

        foreach (var flow in scope.Flows)
        {
            ExpressionRules.Check(context, flow);
        }
    }
}
