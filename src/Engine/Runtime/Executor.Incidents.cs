namespace OneThing.Engine.Runtime;

/// <summary>Incidents: a step that fails leaves its token where it was, with a code and a message, until an operator
/// retries it.</summary>
internal sealed partial class Executor
{
    private void RaiseIncident(Op op, string code, string message)
    {
        var execution = op.Execution;
        var node = op.Node ?? execution.Node;
        var wait = new WaitState(TimeOrderedId.Next(Now), WaitKind.Incident, execution, node?.Id ?? execution.Instance.ProcessId, Now)
        {
            IncidentCode = code,
            IncidentMessage = message,
            RetryEnters = op.Kind is OpKind.Enter or OpKind.Begin,
            RetryCompletes = op.Kind == OpKind.Complete,
        };
        if (node is not null && execution.Role != ExecutionRole.Root)
        {
            execution.Node = node;
        }

        if (wait.RetryEnters)
        {
            // Subscriptions made by the failed entry would be made again by the retry.
            RemoveWaitsOf(execution);
        }

        execution.Instance.AddWait(wait);
    }

    private void ParkAgendaAsIncidents(Op current)
    {
        const string Message = "单次命令执行的步骤超过上限，流程可能存在无等待的死循环；令牌已停在此处";
        RaiseIncident(current, "STEP_LIMIT", Message);
        while (_agenda.TryDequeue(out var op))
        {
            if (!op.Execution.IsEnded)
            {
                RaiseIncident(op, "STEP_LIMIT", Message);
            }
        }
    }

    /// <summary>Retries an incident: the element is entered (or its outgoing flows taken) again.</summary>
    public void RetryIncident(WaitState incident)
    {
        var execution = incident.Execution;
        execution.Instance.RemoveWait(incident);
        if (execution.Role == ExecutionRole.Root)
        {
            // Beginning the instance failed: begin again, at the start event the incident names (none: implicit).
            Schedule(OpKind.Begin, execution, execution.Instance.Model.FindNode(incident.NodeId), null);
            return;
        }

        var kind = incident.RetryEnters ? OpKind.Enter : incident.RetryCompletes ? OpKind.Complete : OpKind.Leave;
        Schedule(kind, execution, execution.Node, null);
    }
}
