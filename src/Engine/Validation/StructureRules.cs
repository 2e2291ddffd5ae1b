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

        IReadOnlyList<FlowNode> starts = [.. scope.StartEvents()];
        if (starts.Count == 0)
        {
            starts = scope.ImplicitStartNodes();
            if (!CheckImplicitStart(context, scope, starts))
            {
                // Without a start every node would also be unreachable; one problem says it better.
                return;
            }
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

    /// <summary>A scope without start events starts at every node without incoming flows (BPMN 2.0 §10.5.2): a
    /// warning, since the start is easy to miss. An error when there is no such node, or when the scope has end
    /// events (BPMN requires a start event wherever there is an end event).</summary>
    private static bool CheckImplicitStart(ValidationContext context, IFlowScope scope, IReadOnlyList<FlowNode> starts)
    {
        if (scope is SubProcessNode { TriggeredByEvent: true } eventSubProcess)
        {
            // Only its trigger enters an event sub-process: there is no implicit start.
            context.Error(eventSubProcess, ProblemCodes.NoStartEvent,
                $"事件子流程 {eventSubProcess} 没有开始事件；请放一个由定时器、消息、信号或错误触发的开始事件");
            return false;
        }

        var (id, type, what) = scope is SubProcessNode sub ? (sub.Id, sub.ElementType, $"子流程 {sub}")
            : (scope.Id, "process", $"可执行流程 \"{scope.Id}\"");
        var hasEnd = scope.Nodes.Any(n => n.Kind == ElementKind.EndEvent);
        if (starts.Count == 0 || hasEnd)
        {
            var why = hasEnd ? "；有结束事件的范围必须有开始事件（BPMN 2.0）" : "，也没有可以隐式开始的元素（没有入口顺序流的元素）";
            context.Add(id, type, ProblemSeverity.Error, ProblemCodes.NoStartEvent,
                $"{what} 没有开始事件{why}；请添加一个{(scope is SubProcessNode ? "无类型" : "")}开始事件");
            return false;
        }

        context.Add(id, type, ProblemSeverity.Warning, ProblemCodes.ImplicitStart,
            $"{what} 没有开始事件，启动时从没有入口顺序流的每个元素同时开始（{string.Join("、", starts.Select(n => $"\"{n.Id}\""))}）；"
            + "BPMN 允许这样做，但起点不直观，建议添加一个开始事件");
        return true;
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

    /// <summary>Nodes outside the sequence flow: event sub-processes (entered by their trigger), compensation
    /// handlers (entered by compensation) and compensation boundary events (which only point at a handler). Here they
    /// are neither unreachable nor dead ends.</summary>
    private static bool IsOutsideFlow(FlowNode node) =>
        node is SubProcessNode { TriggeredByEvent: true } || node.IsForCompensation
        || node is { Kind: ElementKind.BoundaryEvent, EventDefinition: CompensateEventDefinition };

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
