using OneThing.Engine.Feel;
using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>Runs one command: moves tokens until every token waits ("run until quiescent"). Not thread-safe; one
/// executor serves one command at a time.</summary>
internal sealed partial class Executor
{
    private readonly IInstanceHost _host;
    private readonly FeelEngine _feel;
    private readonly EngineOptions _options;
    private readonly Queue<Op> _agenda = new();
    private readonly HashSet<ProcessInstance> _touched = [];
    private int _steps;

    public Executor(IInstanceHost host, FeelEngine feel, EngineOptions options)
    {
        _host = host;
        _feel = feel;
        _options = options;
    }

    private enum OpKind
    {
        Enter,
        Leave,
        Complete,
    }

    private readonly record struct Op(OpKind Kind, Execution Execution, FlowNode? Node, SequenceFlow? Via);

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

    /// <summary>Creates an instance and starts it at <paramref name="start"/>.</summary>
    public ProcessInstance Start(ProcessModel model, FlowNode start, IReadOnlyDictionary<string, object?>? variables,
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
        var token = NewChild(instance.Root, ExecutionRole.Token, start);
        Schedule(OpKind.Enter, token, start, null);
        return instance;
    }

    /// <summary>Runs the agenda until every token waits; OR-joins are evaluated whenever the agenda is empty.</summary>
    public void Run()
    {
        _steps = 0;
        do
        {
            while (_agenda.TryDequeue(out var op))
            {
                if (++_steps > _options.MaxStepsPerCommand)
                {
                    ParkAgendaAsIncidents(op);
                    return;
                }

                Execute(op);
            }
        }
        while (TryActivateInclusiveJoins());
        _touched.Clear();
    }

    private void Execute(Op op)
    {
        if (op.Execution.IsEnded)
        {
            return;
        }

        try
        {
            switch (op.Kind)
            {
                case OpKind.Enter:
                    Enter(op.Execution, op.Node!, op.Via);
                    break;
                case OpKind.Leave:
                    Leave(op.Execution);
                    break;
                default:
                    CompleteActivity(op.Execution);
                    break;
            }
        }
        catch (Exception ex) when (ex is FeelException or ExecutionFailure or ArgumentOutOfRangeException)
        {
            // Out-of-range arithmetic comes from dates pushed past year 9999 by a due-date expression.
            var (code, message) = ex switch
            {
                ExecutionFailure f => (f.Code, f.Message),
                FeelException => ("EXPRESSION_FAILED", ex.Message),
                _ => ("VALUE_OUT_OF_RANGE", $"计算结果超出范围：{ex.Message}"),
            };
            RaiseIncident(op, code, message);
        }
    }

    private void Schedule(OpKind kind, Execution execution, FlowNode? node, SequenceFlow? via)
    {
        _touched.Add(execution.Instance);
        _agenda.Enqueue(new Op(kind, execution, node, via));
    }

    private Execution NewChild(Execution parent, ExecutionRole role, FlowNode? node)
    {
        var child = new Execution(TimeOrderedId.Next(Now), parent.Instance, parent, role, node);
        parent.AddChild(child);
        return child;
    }

