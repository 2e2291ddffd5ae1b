namespace OneThing.Engine.Runtime;

/// <summary>What a token is waiting for.</summary>
public enum WaitKind
{
    /// <summary>A person completes a user task.</summary>
    UserTask,
    /// <summary>A service, send or business-rule task with no built-in handler: an external worker completes it.</summary>
    ServiceTask,
    /// <summary>A message arrives (receive task, intermediate or boundary message event, event-based gateway).</summary>
    Message,
    /// <summary>A point in time is reached (intermediate or boundary timer, event-based gateway).</summary>
    Timer,
    /// <summary>A called process (call activity) ends.</summary>
    CalledProcess,
    /// <summary>Execution failed at this element (bad expression, no outgoing flow, unhandled error); an operator
    /// fixes the cause and retries. The token stays here, so no case is lost.</summary>
    Incident,
}

/// <summary>One explicit wait state of a process instance. Each wait is one storable row: everything needed to
/// resume it is in its fields.</summary>
public sealed class WaitState
{
    /// <summary>Source of <see cref="Sequence"/>; process-wide so waits of different instances compare too.</summary>
    private static long _lastSequence;

    internal WaitState(Guid id, WaitKind kind, Execution execution, string nodeId, DateTimeOffset createdAt)
    {
        Sequence = Interlocked.Increment(ref _lastSequence);
        Id = id;
        Kind = kind;
        Execution = execution;
        NodeId = nodeId;
        CreatedAt = createdAt;
    }

    /// <summary>The wait's id, used by commands that resume it.</summary>
    public Guid Id { get; }

    /// <summary>What is awaited.</summary>
    public WaitKind Kind { get; }

    /// <summary>The element the token waits at (for boundary events and event-based gateways: the event).</summary>
    public string NodeId { get; }

    /// <summary>When the wait began.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Creation order. Waits made by one command share <see cref="CreatedAt"/> (time is read, not advanced,
    /// during a command) and version-7 ids are random within a millisecond, so "oldest first" breaks ties by this,
    /// never by <see cref="Id"/>.</summary>
    internal long Sequence { get; }

    /// <summary>The id of the execution (token) that waits.</summary>
    public Guid ExecutionId => Execution.Id;

    /// <summary>For timers: when it is due.</summary>
    public DateTimeOffset? DueAt { get; internal set; }

    /// <summary>For timer cycles: how many times the timer has fired so far.</summary>
    public int FiredCount { get; internal set; }

    /// <summary>For messages: the message name.</summary>
    public string? MessageName { get; internal init; }

    /// <summary>For messages: the correlation key the message must carry, if any.</summary>
    public string? CorrelationKey { get; internal init; }

    /// <summary>For call activities: the called instance.</summary>
    public Guid? ChildInstanceId { get; internal set; }

    /// <summary>For user tasks: who may work on it (after expressions were evaluated).</summary>
    public string? Assignee { get; internal init; }

    /// <summary>For user tasks: candidate departments.</summary>
    public IReadOnlyList<string> CandidateGroups { get; internal init; } = [];

    /// <summary>For user tasks: candidate users.</summary>
    public IReadOnlyList<string> CandidateUsers { get; internal init; } = [];

    /// <summary>For user tasks: the form key.</summary>
    public string? FormKey { get; internal init; }

    /// <summary>For user tasks: the evaluated due date.</summary>
    public DateTimeOffset? TaskDueAt { get; internal init; }

    /// <summary>For service tasks: the job type (or built-in action) a worker subscribes to.</summary>
    public string? JobType { get; internal init; }

    /// <summary>For boundary events: the id of the activity the event is attached to.</summary>
    public string? AttachedToNodeId { get; internal init; }

    /// <summary>For event-based gateways: the gateway whose alternatives this wait belongs to.</summary>
    public string? GatewayNodeId { get; internal init; }

    /// <summary>For incidents: a stable code and a message for people.</summary>
    public string? IncidentCode { get; internal init; }

    /// <summary>For incidents: what went wrong, in Chinese.</summary>
    public string? IncidentMessage { get; internal init; }

    /// <summary>For incidents: whether retrying re-enters the element (true) or re-evaluates its outgoing flows.</summary>
    internal bool RetryEnters { get; init; }

    /// <summary>For incidents: whether retrying completes the activity (output mappings failed).</summary>
    internal bool RetryCompletes { get; init; }

    internal Execution Execution { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} at {NodeId}";
}
