using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>Where a process instance is in its life.</summary>
public enum InstanceState
{
    /// <summary>At least one token is active or waiting.</summary>
    Running,
    /// <summary>Every token reached an end.</summary>
    Completed,
    /// <summary>A terminate end event ended it (or its parent was cancelled).</summary>
    Terminated,
}

/// <summary>The runtime state of one process instance: its tree of executions, its wait states and the trace of
/// visited elements. Every part is a flat collection of small objects so it can be stored row by row.</summary>
public sealed class ProcessInstance
{
    private readonly Dictionary<Guid, WaitState> _waits = [];
    private readonly List<string> _trace = [];

    internal ProcessInstance(Guid id, ProcessModel model, DateTimeOffset startedAt)
    {
        Id = id;
        Model = model;
        StartedAt = startedAt;
        Root = new Execution(id, this, null, ExecutionRole.Root, null);
    }

    /// <summary>The instance's id (also the root execution's id).</summary>
    public Guid Id { get; }

    /// <summary>The process this instance runs (the version it started on).</summary>
    public ProcessModel Model { get; }

    /// <summary>The process id.</summary>
    public string ProcessId => Model.Id;

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When it ended, if it has.</summary>
    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>Running, completed or terminated.</summary>
    public InstanceState State { get; internal set; }

    /// <summary>True once the instance is completed or terminated.</summary>
    public bool IsEnded => State != InstanceState.Running;

    /// <summary>The root scope; its local variables are the process variables.</summary>
    public Execution Root { get; }

    /// <summary>The process variables (root scope).</summary>
    public IReadOnlyDictionary<string, object?> Variables => Root.EnsureLocals();

    /// <summary>The wait states, one per waiting token, timer, message subscription or incident.</summary>
    public IReadOnlyCollection<WaitState> Waits => _waits.Values;

    /// <summary>The ids of visited elements in the order they were entered.</summary>
    public IReadOnlyList<string> Trace => _trace;

    /// <summary>For a called instance: the calling instance and the wait that awaits this one.</summary>
    public (Guid InstanceId, Guid WaitId)? CalledBy { get; internal set; }

    /// <summary>The wait with this id, or null.</summary>
    public WaitState? FindWait(Guid id) => _waits.GetValueOrDefault(id);

    /// <summary>The open user tasks.</summary>
    public IEnumerable<WaitState> UserTasks => _waits.Values.Where(w => w.Kind == WaitKind.UserTask);

    /// <summary>The open incidents.</summary>
    public IEnumerable<WaitState> Incidents => _waits.Values.Where(w => w.Kind == WaitKind.Incident);

    internal void AddWait(WaitState wait) => _waits.Add(wait.Id, wait);

    internal void RemoveWait(WaitState wait) => _waits.Remove(wait.Id);

    internal List<WaitState> WaitsOf(Execution execution)
    {
        var found = new List<WaitState>();
        foreach (var w in _waits.Values)
        {
            if (ReferenceEquals(w.Execution, execution))
            {
                found.Add(w);
            }
        }

        return found;
    }

    internal void Visit(string elementId) => _trace.Add(elementId);

    /// <summary>Tokens parked at inclusive joins; re-examined whenever a command's agenda runs empty.</summary>
    internal HashSet<Execution> InclusiveJoiners { get; } = [];

    internal void ForgetJoiner(Execution execution)
    {
        if (InclusiveJoiners.Count > 0)
        {
            InclusiveJoiners.Remove(execution);
        }
    }
}