    private void Enter(Execution execution, FlowNode node, SequenceFlow? via)
    {
        execution.Node = node;
        if (node.MultiInstance is not null && execution.Role == ExecutionRole.Token && node.Kind.IsActivity())
        {
            EnterMultiInstanceBody(execution, node);
            return;
        }

        if (node.Kind is ElementKind.ParallelGateway or ElementKind.InclusiveGateway && node.Incoming.Count > 1)
        {
            EnterJoin(execution, node, via);
            return;
        }

        execution.Instance.Visit(node.Id);
        switch (node.Kind)
        {
            case ElementKind.StartEvent:
            case ElementKind.BoundaryEvent:
            case ElementKind.ExclusiveGateway:
            case ElementKind.ParallelGateway:
            case ElementKind.InclusiveGateway:
                Leave(execution);
                break;
            case ElementKind.IntermediateThrowEvent:
                ThrowEvent(execution, node);
                break;
            case ElementKind.EndEvent:
                EndEvent(execution, node);
                break;
            case ElementKind.IntermediateCatchEvent:
                CatchEvent(execution, node);
                break;
            case ElementKind.EventBasedGateway:
                EnterEventGateway(execution, node);
                break;
            case ElementKind.Task:
            case ElementKind.ManualTask:
            case ElementKind.UserTask:
            case ElementKind.ServiceTask:
            case ElementKind.SendTask:
            case ElementKind.BusinessRuleTask:
            case ElementKind.ReceiveTask:
            case ElementKind.SubProcess:
            case ElementKind.CallActivity:
                EnterActivity(execution, node);
                break;
            default:
                throw new ExecutionFailure("UNSUPPORTED_ELEMENT",
                    $"不支持执行 {node.ElementType} \"{node.Id}\"（不在可执行子集内）");
        }
    }

    private void EnterActivity(Execution execution, FlowNode node)
    {
        ApplyInputs(execution, node);
        if (execution.Role != ExecutionRole.MultiInstanceItem)
        {
            CreateBoundaryWaits(execution, node);
        }

        switch (node.Kind)
        {
            case ElementKind.Task:
            case ElementKind.ManualTask:
                CompleteActivity(execution);
                break;
            case ElementKind.UserTask:
                CreateUserTask(execution, node);
                break;
            case ElementKind.ServiceTask:
            case ElementKind.SendTask:
            case ElementKind.BusinessRuleTask:
                RunServiceTask(execution, node);
                break;
            case ElementKind.ReceiveTask:
                CreateMessageWait(execution, node, (node.EventDefinition as MessageEventDefinition)
                    ?? MessageOf(node), attachedTo: null, gateway: null);
                break;
            case ElementKind.SubProcess:
                EnterSubProcess(execution, (SubProcessNode)node);
                break;
            default:
                StartCalledProcess(execution, node);
                break;
        }
    }

    private static MessageEventDefinition MessageOf(FlowNode node) =>
        node.EventDefinitions.OfType<MessageEventDefinition>().FirstOrDefault()
        ?? throw new ExecutionFailure("MESSAGE_UNNAMED", $"{node.ElementType} \"{node.Id}\" 未指定消息");

    private void EnterSubProcess(Execution execution, SubProcessNode node)
    {
        var start = node.Nodes.FirstOrDefault(n => n.Kind == ElementKind.StartEvent && n.EventDefinitions.Count == 0)
            ?? throw new ExecutionFailure("NO_START_EVENT", $"子流程 \"{node.Id}\" 没有无类型开始事件");
        Schedule(OpKind.Enter, NewChild(execution, ExecutionRole.Token, start), start, null);
    }

    /// <summary>Completes the activity the execution is at: output mappings, boundary subscriptions removed, then
    /// either the multi-instance bookkeeping or the outgoing flows.</summary>
    private void CompleteActivity(Execution execution)
    {
        var node = execution.Node!;
        ApplyOutputs(execution, node);
        RemoveWaitsOf(execution);
        if (execution.Role == ExecutionRole.MultiInstanceItem)
        {
            CompleteItem(execution);
            return;
        }

        execution.ClearLocals();
        // A separate step, so a failing outgoing condition is retried on its own, after the outputs were applied.
        Schedule(OpKind.Leave, execution, node, null);
    }

    /// <summary>Takes the outgoing flows of the execution's node. Conditions are all evaluated before any token
    /// moves, so a failing expression leaves the token where it is.</summary>
    private void Leave(Execution execution)
    {
        var node = execution.Node!;
        var outgoing = node.Outgoing;
        if (outgoing.Count == 0)
        {
            EndToken(execution);
            return;
        }

        if (outgoing.Count == 1 && outgoing[0].Condition is null)
        {
            Schedule(OpKind.Enter, execution, outgoing[0].Target, outgoing[0]);
            return;
        }

        var taken = SelectFlows(execution, node);
        Schedule(OpKind.Enter, execution, taken[0].Target, taken[0]);
        for (var i = 1; i < taken.Count; i++)
        {
            var sibling = NewChild(execution.Parent!, ExecutionRole.Token, node);
            Schedule(OpKind.Enter, sibling, taken[i].Target, taken[i]);
        }
    }

