using OneThing.Engine.Feel;
using OneThing.Engine.Model;
using OneThing.Engine.Timers;

namespace OneThing.Engine.Runtime;

internal sealed partial class Executor
{
    private static readonly IFeelScope NoVariables =
        new DictionaryFeelScope(new Dictionary<string, object?>(StringComparer.Ordinal));

    private void EndEvent(Execution execution, FlowNode node)
    {
        switch (node.EventDefinition)
        {
            case TerminateEventDefinition:
                Terminate(execution);
                break;
            case ErrorEventDefinition error:
                ThrowError(execution, error.ErrorCode ?? error.ErrorRef ?? string.Empty, fromActivity: false);
                break;
            default:
                EndToken(execution);
                break;
        }
    }

    private void ThrowEvent(Execution execution, FlowNode node)
    {
        if (node.EventDefinitions.Count > 0 && node.EventDefinition is not MessageEventDefinition)
        {
            throw new ExecutionFailure("UNSUPPORTED_EVENT", $"不支持执行 {node.ElementType} \"{node.Id}\" 的事件定义");
        }

        Leave(execution);
    }

    /// <summary>Terminate end: every token of the enclosing scope ends. At the top level the instance is
    /// terminated; inside a sub-process the sub-process completes normally.</summary>
    private void Terminate(Execution execution)
    {
        var scope = execution.Parent!;
        foreach (var child in scope.Children.ToList())
        {
            Cancel(child);
        }

        if (scope.Role == ExecutionRole.Root)
        {
            EndInstance(scope.Instance, InstanceState.Terminated);
        }
        else
        {
            Schedule(OpKind.Complete, scope, scope.Node, null);
        }
    }

    /// <summary>Cancels an execution and everything under it: its waits, inner tokens and called instances.</summary>
    private void Cancel(Execution execution)
    {
        foreach (var child in execution.Children.ToList())
        {
            Cancel(child);
        }

        foreach (var wait in RemoveWaitsOf(execution))
        {
            if (wait.ChildInstanceId is { } childId && _host.FindInstance(childId) is { IsEnded: false } called)
            {
                foreach (var child in called.Root.Children.ToList())
                {
                    Cancel(child);
                }

                called.CalledBy = null;
                EndInstance(called, InstanceState.Terminated);
            }
        }

        DetachEnded(execution);
    }

    private List<WaitState> RemoveWaitsOf(Execution execution)
    {
        var waits = execution.Instance.WaitsOf(execution);
        foreach (var wait in waits)
        {
            execution.Instance.RemoveWait(wait);
        }

        return waits;
    }

    private void CatchEvent(Execution execution, FlowNode node)
    {
        switch (node.EventDefinition)
        {
            case TimerEventDefinition timer:
                CreateTimerWait(execution, node, timer, attachedTo: null, gateway: null);
                break;
            case MessageEventDefinition message:
                CreateMessageWait(execution, node, message, attachedTo: null, gateway: null);
                break;
            default:
                throw new ExecutionFailure("UNSUPPORTED_EVENT", $"不支持执行 {node.ElementType} \"{node.Id}\" 的事件定义");
        }
    }

    private void CreateTimerWait(Execution execution, FlowNode eventNode, TimerEventDefinition timer, FlowNode? attachedTo,
        FlowNode? gateway)
    {
        execution.Instance.AddWait(new WaitState(TimeOrderedId.Next(Now), WaitKind.Timer, execution, eventNode.Id, Now)
        {
            DueAt = TimerDue(timer, execution, Now, firedCount: 0)
                ?? throw new ExecutionFailure("TIMER_INVALID", $"定时器 \"{eventNode.Id}\" 的值无法计算：{timer.Expression}"),
            AttachedToNodeId = attachedTo?.Id,
            GatewayNodeId = gateway?.Id,
        });
    }

