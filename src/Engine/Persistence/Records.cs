namespace OneThing.Engine.Persistence;

/// <summary>One deployed BPMN file. Deploying a byte-identical file again is a no-op (same hash).</summary>
public sealed class DeploymentRecord
{
    /// <summary>Longest file name kept with a deployment (a longer one is cut), and the column's length.</summary>
    public const int MaxNameLength = 200;

    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the file, hex.</summary>
    public required string Hash { get; set; }

    public required string Xml { get; set; }

    public DateTimeOffset DeployedAt { get; set; }
}

/// <summary>One version of one executable process of a deployment.</summary>
public sealed class DefinitionRecord
{
    public Guid Id { get; set; }

    public Guid DeploymentId { get; set; }

    public required string ProcessId { get; set; }

    public int Version { get; set; }

    public string? Name { get; set; }
}

/// <summary>A process instance. <see cref="Revision"/> is the optimistic-concurrency token: every command that
/// changes the instance increments it.</summary>
public sealed class InstanceRecord
{
    public Guid Id { get; set; }

    public Guid DefinitionId { get; set; }

    public required string ProcessId { get; set; }

    public int State { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public Guid? CalledByInstanceId { get; set; }

    public Guid? CalledByWaitId { get; set; }

    public long Revision { get; set; }

    /// <summary>How many history events the instance has; the next event's <see cref="HistoryRecord.Seq"/>.</summary>
    public int HistoryCount { get; set; }
}

/// <summary>A token or scope of an instance, with its local variables as JSON.</summary>
public sealed class ExecutionRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid? ParentId { get; set; }

    public int Role { get; set; }

    public string? NodeId { get; set; }

    public string? ArrivedViaFlowId { get; set; }

    public int ItemIndex { get; set; }

    /// <summary>Multi-instance body counters and collected outputs, JSON.</summary>
    public string? MultiInstanceJson { get; set; }

    public string? VariablesJson { get; set; }
}

/// <summary>A wait state: user task, external job, message subscription, timer, called process or incident.
/// Timers are also the executor's jobs: <see cref="DueAt"/> is indexed, <see cref="LockedUntil"/> is the lease.
/// </summary>
public sealed class WaitRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid ExecutionId { get; set; }

    public int Kind { get; set; }

    public required string NodeId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Breaks ties between waits created at the same instant (one command creates several), so "oldest
    /// first" is well defined.</summary>
    public long CreatedSeq { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public int FiredCount { get; set; }

    /// <summary>The message name of a message subscription, or the signal name of a signal subscription (kind
    /// <c>Signal</c>): one indexed column serves both, so signals needed no schema change.</summary>
    public string? MessageName { get; set; }

    public string? CorrelationKey { get; set; }

    public Guid? ChildInstanceId { get; set; }

    public string? Assignee { get; set; }

    /// <summary>Candidate departments, one per line.</summary>
    public string? CandidateGroups { get; set; }

    /// <summary>Candidate users, one per line.</summary>
    public string? CandidateUsers { get; set; }

    public string? FormKey { get; set; }

    public DateTimeOffset? TaskDueAt { get; set; }

    public string? JobType { get; set; }

    public string? AttachedToNodeId { get; set; }

    public string? GatewayNodeId { get; set; }

    public string? IncidentCode { get; set; }

    public string? IncidentMessage { get; set; }

    /// <summary>0 = re-evaluate outgoing flows, 1 = re-enter, 2 = re-complete (incidents only).</summary>
    public int RetryMode { get; set; }

    public string? LockOwner { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public int Attempts { get; set; }
}

/// <summary>An append-only history event of an instance (the trace of visited elements and commands).</summary>
public sealed class HistoryRecord
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    /// <summary>Position in the instance's history (0, 1, …); orders the trace on every provider.</summary>
    public int Seq { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Type { get; set; }

    public string? NodeId { get; set; }

    /// <summary>Of a <c>visit</c> event: the elements one command's tokens entered, in order, one id per line (one
    /// row per command instead of one per element). Events written before this column name their one element in
    /// <see cref="NodeId"/>.</summary>
    public string? Path { get; set; }

    /// <summary>For commands on a wait (complete, message, timer): which wait.</summary>
    public Guid? WaitId { get; set; }

    /// <summary>The elements a <c>visit</c> event records, in order.</summary>
    public IEnumerable<string> Visited() =>
        Path is not null ? Path.Split('\n') : NodeId is not null ? [NodeId] : [];
}