    private List<SequenceFlow> SelectFlows(Execution execution, FlowNode node)
    {
        var taken = new List<SequenceFlow>(node.Outgoing.Count);
        var exclusive = node.Kind == ElementKind.ExclusiveGateway;
        var parallel = node.Kind == ElementKind.ParallelGateway;
        foreach (var flow in node.Outgoing)
        {
            if (flow.IsDefault && !parallel)
            {
                continue;
            }

            // A flow without a condition counts as true (as in Camunda); the validator flags ambiguous gateways.
            if (parallel || flow.Condition is null || _feel.EvaluateCondition(flow.Condition, execution))
            {
                taken.Add(flow);
                if (exclusive)
                {
                    break;
                }
            }
        }

        if (taken.Count == 0 && node.DefaultFlow is not null)
        {
            taken.Add(node.DefaultFlow);
        }

        return taken.Count > 0
            ? taken
            : throw new ExecutionFailure("NO_OUTGOING_FLOW",
                $"{node.ElementType} \"{node.Id}\" 没有条件成立的出口，也没有默认流");
    }

    /// <summary>Ends a token; when it was the last one of its scope, the scope completes.</summary>
    private void EndToken(Execution execution)
    {
        DetachEnded(execution);
        CompleteScopeIfEmpty(execution.Parent!);
    }

    private void DetachEnded(Execution execution)
    {
        execution.IsEnded = true;
        execution.Parent?.RemoveChild(execution);
        execution.Instance.ForgetJoiner(execution);
    }

    private void CompleteScopeIfEmpty(Execution scope)
    {
        if (scope.Children.Count > 0 || scope.IsEnded)
        {
            return;
        }

        switch (scope.Role)
        {
            case ExecutionRole.Root:
                EndInstance(scope.Instance, InstanceState.Completed);
                break;
            case ExecutionRole.Token:
            case ExecutionRole.MultiInstanceItem:
                // A sub-process whose last inner token ended: the sub-process itself completes.
                Schedule(OpKind.Complete, scope, scope.Node, null);
                break;
            default:
                break;
        }
    }

    private void EndInstance(ProcessInstance instance, InstanceState state)
    {
        if (instance.IsEnded)
        {
            return;
        }

        instance.State = state;
        instance.EndedAt = Now;
        instance.Root.IsEnded = true;
        _host.Ended(instance);
        if (instance.CalledBy is { } caller)
        {
            CompleteCalledProcess(caller.InstanceId, caller.WaitId, instance);
        }
    }

    private void RaiseIncident(Op op, string code, string message)
    {
        var execution = op.Execution;
        var node = op.Node ?? execution.Node;
        var wait = new WaitState(TimeOrderedId.Next(Now), WaitKind.Incident, execution, node?.Id ?? execution.Instance.ProcessId, Now)
        {
            IncidentCode = code,
            IncidentMessage = message,
            RetryEnters = op.Kind == OpKind.Enter,
            RetryCompletes = op.Kind == OpKind.Complete,
        };
        if (node is not null)
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
        incident.Execution.Instance.RemoveWait(incident);
        var kind = incident.RetryEnters ? OpKind.Enter : incident.RetryCompletes ? OpKind.Complete : OpKind.Leave;
        Schedule(kind, incident.Execution, incident.Execution.Node, null);
    }
}

/// <summary>A failure while executing an element; becomes an incident at that element.</summary>
internal sealed class ExecutionFailure(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>What the executor needs from whoever holds the instances and definitions.</summary>
internal interface IInstanceHost
{
    ProcessModel? FindLatestProcess(string processId);

    ProcessInstance? FindInstance(Guid id);

    void Register(ProcessInstance instance);

    void Ended(ProcessInstance instance);
}