    /// <summary>The next due time of a timer, or null when a cycle has no repetitions left.</summary>
    private DateTimeOffset? TimerDue(TimerEventDefinition timer, IFeelScope scope, DateTimeOffset from, int firedCount)
    {
        var text = timer.Expression.Trim();
        if (text.StartsWith('=') || text.StartsWith("${", StringComparison.Ordinal))
        {
            var value = _feel.Evaluate(text, scope);
            if (timer.Kind == TimerKind.Cycle && value is string cycleText)
            {
                text = cycleText;
            }
            else
            {
                return firedCount == 0 ? ToInstant(value, timer.Expression) : null;
            }
        }

        switch (timer.Kind)
        {
            case TimerKind.Date when Iso8601.TryParseDateTime(text, out var at):
                return firedCount == 0 ? at : null;
            case TimerKind.Duration when Iso8601.TryParseDuration(text, out var duration):
                return firedCount == 0 ? _options.DueDates.Add(from, duration) : null;
            case TimerKind.Cycle when Iso8601.TryParseCycle(text, out var cycle):
                if (cycle.Repetitions is { } n && firedCount >= n)
                {
                    return null;
                }

                return firedCount == 0 && cycle.Start is { } start ? start : _options.DueDates.Add(from, cycle.Interval);
            default:
                throw new ExecutionFailure("TIMER_INVALID", $"定时器的值无法解析：{timer.Expression}");
        }
    }

    /// <summary>The next due time of a timer start event (no variables exist yet).</summary>
    public DateTimeOffset? StartTimerDue(TimerEventDefinition timer, int firedCount, DateTimeOffset from) =>
        TimerDue(timer, NoVariables, from, firedCount);

    private void CreateMessageWait(Execution execution, FlowNode eventNode, MessageEventDefinition message,
        FlowNode? attachedTo, FlowNode? gateway)
    {
        var name = message.MessageName ?? message.MessageRef
            ?? throw new ExecutionFailure("MESSAGE_UNNAMED", $"\"{eventNode.Id}\" 未指定消息名称");
        execution.Instance.AddWait(new WaitState(TimeOrderedId.Next(Now), WaitKind.Message, execution, eventNode.Id, Now)
        {
            MessageName = name,
            CorrelationKey = message.CorrelationKey is null ? null : EvaluateText(message.CorrelationKey, execution),
            AttachedToNodeId = attachedTo?.Id,
            GatewayNodeId = gateway?.Id,
        });
    }

    private void CreateBoundaryWaits(Execution execution, FlowNode activity)
    {
        foreach (var boundary in activity.BoundaryEvents)
        {
            switch (boundary.EventDefinition)
            {
                case TimerEventDefinition timer:
                    CreateTimerWait(execution, boundary, timer, activity, gateway: null);
                    break;
                case MessageEventDefinition message:
                    CreateMessageWait(execution, boundary, message, activity, gateway: null);
                    break;
                default:
                    // Error boundaries need no subscription: errors are matched when thrown.
                    break;
            }
        }
    }

    private void EnterEventGateway(Execution execution, FlowNode gateway)
    {
        foreach (var flow in gateway.Outgoing)
        {
            var target = flow.Target;
            switch (target.EventDefinition)
            {
                case TimerEventDefinition timer:
                    CreateTimerWait(execution, target, timer, attachedTo: null, gateway);
                    break;
                case MessageEventDefinition message:
                    CreateMessageWait(execution, target, message, attachedTo: null, gateway);
                    break;
                case null when target.Kind == ElementKind.ReceiveTask:
                    CreateMessageWait(execution, target, MessageOf(target), attachedTo: null, gateway);
                    break;
                default:
                    throw new ExecutionFailure("EVENT_GATEWAY_TARGETS",
                        $"事件网关 \"{gateway.Id}\" 的出口 \"{target.Id}\" 不是定时器或消息事件");
            }
        }
    }

