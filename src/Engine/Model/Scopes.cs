namespace OneThing.Engine.Model;

/// <summary>A container of flow nodes: a process or a sub-process.</summary>
public interface IFlowScope
{
    /// <summary>The BPMN id of the process or sub-process.</summary>
    string Id { get; }

    /// <summary>The nodes directly inside this scope, in document order (boundary events included).</summary>
    IReadOnlyList<FlowNode> Nodes { get; }

    /// <summary>The sequence flows directly inside this scope, in document order.</summary>
    IReadOnlyList<SequenceFlow> Flows { get; }
}

/// <summary>An embedded sub-process (also transactions and ad-hoc sub-processes, which are not executed).</summary>
public sealed class SubProcessNode : FlowNode, IFlowScope
{
    private readonly List<FlowNode> _nodes = [];
    private readonly List<SequenceFlow> _flows = [];

    /// <summary>Creates an empty sub-process inside <paramref name="scope"/>.</summary>
    public SubProcessNode(string id, ElementKind kind, string elementType, IFlowScope scope)
        : base(id, kind, elementType, scope)
    {
    }

    /// <summary>True for an event sub-process (<c>triggeredByEvent</c>).</summary>
    public bool TriggeredByEvent { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<FlowNode> Nodes => _nodes;

    /// <inheritdoc />
    public IReadOnlyList<SequenceFlow> Flows => _flows;

    internal void Add(FlowNode node) => _nodes.Add(node);

    internal void Add(SequenceFlow flow) => _flows.Add(flow);
}

/// <summary>An executable (or not) BPMN process.</summary>
public sealed class ProcessModel : IFlowScope
{
    private readonly List<FlowNode> _nodes = [];
    private readonly List<SequenceFlow> _flows = [];
    private readonly Dictionary<string, FlowNode> _allNodes = new(StringComparer.Ordinal);

    /// <summary>Creates an empty process.</summary>
    public ProcessModel(string id) => Id = id;

    /// <inheritdoc />
    public string Id { get; }

    /// <summary>The BPMN <c>name</c>, if any.</summary>
    public string? Name { get; init; }

    /// <summary>The BPMN <c>isExecutable</c> attribute (absent counts as true).</summary>
    public bool IsExecutable { get; init; } = true;

    /// <summary>The statutory time limit of the one-thing (<c>ot:statutoryLimit</c>, 法定时限).</summary>
    public TimeLimit? StatutoryLimit { get; init; }

    /// <summary>The promised time limit of the one-thing (<c>ot:promisedLimit</c>, 承诺时限).</summary>
    public TimeLimit? PromisedLimit { get; init; }

    /// <summary>The process's <c>bpmn:documentation</c> text (its paragraphs joined by blank lines), or null.</summary>
    public string? Documentation { get; init; }

    /// <summary>The public guide (办事指南) facts of <c>ot:guide</c>, or null when the process has none.</summary>
    public ProcessGuide? Guide { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<FlowNode> Nodes => _nodes;

    /// <inheritdoc />
    public IReadOnlyList<SequenceFlow> Flows => _flows;

    /// <summary>Every node of the process, sub-processes included, by id.</summary>
    public IReadOnlyDictionary<string, FlowNode> AllNodes => _allNodes;

    /// <summary>The node with this id anywhere in the process, or null.</summary>
    public FlowNode? FindNode(string id) => _allNodes.GetValueOrDefault(id);

    internal void Add(FlowNode node) => _nodes.Add(node);

    internal void Add(SequenceFlow flow) => _flows.Add(flow);

    internal bool Register(FlowNode node) => _allNodes.TryAdd(node.Id, node);
}

/// <summary>Where the tokens of a scope begin (BPMN 2.0 §10.5.2).</summary>
public static class FlowScopes
{
    /// <summary>The start events of the scope, in document order.</summary>
    public static IEnumerable<FlowNode> StartEvents(this IFlowScope scope) =>
        scope.Nodes.Where(n => n.Kind == ElementKind.StartEvent);

    /// <summary>The event sub-processes (<c>triggeredByEvent</c>) directly inside the scope, in document order.
    /// </summary>
    public static IEnumerable<SubProcessNode> EventSubProcesses(this IFlowScope scope) =>
        scope.Nodes.OfType<SubProcessNode>().Where(n => n.TriggeredByEvent);

    /// <summary>True for the start event of an event sub-process, which its trigger enters while the enclosing scope
    /// is active.</summary>
    public static bool IsEventSubProcessStart(this FlowNode node) =>
        node.Kind == ElementKind.StartEvent && node.Scope is SubProcessNode { TriggeredByEvent: true };

    /// <summary>The compensation handler of an activity: the <c>isForCompensation</c> activity associated with its
    /// compensation boundary event, or null.</summary>
    public static FlowNode? FindCompensationHandler(this FlowNode activity) =>
        activity.BoundaryEvents.FirstOrDefault(b => b.EventDefinition is CompensateEventDefinition
            && b.CompensationHandler is not null)?.CompensationHandler;

    /// <summary>For a scope without start events: every flow node without incoming sequence flows, which BPMN
    /// instantiates when the scope starts. Boundary events (entered with their activity), compensation handlers
    /// (entered by compensation) and event sub-processes (entered by their trigger) are not among them.</summary>
    public static IReadOnlyList<FlowNode> ImplicitStartNodes(this IFlowScope scope) =>
    [
        .. scope.Nodes.Where(n => n.Incoming.Count == 0
            && n.Kind is not (ElementKind.BoundaryEvent or ElementKind.StartEvent)
            && !n.IsForCompensation
            && n is not SubProcessNode { TriggeredByEvent: true }),
    ];
}
