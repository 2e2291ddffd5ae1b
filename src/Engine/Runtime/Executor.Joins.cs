using System.Runtime.CompilerServices;
using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

internal sealed partial class Executor
{
    /// <summary>For each inclusive gateway: the nodes of its scope from which a token could still reach it.</summary>
    private static readonly ConditionalWeakTable<FlowNode, HashSet<FlowNode>> Upstream = [];

    private void EnterJoin(Execution execution, FlowNode gateway, SequenceFlow? via)
    {
        execution.Role = ExecutionRole.Joining;
        execution.ArrivedVia = via;
        if (gateway.Kind == ElementKind.InclusiveGateway)
        {
            // Whether an OR-join may fire depends on every other token, so it is decided once the agenda is empty.
            execution.Instance.InclusiveJoiners.Add(execution);
            return;
        }

        var scope = execution.Parent!;
        var arrived = new List<Execution>(gateway.Incoming.Count);
        foreach (var flow in gateway.Incoming)
        {
            var waiting = FindJoiner(scope, gateway, flow);
            if (waiting is null)
            {
                return;
            }

            arrived.Add(waiting);
        }

        Activate(execution, gateway, arrived);
    }

    private static Execution? FindJoiner(Execution scope, FlowNode gateway, SequenceFlow flow)
    {
        foreach (var child in scope.Children)
        {
            if (child.Role == ExecutionRole.Joining && ReferenceEquals(child.Node, gateway)
                && ReferenceEquals(child.ArrivedVia, flow))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>Merges the arrived tokens into one, which leaves the gateway.</summary>
    private void Activate(Execution survivor, FlowNode gateway, List<Execution> arrived)
    {
        foreach (var token in arrived)
        {
            if (!ReferenceEquals(token, survivor))
            {
                DetachEnded(token);
            }
        }

        survivor.Instance.ForgetJoiner(survivor);
        survivor.Role = ExecutionRole.Token;
        survivor.ArrivedVia = null;
        survivor.Instance.Visit(gateway.Id);
        Schedule(OpKind.Leave, survivor, gateway, null);
    }

    /// <summary>Fires every inclusive join that no other token of its scope can still reach. Returns true when one
    /// fired (the agenda then has work again).</summary>
    private bool TryActivateInclusiveJoins()
    {
        var fired = false;
        foreach (var instance in _touched)
        {
            while (instance.InclusiveJoiners.Count > 0 && TryActivateOne(instance))
            {
                fired = true;
            }
        }

        return fired;
    }

    private bool TryActivateOne(ProcessInstance instance)
    {
        foreach (var joiner in instance.InclusiveJoiners)
        {
            var gateway = joiner.Node!;
            var scope = joiner.Parent!;
            var upstream = Upstream.GetValue(gateway, ComputeUpstream);
            var arrived = new List<Execution>();
            var blocked = false;
            foreach (var child in scope.Children)
            {
                if (child.Role == ExecutionRole.Joining && ReferenceEquals(child.Node, gateway))
                {
                    arrived.Add(child);
                }
                else if (child.Node is not null && upstream.Contains(child.Node))
                {
                    blocked = true;
                    break;
                }
            }

            if (!blocked)
            {
                Activate(joiner, gateway, arrived);
                return true;
            }
        }

        return false;
    }

    /// <summary>Walks backwards from the gateway over sequence flows; a boundary event leads back to its host,
    /// since a token waiting in the host can leave through it.</summary>
    private static HashSet<FlowNode> ComputeUpstream(FlowNode gateway)
    {
        var seen = new HashSet<FlowNode>();
        var pending = new Stack<FlowNode>();
        pending.Push(gateway);
        while (pending.TryPop(out var node))
        {
            foreach (var flow in node.Incoming)
            {
                if (!ReferenceEquals(flow.Source, gateway) && seen.Add(flow.Source))
                {
                    pending.Push(flow.Source);
                }
            }

            if (node.AttachedTo is { } host && seen.Add(host))
            {
                pending.Push(host);
            }
        }

        return seen;
    }
}
