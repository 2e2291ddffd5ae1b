using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>Commands that change where an instance stands instead of moving it along its flows: ending it (不予受理,
/// 不予许可, 撤回) and resetting it to an earlier step (退回, an approver taking back a completion).</summary>
internal sealed partial class Executor
{
    /// <summary>Cancels every token and ends the instance as <see cref="InstanceState.Terminated"/>.</summary>
    public void TerminateInstance(ProcessInstance instance)
    {
        foreach (var child in instance.Root.Children.ToList())
        {
            Cancel(child);
        }

        EndInstance(instance, InstanceState.Terminated);
    }

    /// <summary>Cancels every token of the instance and starts one at <paramref name="target"/>, a node of the
    /// process's top level outside any parallel section (see <see cref="IsSequentialStep"/>). Variables stay.</summary>
    public void MoveTo(ProcessInstance instance, FlowNode target)
    {
        if (instance.IsEnded)
        {
            throw new EngineException("INSTANCE_ENDED", "流程实例已结束");
        }

        if (!IsSequentialStep(instance.Model, target))
        {
            throw new EngineException("MOVE_TARGET_INVALID",
                $"不能退回到“{target.Name ?? target.Id}”：只能退回到流程主干上并行分支之外的环节");
        }

        foreach (var child in instance.Root.Children.ToList())
        {
            Cancel(child);
        }

        StartTokens(instance.Root, [target]);
    }

    /// <summary>Whether one token at <paramref name="node"/> is a complete state of the process: the node sits at
    /// the top level and no path from a start reaches it between a diverging and its converging parallel or
    /// inclusive gateway. Tokens elsewhere would leave a join waiting for branches that never come.</summary>
    public static bool IsSequentialStep(ProcessModel model, FlowNode node)
    {
        if (!ReferenceEquals(node.Scope, model) || node.Kind == ElementKind.BoundaryEvent)
        {
            return false;
        }

        var depth = new Dictionary<FlowNode, int>();
        var queue = new Queue<FlowNode>();
        foreach (var start in model.Nodes.Where(n => n.Incoming.Count == 0 && n.Kind != ElementKind.BoundaryEvent))
        {
            depth[start] = 0;
            queue.Enqueue(start);
        }

        while (queue.TryDequeue(out var current))
        {
            var level = depth[current];
            if (IsForkOrJoin(current) && current.Incoming.Count > 1)
            {
                level = Math.Max(0, level - 1);
            }

            if (IsForkOrJoin(current) && current.Outgoing.Count > 1)
            {
                level++;
            }

            foreach (var next in current.Outgoing.Select(f => f.Target)
                .Concat(model.Nodes.Where(b => b.Kind == ElementKind.BoundaryEvent && b.AttachedTo == current)))
            {
                var nextLevel = next.Kind == ElementKind.BoundaryEvent ? depth[current] : level;
                // Bounded: a loop around a fork without its join would otherwise raise the level for ever.
                if (nextLevel <= model.Nodes.Count && (!depth.TryGetValue(next, out var known) || nextLevel > known))
                {
                    depth[next] = nextLevel;
                    queue.Enqueue(next);
                }
            }
        }

        return depth.TryGetValue(node, out var found) && found == 0;
    }

    private static bool IsForkOrJoin(FlowNode node) =>
        node.Kind is ElementKind.ParallelGateway or ElementKind.InclusiveGateway;
}
