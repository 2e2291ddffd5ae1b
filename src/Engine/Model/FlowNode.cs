namespace OneThing.Engine.Model;

/// <summary>A flow node of a process or sub-process: event, activity or gateway. One class carries every kind;
/// properties that do not apply to a kind stay at their empty defaults. Built by the BPMN importer and read-only
/// to everyone else.</summary>
public class FlowNode
{
    private readonly List<SequenceFlow> _incoming = [];
    private readonly List<SequenceFlow> _outgoing = [];
    private readonly List<FlowNode> _boundaryEvents = [];

    /// <summary>Creates a node; <paramref name="elementType"/> is the BPMN XML local name.</summary>
    public FlowNode(string id, ElementKind kind, string elementType, IFlowScope scope)
    {
        Id = id;
        Kind = kind;
        ElementType = elementType;
        Scope = scope;
    }

    /// <summary>The BPMN <c>id</c>.</summary>
    public string Id { get; }

    /// <summary>The BPMN <c>name</c>, if any.</summary>
    public string? Name { get; init; }

    /// <summary>What kind of node this is.</summary>
    public ElementKind Kind { get; }

    /// <summary>The XML local name (<c>userTask</c>, <c>exclusiveGateway</c>, …), used in messages.</summary>
    public string ElementType { get; }

    /// <summary>The process or sub-process that contains this node.</summary>
    public IFlowScope Scope { get; }

    /// <summary>Sequence flows arriving at this node, in document order.</summary>
    public IReadOnlyList<SequenceFlow> Incoming => _incoming;

    /// <summary>Sequence flows leaving this node, in document order.</summary>
    public IReadOnlyList<SequenceFlow> Outgoing => _outgoing;

    /// <summary>The default flow of an exclusive or inclusive gateway or an activity, if any.</summary>
    public SequenceFlow? DefaultFlow { get; internal set; }

    /// <summary>The event definitions of an event, in document order (usually zero or one). For a receive or send
    /// task, its <c>messageRef</c> appears here as a <see cref="MessageEventDefinition"/>.</summary>
    public IReadOnlyList<EventDefinition> EventDefinitions { get; init; } = [];

    /// <summary>The single event definition, or null when there is none or several.</summary>
    public EventDefinition? EventDefinition => EventDefinitions.Count == 1 ? EventDefinitions[0] : null;

    /// <summary>Multi-instance characteristics of an activity, if any.</summary>
    public MultiInstanceLoop? MultiInstance { get; init; }

    /// <summary>True when the activity has <c>standardLoopCharacteristics</c> (not executed).</summary>
    public bool HasStandardLoop { get; init; }

    /// <summary>Boundary events attached to this activity, in document order.</summary>
    public IReadOnlyList<FlowNode> BoundaryEvents => _boundaryEvents;

    /// <summary>For a boundary event: the activity it is attached to.</summary>
    public FlowNode? AttachedTo { get; internal set; }

    /// <summary>For a boundary event: whether it interrupts the activity (<c>cancelActivity</c>, default true).</summary>
    public bool CancelActivity { get; init; } = true;

    /// <summary>For a start event: whether it interrupts its scope (event sub-processes; default true).</summary>
    public bool IsInterrupting { get; init; } = true;

    /// <summary>For a user task: assignee and candidates.</summary>
    public TaskAssignment Assignment { get; init; } = TaskAssignment.None;

    /// <summary>For a user task: the form (<c>camunda:formKey</c>, <c>zeebe:formDefinition</c>).</summary>
    public string? FormKey { get; init; }

    /// <summary>For a user task: due date, FEEL or ISO-8601 (<c>camunda:dueDate</c>, <c>zeebe:taskSchedule</c>).</summary>
    public string? DueDate { get; init; }

    /// <summary>For a service, send or business-rule task: the job type (<c>zeebe:taskDefinition type</c>,
    /// <c>camunda:topic</c>).</summary>
    public string? TaskType { get; init; }

    /// <summary>For a service or send task: the built-in action (<c>ot:action</c>).</summary>
    public string? Action { get; init; }

    /// <summary>For a script task: the script format, reported when the diagram is refused.</summary>
    public string? ScriptFormat { get; init; }

    /// <summary>Input mappings, evaluated when the activity starts, into its local scope.</summary>
    public IReadOnlyList<IoMapping> Inputs { get; init; } = [];

    /// <summary>Output mappings, evaluated when the activity completes, into the enclosing scope.</summary>
    public IReadOnlyList<IoMapping> Outputs { get; init; } = [];

    /// <summary>For a call activity: the id of the called process.</summary>
    public string? CalledElement { get; init; }

    /// <summary>The step's own time limit (<c>ot:stepLimit</c>).</summary>
    public TimeLimit? StepLimit { get; init; }

    /// <summary>Materials the step consumes or issues (<c>ot:materials</c>).</summary>
    public IReadOnlyList<MaterialRef> Materials { get; init; } = [];

    /// <summary>True for an activity marked <c>isForCompensation</c>: a compensation handler, entered only by
    /// compensation, never by a sequence flow.</summary>
    public bool IsForCompensation { get; init; }

    /// <summary>For a compensation boundary event: the compensation handler (an <c>isForCompensation</c> activity)
    /// its association points to, or null.</summary>
    public FlowNode? CompensationHandler { get; internal set; }

    internal void AddIncoming(SequenceFlow flow) => _incoming.Add(flow);

    internal void AddOutgoing(SequenceFlow flow) => _outgoing.Add(flow);

    internal void AddBoundaryEvent(FlowNode boundary) => _boundaryEvents.Add(boundary);

    /// <inheritdoc />
    public override string ToString() => $"{ElementType} \"{Id}\"";
}