    /// <summary>Resumes a wait: a task completed, a message arrived or a timer fired.</summary>
    public void Resume(WaitState wait, IReadOnlyDictionary<string, object?>? variables)
    {
        var execution = wait.Execution;
        var instance = execution.Instance;
        var model = instance.Model;
        if (wait.Kind == WaitKind.Incident)
        {
            SetCommandVariables(execution, variables);
            RetryIncident(wait);
            return;
        }

        if (wait.AttachedToNodeId is not null)
        {
            FireBoundary(wait, model.FindNode(wait.NodeId)!, variables);
            return;
        }

        if (wait.GatewayNodeId is not null)
        {
            foreach (var other in instance.WaitsOf(execution))
            {
                if (other.GatewayNodeId == wait.GatewayNodeId)
                {
                    instance.RemoveWait(other);
                }
            }

            var target = model.FindNode(wait.NodeId)!;
            execution.Node = target;
            instance.Visit(target.Id);
            SetCommandVariables(execution, variables);
            Schedule(target.Kind == ElementKind.ReceiveTask ? OpKind.Complete : OpKind.Leave, execution, target, null);
            return;
        }

        instance.RemoveWait(wait);
        SetCommandVariables(execution, variables);
        Schedule(execution.Node!.Kind == ElementKind.IntermediateCatchEvent ? OpKind.Leave : OpKind.Complete,
            execution, execution.Node, null);
    }

    private void FireBoundary(WaitState wait, FlowNode boundary, IReadOnlyDictionary<string, object?>? variables)
    {
        var host = wait.Execution;
        var scope = host.Parent!;
        if (boundary.CancelActivity)
        {
            Cancel(host);
        }
        else if (wait.Kind == WaitKind.Timer && boundary.EventDefinition is TimerEventDefinition timer
                 && TimerDue(timer, host, wait.DueAt!.Value, wait.FiredCount + 1) is { } next)
        {
            wait.FiredCount++;
            wait.DueAt = next;
        }
        else
        {
            host.Instance.RemoveWait(wait);
        }

        var token = NewChild(scope, ExecutionRole.Token, boundary);
        if (variables is not null)
        {
            foreach (var (name, value) in variables)
            {
                SetVariable(scope, name, value);
            }
        }

        Schedule(OpKind.Enter, token, boundary, null);
    }

    /// <summary>Propagates a BPMN error outwards to the nearest activity with a matching boundary error event
    /// (across call activities). Unhandled, it becomes an incident where it was thrown.</summary>
    private void ThrowError(Execution thrower, string errorCode, bool fromActivity)
    {
        var current = fromActivity ? thrower : thrower.Parent;
        while (current is not null)
        {
            if (current.Role is ExecutionRole.Token or ExecutionRole.MultiInstanceBody
                && current.Node is { } activity && FindErrorBoundary(activity, errorCode) is { } boundary)
            {
                var scope = current.Parent!;
                Cancel(current);
                var token = NewChild(scope, ExecutionRole.Token, boundary);
                SetVariable(scope, "errorCode", errorCode);
                Schedule(OpKind.Enter, token, boundary, null);
                return;
            }

            if (current.Role == ExecutionRole.Root && current.Instance.CalledBy is { } caller
                && _host.FindInstance(caller.InstanceId)?.FindWait(caller.WaitId) is { } callWait)
            {
                current = callWait.Execution;
                continue;
            }

            current = current.Parent;
        }

        throw new ExecutionFailure("UNHANDLED_ERROR", $"BPMN 错误 \"{errorCode}\" 没有被任何边界错误事件捕获");
    }

    private static FlowNode? FindErrorBoundary(FlowNode activity, string errorCode)
    {
        FlowNode? catchAll = null;
        foreach (var boundary in activity.BoundaryEvents)
        {
            if (boundary.EventDefinition is ErrorEventDefinition error)
            {
                if ((error.ErrorCode ?? error.ErrorRef) == errorCode)
                {
                    return boundary;
                }

                if (error.ErrorCode is null && error.ErrorRef is null)
                {
                    catchAll ??= boundary;
                }
            }
        }

        return catchAll;
    }
}
