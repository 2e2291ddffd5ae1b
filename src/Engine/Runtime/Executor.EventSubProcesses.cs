using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>Event sub-processes (BPMN 2.0, "Event Sub-Process"): subscribed to while their enclosing scope (process,
/// sub-process) is active; triggered, an interrupting one cancels everything else in the scope, a non-interrupting
/// one runs beside it. Either way it runs inside the scope, which completes only after it.</summary>
internal sealed partial class Executor
{
    /// <summary>Subscribes the timer, message and signal start events of the event sub-processes directly inside
    /// <paramref name="scope"/>, whose execution is <paramref name="scopeExecution"/>. Error starts need no
    /// subscription: errors are matched when thrown.</summary>
    private void CreateEventSubProcessWaits(Execution scopeExecution, IFlowScope scope)
    {
        foreach (var eventSubProcess in scope.EventSubProcesses())
        {
            var start = StartOf(eventSubProcess);
            switch (start.EventDefinition)
            {
                case TimerEventDefinition timer:
                    CreateTimerWait(scopeExecution, start, timer, attachedTo: null, gateway: null);
                    break;
                case MessageEventDefinition message:
                    CreateMessageWait(scopeExecution, start, message, attachedTo: null, gateway: null);
                    break;
                case SignalEventDefinition signal:
                    CreateSignalWait(scopeExecution, start, signal, attachedTo: null, gateway: null);
                    break;
                case ErrorEventDefinition:
                    break;
                default:
                    throw new ExecutionFailure("UNSUPPORTED_EVENT",
                        $"事件子流程 \"{eventSubProcess.Id}\" 的开始事件没有可执行的触发器（定时器、消息、信号或错误）");
            }
        }
    }

    private static FlowNode StartOf(SubProcessNode eventSubProcess) =>
        eventSubProcess.StartEvents().FirstOrDefault()
        ?? throw new ExecutionFailure("NO_START_EVENT", $"事件子流程 \"{eventSubProcess.Id}\" 没有开始事件");

    /// <summary>A timer, message or signal subscription of an event sub-process fired.</summary>
    private void FireEventSubProcess(WaitState wait, FlowNode start, IReadOnlyDictionary<string, object?>? variables)
    {
        var scope = wait.Execution;
        if (start.IsInterrupting)
        {
            InterruptScope(scope);
        }
        else if (wait.Kind == WaitKind.Timer)
        {
            // A cycle fires again after its interval; any other timer fires once.
            if (start.EventDefinition is TimerEventDefinition timer
                && TimerDue(timer, scope, wait.DueAt!.Value, wait.FiredCount + 1) is { } next)
            {
                wait.FiredCount++;
                wait.DueAt = next;
            }
            else
            {
                scope.Instance.RemoveWait(wait);
            }
        }

        // A non-interrupting message or signal start stays subscribed: each occurrence starts another run.
        if (variables is not null)
        {
            foreach (var (name, value) in variables)
            {
                SetVariable(scope, name, value);
            }
        }

        StartEventSubProcess(scope, (SubProcessNode)start.Scope, start);
    }

    /// <summary>Cancels every token of the scope (running non-interrupting event sub-processes included) and its
    /// event sub-process subscriptions; the scope's own boundary events stay, since the scope goes on.</summary>
    private void InterruptScope(Execution scope)
    {
        foreach (var child in scope.Children.ToList())
        {
            Cancel(child);
        }

        foreach (var wait in scope.Instance.WaitsOf(scope))
        {
            if (scope.Instance.Model.FindNode(wait.NodeId) is { } node && node.IsEventSubProcessStart())
            {
                scope.Instance.RemoveWait(wait);
            }
        }
    }

    private void StartEventSubProcess(Execution scope, SubProcessNode eventSubProcess, FlowNode start)
    {
        var execution = NewChild(scope, ExecutionRole.Token, eventSubProcess);
        execution.Instance.Visit(eventSubProcess.Id);
        ApplyInputs(execution, eventSubProcess);
        CreateEventSubProcessWaits(execution, eventSubProcess);
        Schedule(OpKind.Enter, NewChild(execution, ExecutionRole.Token, start), start, null);
    }

    /// <summary>The execution whose children are the tokens of a process or sub-process: the root, a sub-process
    /// token, or one instance of a multi-instance sub-process.</summary>
    private static IFlowScope? ScopeOf(Execution execution) => execution switch
    {
        { Role: ExecutionRole.Root } => execution.Instance.Model,
        { Role: ExecutionRole.Token or ExecutionRole.MultiInstanceItem, Node: SubProcessNode sub } => sub,
        _ => null,
    };

    /// <summary>The error start event, among the event sub-processes of <paramref name="scope"/>, that catches the
    /// error: exact code first, then one without an error reference (catch-all).</summary>
    private static FlowNode? FindErrorStart(IFlowScope scope, string errorCode)
    {
        FlowNode? catchAll = null;
        foreach (var eventSubProcess in scope.EventSubProcesses())
        {
            if (eventSubProcess.StartEvents().FirstOrDefault() is { EventDefinition: ErrorEventDefinition error } start)
            {
                if ((error.ErrorCode ?? error.ErrorRef) == errorCode)
                {
                    return start;
                }

                if (error.ErrorCode is null && error.ErrorRef is null)
                {
                    catchAll ??= start;
                }
            }
        }

        return catchAll;
    }

    /// <summary>An error caught by an error start event: the scope is interrupted and the event sub-process runs.
    /// </summary>
    private void CatchErrorInScope(Execution scope, FlowNode start, string errorCode)
    {
        InterruptScope(scope);
        SetVariable(scope, "errorCode", errorCode);
        StartEventSubProcess(scope, (SubProcessNode)start.Scope, start);
    }
}
