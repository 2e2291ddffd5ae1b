using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>Where tokens begin: a new process instance (its start event, or an implicit start), an embedded
/// sub-process, a called process.</summary>
internal sealed partial class Executor
{
    /// <summary>Creates an instance and starts it at <paramref name="start"/>, or, when that is null, at every node
    /// of a process without start events that has no incoming flows (implicit start).</summary>
    public ProcessInstance Start(ProcessModel model, FlowNode? start, IReadOnlyDictionary<string, object?>? variables,
        (Guid InstanceId, Guid WaitId)? calledBy = null)
    {
        var instance = new ProcessInstance(TimeOrderedId.Next(Now), model, Now) { CalledBy = calledBy };
        var root = instance.Root.EnsureLocals();
        if (variables is not null)
        {
            foreach (var (name, value) in variables)
            {
                root[name] = value;
            }
        }

        _host.Register(instance);
        // A step of its own, so a subscription that cannot be made (a timer expression failing, say) becomes an
        // incident of the new instance instead of an exception of the command.
        Schedule(OpKind.Begin, instance.Root, start, null);
        return instance;
    }

    private void BeginProcess(Execution root, FlowNode? start)
    {
        var model = root.Instance.Model;
        CreateEventSubProcessWaits(root, model);
        StartTokens(root, start is null ? model.ImplicitStartNodes() : [start]);
    }

    private void EnterSubProcess(Execution execution, SubProcessNode node)
    {
        if (!TryFindNoneStart(node, out var start))
        {
            throw new ExecutionFailure("NO_START_EVENT", $"子流程 \"{node.Id}\" 没有无类型开始事件，也没有可以隐式开始的元素");
        }

        CreateEventSubProcessWaits(execution, node);
        StartTokens(execution, start is null ? node.ImplicitStartNodes() : [start]);
    }

    /// <summary>The start event a start command means: the named one, else the none start event, else the only
    /// start event; null for an implicit start of a process without start events.</summary>
    /// <exception cref="EngineException">START_EVENT_NOT_FOUND.</exception>
    internal static FlowNode? FindStart(ProcessModel model, string? startEventId)
    {
        var starts = model.StartEvents().ToList();
        if (startEventId is null && starts.Count == 0 && model.ImplicitStartNodes().Count > 0)
        {
            return null;
        }

        return (startEventId is not null ? starts.FirstOrDefault(s => s.Id == startEventId)
                : starts.FirstOrDefault(s => s.EventDefinitions.Count == 0) ?? (starts.Count == 1 ? starts[0] : null))
            ?? throw new EngineException("START_EVENT_NOT_FOUND",
                $"流程 \"{model.Id}\" 没有可用的开始事件{(startEventId is null ? "" : $" \"{startEventId}\"")}");
    }

    /// <summary>Where a scope entered by its parent (sub-process, called process) begins: its none start event;
    /// or, when it has no start events at all, null for an implicit start at every node without incoming flows.
    /// False when neither exists.</summary>
    internal static bool TryFindNoneStart(IFlowScope scope, out FlowNode? start)
    {
        start = scope.StartEvents().FirstOrDefault(n => n.EventDefinitions.Count == 0);
        return start is not null || (!scope.StartEvents().Any() && scope.ImplicitStartNodes().Count > 0);
    }

    /// <summary>One token per node, entered in document order.</summary>
    private void StartTokens(Execution scope, IReadOnlyList<FlowNode> nodes)
    {
        foreach (var node in nodes)
        {
            Schedule(OpKind.Enter, NewChild(scope, ExecutionRole.Token, node), node, null);
        }
    }
}
