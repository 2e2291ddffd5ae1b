using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>The shape of one scope (process or sub-process): it has a start, every node is reachable from a start,
/// and every node can still reach an end.</summary>
internal static class StructureRules
{
    public static void Check(ValidationContext context, IFlowScope scope)
    {
        // An ad-hoc sub-process is unconnected by design and is refused as a whole; its inside has no shape to check.
        if (scope is SubProcessNode { Kind: ElementKind.AdHocSubProcess })
        {
            return;
        }

        var starts = scope.Nodes.Where(n => n.Kind == ElementKind.StartEvent).ToList();
        if (starts.Count == 0)
        {
            ReportNoStart(context, scope);
            // Without a start every node would also be unreachable; one problem says it better.
            return;
        }

        var reached = Reach(scope, starts);
        foreach (var node in scope.Nodes.Where(n => !reached.Contains(n) && !IsOutsideFlow(n)))
        {
            // A boundary event on an unreachable activity is fixed together with its host.
            if (node.Kind == ElementKind.BoundaryEvent && node.AttachedTo is { } host && !reached.Contains(host))
            {
                continue;
            }

            context.Error(node, ProblemCodes.Unreachable,
                $"{node} 无法从任何开始事件到达；请用顺序流把它连入流程，或删除它");
        }

        foreach (var node in reached.Where(n => n.Outgoing.Count == 0 && !IsOutsideFlow(n)))
        {
            CheckEnd(context, node);
        }

        var canEnd = CanReachEnd(scope);
        foreach (var node in scope.Nodes.Where(n => reached.Contains(n) && !canEnd.Contains(n) && !IsOutsideFlow(n)))
        {
            context.Error(node, ProblemCodes.NoPathToEnd,
                $"{node} 之后的每条路径都会无限循环，到不了任何结束事件；请为循环加一个出口");
        }
    }

    private static void ReportNoStart(ValidationContext context, IFlowScope scope)
    {
        switch (scope)
        {
            case SubProcessNode { TriggeredByEvent: true }:
                // Event sub-processes are refused as unsupported elements; a missing start adds nothing.
                break;
            case SubProcessNode subProcess:
                context.Error(subProcess, ProblemCodes.NoStartEvent,
                    $"子流程 {subProcess} 没有开始事件；请在其中放一个无类型开始事件");
                break;
            default:
                context.Add(scope.Id, "process", ProblemSeverity.Error, ProblemCodes.NoStartEvent,
                    $"可执行流程 \"{scope.Id}\" 没有开始事件；请添加一个开始事件");
                break;
        }
    }

    private static void CheckEnd(ValidationContext context, FlowNode node)
    {
        if (node.Kind == ElementKind.EndEvent)
        {
            return;
        }

        if (node.Kind.IsGateway())
        {
            context.Error(node, ProblemCodes.DeadEnd, $"{node} 没有出口顺序流，到达这里的令牌将无处可去");
            return;
        }

        context.Warning(node, ProblemCodes.ImplicitEnd,
            $"{node} 没有出口顺序流，令牌会在此隐式结束；建议连到一个结束事件，使流程的终点清楚可见");
    }

    /// <summary>Nodes that are entered by something other than a sequence flow: event sub-processes (by their
    /// trigger) and compensation handlers (by compensation). Both are refused elsewhere; here they are neither
    /// unreachable nor dead ends.</summary>
    private static bool IsOutsideFlow(FlowNode node) =>
        node is SubProcessNode { TriggeredByEvent: true } || node.IsForCompensation;

    /// <summary>Every node reachable from the starts along sequence flows; an activity that is reached also reaches
    /// its boundary events.</summary>
    private static HashSet<FlowNode> Reach(IFlowScope scope, IEnumerable<FlowNode> starts)
    {
        var reached = new HashSet<FlowNode>();
        var pending = new Stack<FlowNode>(starts);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!reached.Add(node))
            {
                continue;
            }

            foreach (var flow in node.Outgoing)
            {
                pending.Push(flow.Target);
            }

            foreach (var boundary in node.BoundaryEvents.Where(b => ReferenceEquals(b.Scope, scope)))
            {
                pending.Push(boundary);
            }
        }

        return reached;
    }

    /// <summary>Every node from which some node without outgoing flows (an end event, an implicit end or a dead-end
    /// gateway, the last two reported on their own) can be reached, walking backwards; a boundary event leads back to
    /// its host, since the host can leave through it.</summary>
    private static HashSet<FlowNode> CanReachEnd(IFlowScope scope)
    {
        var canEnd = new HashSet<FlowNode>();
        var pending = new Stack<FlowNode>(scope.Nodes.Where(n => n.Outgoing.Count == 0));
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!canEnd.Add(node))
            {
                continue;
            }

            foreach (var flow in node.Incoming)
            {
                pending.Push(flow.Source);
            }

            if (node.AttachedTo is { } host)
            {
                pending.Push(host);
            }
        }

        return canEnd;
    }
}
