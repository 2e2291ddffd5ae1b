using System.Xml.Linq;

namespace OneThing.Engine.Model;

/// <summary>A message declared in the definitions (<c>bpmn:message</c>).</summary>
public sealed record MessageDeclaration(string Id, string Name);

/// <summary>An error declared in the definitions (<c>bpmn:error</c>).</summary>
public sealed record ErrorDeclaration(string Id, string? Name, string? ErrorCode);

/// <summary>A signal declared in the definitions (<c>bpmn:signal</c>); a nameless signal is named by its id.</summary>
public sealed record SignalDeclaration(string Id, string Name);

/// <summary>An imported BPMN file: the executable model of each process plus the original XML, which is the
/// source of truth for everything the engine does not execute (DI, lanes, annotations, foreign extensions) and
/// is written back unchanged on export.</summary>
public sealed class BpmnDocument
{
    /// <summary>Creates a document from its parts; used by the importer.</summary>
    public BpmnDocument(XDocument xml, IReadOnlyList<ProcessModel> processes,
        IReadOnlyDictionary<string, MessageDeclaration> messages, IReadOnlyDictionary<string, ErrorDeclaration> errors,
        IReadOnlyList<BpmnProblem> importProblems, IReadOnlyDictionary<string, SignalDeclaration>? signals = null)
    {
        Xml = xml;
        Processes = processes;
        Messages = messages;
        Errors = errors;
        ImportProblems = importProblems;
        Signals = signals ?? new Dictionary<string, SignalDeclaration>(StringComparer.Ordinal);
    }

    /// <summary>The parsed XML as read (never modified by the engine).</summary>
    public XDocument Xml { get; }

    /// <summary>The processes, in document order.</summary>
    public IReadOnlyList<ProcessModel> Processes { get; }

    /// <summary>Declared messages by id.</summary>
    public IReadOnlyDictionary<string, MessageDeclaration> Messages { get; }

    /// <summary>Declared errors by id.</summary>
    public IReadOnlyDictionary<string, ErrorDeclaration> Errors { get; }

    /// <summary>Declared signals by id.</summary>
    public IReadOnlyDictionary<string, SignalDeclaration> Signals { get; }

    /// <summary>Problems found while building the model (dangling references, duplicate ids, …); the validator
    /// reports them together with its own.</summary>
    public IReadOnlyList<BpmnProblem> ImportProblems { get; }

    /// <summary>The process with this id, or null.</summary>
    public ProcessModel? FindProcess(string id) => Processes.FirstOrDefault(p => p.Id == id);
}
