using OneThing.Engine.Feel;
using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>What an execution is doing.</summary>
public enum ExecutionRole
{
    /// <summary>The process instance's root scope.</summary>
    Root,
    /// <summary>A token moving through or waiting at a node; for a sub-process or call activity it also holds the
    /// scope of the tokens inside.</summary>
    Token,
    /// <summary>A token parked at a parallel or inclusive join, waiting for the others.</summary>
    Joining,
    /// <summary>The body of a multi-instance activity, parent of its instances.</summary>
    MultiInstanceBody,
    /// <summary>One instance of a multi-instance activity.</summary>
    MultiInstanceItem,
}

/// <summary>A token (or scope) of a process instance. The tree of executions mirrors the nesting of scopes: the
/// parent of a token is the execution positioned at the enclosing sub-process (or the root). One storable row.
/// </summary>
public sealed class Execution : IFeelScope
{
    private List<Execution>? _children;

    internal Execution(Guid id, ProcessInstance instance, Execution? parent, ExecutionRole role, FlowNode? node)
    {
        Id = id;
        Instance = instance;
        Parent = parent;
        Role = role;
        Node = node;
    }

    /// <summary>The execution's id.</summary>
    public Guid Id { get; }

    /// <summary>The instance this execution belongs to.</summary>
    public ProcessInstance Instance { get; }

    /// <summary>The enclosing scope's execution; null for the root.</summary>
    public Execution? Parent { get; }

    /// <summary>What the execution is doing.</summary>
    public ExecutionRole Role { get; internal set; }

    /// <summary>The node the token is at (null for the root).</summary>
    public FlowNode? Node { get; internal set; }

    /// <summary>For a joining token: the flow it arrived by.</summary>
    public SequenceFlow? ArrivedVia { get; internal set; }

    /// <summary>Variables local to this scope, or null when there are none.</summary>
    public Dictionary<string, object?>? LocalVariables { get; private set; }

    /// <summary>The executions whose parent this is.</summary>
    public IReadOnlyList<Execution> Children => _children ?? (IReadOnlyList<Execution>)[];

    /// <summary>For a multi-instance body: number of instances, completed instances, and the collected outputs.
    /// </summary>
    internal MultiInstanceState? MultiInstance { get; set; }

    /// <summary>For a multi-instance item: its zero-based index.</summary>
    internal int ItemIndex { get; set; }

    internal bool IsEnded { get; set; }

    internal Dictionary<string, object?> EnsureLocals() => LocalVariables ??= new(StringComparer.Ordinal);

    internal void ClearLocals() => LocalVariables = null;

    internal void AddChild(Execution child) => (_children ??= []).Add(child);

    internal void RemoveChild(Execution child) => _children?.Remove(child);

    /// <inheritdoc />
    public bool TryGetVariable(string name, out object? value)
    {
        for (var e = this; e is not null; e = e.Parent)
        {
            if (e.LocalVariables is not null && e.LocalVariables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Role} {Node?.Id ?? "(root)"}";
}

/// <summary>Counters and collected outputs of a multi-instance body.</summary>
internal sealed class MultiInstanceState
{
    public required int Total { get; init; }

    public int Completed { get; set; }

    public int Started { get; set; }

    public required IReadOnlyList<object?>? Items { get; init; }

    public required object?[]? Outputs { get; init; }
}
