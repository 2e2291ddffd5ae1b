using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>BPMN errors: thrown by error end events, built-in handlers and external workers, caught scope by scope.
/// </summary>
internal sealed partial class Executor
{
    /// <summary>Propagates a BPMN error outwards, scope by scope: in each, an error start event of an event
    /// sub-process catches it first, then a matching boundary error event of the activity that is the scope (across
    /// call activities). An error thrown inside an event sub-process skips the event sub-processes of the scope it
    /// runs in. Unhandled, it becomes an incident where it was thrown.</summary>
    private void ThrowError(Execution thrower, string errorCode, bool fromActivity)
    {
        var current = fromActivity ? thrower : thrower.Parent;
        var from = fromActivity ? null : thrower;
        while (current is not null)
        {
            if (from?.Node is not SubProcessNode { TriggeredByEvent: true } && ScopeOf(current) is { } scope
                && FindErrorStart(scope, errorCode) is { } start)
            {
                CatchErrorInScope(current, start, errorCode);
                return;
            }

            if (current.Role is ExecutionRole.Token or ExecutionRole.MultiInstanceBody
                && current.Node is { } activity && FindErrorBoundary(activity, errorCode) is { } boundary)
            {
                var parent = current.Parent!;
                Cancel(current);
                var token = NewChild(parent, ExecutionRole.Token, boundary);
                SetVariable(parent, "errorCode", errorCode);
                Schedule(OpKind.Enter, token, boundary, null);
                return;
            }

            from = current;
            if (current.Role == ExecutionRole.Root && current.Instance.CalledBy is { } caller
                && _host.FindInstance(caller.InstanceId)?.FindWait(caller.WaitId) is { } callWait)
            {
                current = callWait.Execution;
                continue;
            }

            current = current.Parent;
        }

        throw new ExecutionFailure("UNHANDLED_ERROR", $"BPMN 错误 \"{errorCode}\" 没有被任何边界错误事件或错误事件子流程捕获");
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

    /// <summary>An external worker reports a BPMN error for its service task: the job is gone and the error is
    /// thrown from the task, to be caught like one a built-in handler throws. Unhandled, it leaves an incident at
    /// the task; retrying that enters the task again (a new job).</summary>
    public void ThrowJobError(WaitState job, string errorCode, IReadOnlyDictionary<string, object?>? variables)
    {
        var execution = job.Execution;
        execution.Instance.RemoveWait(job);
        SetCommandVariables(execution, variables);
        try
        {
            ThrowError(execution, errorCode, fromActivity: true);
        }
        catch (ExecutionFailure failure)
        {
            RaiseIncident(new Op(OpKind.Enter, execution, execution.Node, null), failure.Code, failure.Message);
        }
    }
}
