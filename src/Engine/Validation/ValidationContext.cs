using OneThing.Engine.Feel;
using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>State shared by the rules during one <see cref="BpmnValidator.Validate"/> call: the document, the
/// FEEL compiler, which process ids a call activity may target, and the problems found so far.</summary>
internal sealed class ValidationContext
{
    private readonly List<BpmnProblem> _problems = [];
    private readonly Dictionary<string, int> _documentOrder = new(StringComparer.Ordinal);

    public ValidationContext(BpmnDocument document, FeelEngine feel, IReadOnlySet<string>? knownProcessIds)
    {
        Document = document;
        Feel = feel;
        KnownProcessIds = knownProcessIds ?? new HashSet<string>(StringComparer.Ordinal);

        // The model keeps no positions, so problems are sorted by where their element sits in the XML; the first
        // element with an id wins, as the importer keeps the first of duplicates too.
        var order = 0;
        foreach (var element in document.Xml.Descendants())
        {
            if (element.Attribute("id")?.Value is { } id)
            {
                _documentOrder.TryAdd(id, order++);
            }
        }

        DefinitionsId = document.Xml.Root?.Attribute("id")?.Value ?? "definitions";
    }

    public BpmnDocument Document { get; }

    public FeelEngine Feel { get; }

    /// <summary>Process ids deployable alongside this document (besides its own executable processes).</summary>
    public IReadOnlySet<string> KnownProcessIds { get; }

    /// <summary>The id under which file-level problems are reported.</summary>
    public string DefinitionsId { get; }

    public void Error(FlowNode node, string code, string message) =>
        Add(node.Id, node.ElementType, ProblemSeverity.Error, code, message);

    public void Warning(FlowNode node, string code, string message) =>
        Add(node.Id, node.ElementType, ProblemSeverity.Warning, code, message);

    public void Add(string elementId, string elementType, ProblemSeverity severity, string code, string message) =>
        _problems.Add(new BpmnProblem(elementId, elementType, severity, code, message));

    public void AddRange(IEnumerable<BpmnProblem> problems) => _problems.AddRange(problems);

    /// <summary>The problems in document order of their element, then by code. Problems on ids the XML does not
    /// hold (the definitions root without an id, say) come first, as they concern the whole file.</summary>
    public IReadOnlyList<BpmnProblem> SortedProblems() =>
        [.. _problems.Distinct()
            .OrderBy(p => _documentOrder.TryGetValue(p.ElementId, out var position) ? position : -1)
            .ThenBy(p => p.Code, StringComparer.Ordinal)];
}
