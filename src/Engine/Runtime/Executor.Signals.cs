using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

internal sealed partial class Executor
{
    /// <summary>The name a signal is broadcast and caught by: its declaration's name (or id).</summary>
    internal static string SignalNameOf(FlowNode node, SignalEventDefinition signal) =>
        signal.SignalName ?? signal.SignalRef
        ?? throw new ExecutionFailure("SIGNAL_UNNAMED", $"{node.ElementType} \"{node.Id}\" 未引用信号（signalRef）");

    private void CreateSignalWait(Execution execution, FlowNode eventNode, SignalEventDefinition signal,
        FlowNode? attachedTo, FlowNode? gateway)
    {
        execution.Instance.AddWait(new WaitState(TimeOrderedId.Next(Now), WaitKind.Signal, execution, eventNode.Id, Now)
        {
            MessageName = SignalNameOf(eventNode, signal),
            AttachedToNodeId = attachedTo?.Id,
            GatewayNodeId = gateway?.Id,
        });
    }

    /// <summary>Broadcasts a signal within the current command: every subscription waiting for it when the broadcast
    /// begins fires, across all instances, oldest first, and every deployed process whose (newest version's) start
    /// event catches it starts. Subscriptions made while the broadcast runs, by the catchers or by the throwing
    /// token itself, wait for the next one. Returns how many catch and start events it triggered.</summary>
    public int Broadcast(string signalName, IReadOnlyDictionary<string, object?>? variables)
    {
        var waits = _host.FindSignalWaits(signalName);
        var starts = _host.FindSignalStarts(signalName);
        var triggered = 0;
        foreach (var wait in waits)
        {
            // An earlier catcher may have removed this one (an alternative of the same event-based gateway, or a
            // boundary event of an activity the earlier one interrupted).
            var instance = wait.Execution.Instance;
            if (instance.IsEnded || wait.Execution.IsEnded || instance.FindWait(wait.Id) is null)
            {
                continue;
            }

            Resume(wait, variables);
            triggered++;
        }

        foreach (var (model, start) in starts)
        {
            Start(model, start, variables);
            triggered++;
        }

        return triggered;
    }

    /// <summary>The top-level start events of <paramref name="model"/> that catch the signal.</summary>
    internal static IEnumerable<FlowNode> SignalStarts(ProcessModel model, string signalName) =>
        model.StartEvents().Where(n => n.EventDefinition is SignalEventDefinition s
            && (s.SignalName ?? s.SignalRef) == signalName);
}
