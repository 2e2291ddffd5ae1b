using OneThing.Engine.Feel;
using OneThing.Engine.Model;
using OneThing.Engine.Timers;

namespace OneThing.Engine.Runtime;

internal sealed partial class Executor
{
    /// <summary>Evaluates every input mapping first, then writes them into the activity's local scope, so a failing
    /// expression writes nothing.</summary>
    private void ApplyInputs(Execution execution, FlowNode node)
    {
        if (node.Inputs.Count == 0)
        {
            return;
        }

        var values = new object?[node.Inputs.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _feel.Evaluate(node.Inputs[i].Source, execution);
        }

        var locals = execution.EnsureLocals();
        for (var i = 0; i < values.Length; i++)
        {
            locals[node.Inputs[i].Target] = values[i];
        }
    }

    /// <summary>Output mappings, when declared, are the only variables leaving the activity's local scope;
    /// without them the local variables other than inputs and loop variables propagate outwards.</summary>
    private void ApplyOutputs(Execution execution, FlowNode node)
    {
        var target = execution.Parent!;
        if (node.Outputs.Count > 0)
        {
            var values = new object?[node.Outputs.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _feel.Evaluate(node.Outputs[i].Source, execution);
            }

            for (var i = 0; i < values.Length; i++)
            {
                SetVariable(target, node.Outputs[i].Target, values[i]);
            }

            return;
        }

        var locals = execution.LocalVariables;
        if (locals is null || execution.Role == ExecutionRole.MultiInstanceItem && node.MultiInstance?.OutputElement is not null)
        {
            return;
        }

        foreach (var (name, value) in locals)
        {
            if (!IsScopeOwned(node, execution, name))
            {
                SetVariable(target, name, value);
            }
        }
    }

    private static bool IsScopeOwned(FlowNode node, Execution execution, string name)
    {
        foreach (var input in node.Inputs)
        {
            if (input.Target == name)
            {
                return true;
            }
        }

        return execution.Role == ExecutionRole.MultiInstanceItem
            && (name == LoopCounter || name == node.MultiInstance?.InputElement);
    }

    /// <summary>Sets a variable in the nearest scope (from <paramref name="scope"/> outwards) that already
    /// defines it, otherwise in the process root.</summary>
    private static void SetVariable(Execution scope, string name, object? value)
    {
        for (var e = scope; e is not null; e = e.Parent)
        {
            if (e.LocalVariables is not null && e.LocalVariables.ContainsKey(name))
            {
                e.LocalVariables[name] = value;
                return;
            }
        }

        scope.Instance.Root.EnsureLocals()[name] = value;
    }

    /// <summary>Variables sent with a command that resumes an activity: into the activity's own scope when it has
    /// one (input mappings or a multi-instance item), so output mappings and output elements can read them.</summary>
    private static void SetCommandVariables(Execution execution, IReadOnlyDictionary<string, object?>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return;
        }

        var ownScope = execution.LocalVariables is not null || execution.Role == ExecutionRole.MultiInstanceItem;
        foreach (var (name, value) in variables)
        {
            if (ownScope)
            {
                execution.EnsureLocals()[name] = value;
            }
            else
            {
                SetVariable(execution, name, value);
            }
        }
    }

    private void CreateUserTask(Execution execution, FlowNode node)
    {
        var assignment = node.Assignment;
        var wait = new WaitState(TimeOrderedId.Next(Now), WaitKind.UserTask, execution, node.Id, Now)
        {
            Assignee = assignment.Assignee is null ? null : EvaluateText(assignment.Assignee, execution),
            CandidateGroups = assignment.CandidateGroups,
            CandidateUsers = assignment.CandidateUsers,
            FormKey = node.FormKey,
            TaskDueAt = node.DueDate is null ? null : EvaluateDueDate(node.DueDate, execution),
        };
        execution.Instance.AddWait(wait);
    }

    /// <summary>Assignees may be literal names or expressions (<c>=applicant</c>, <c>${applicant}</c>).</summary>
    private string? EvaluateText(string text, Execution scope) =>
        text.StartsWith('=') || text.StartsWith("${", StringComparison.Ordinal)
            ? _feel.Evaluate(text, scope)?.ToString()
            : text;

    private DateTimeOffset? EvaluateDueDate(string text, Execution scope)
    {
        if (!text.StartsWith('=') && !text.StartsWith("${", StringComparison.Ordinal))
        {
            return Iso8601.TryParseDateTime(text, out var at) ? at
                : Iso8601.TryParseDuration(text, out var d) ? _options.DueDates.Add(Now, d)
                : throw new ExecutionFailure("DUE_DATE_INVALID", $"到期时间无法解析：{text}");
        }

        return ToInstant(_feel.Evaluate(text, scope), text);
    }

    private DateTimeOffset ToInstant(object? value, string text) => value switch
    {
        DateTimeOffset at => at,
        DateTime dt => new DateTimeOffset(dt),
        DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        TimeSpan span => _options.DueDates.Add(Now, new IsoDuration(0, 0, 0, span)),
        FeelYearsMonths ym => _options.DueDates.Add(Now, new IsoDuration(0, ym.TotalMonths, 0, TimeSpan.Zero)),
        string s when Iso8601.TryParseDateTime(s, out var at) => at,
        string s when Iso8601.TryParseDuration(s, out var d) => _options.DueDates.Add(Now, d),
        _ => throw new ExecutionFailure("DUE_DATE_INVALID", $"表达式 {text} 的结果不是日期或时长"),
    };

    private void RunServiceTask(Execution execution, FlowNode node)
    {
        var key = node.Action ?? node.TaskType;
        var hasHandler = key is not null && _options.ServiceHandlers.ContainsKey(key);
        if (!hasHandler || _options.ServiceTasksAsJobs)
        {
            // Without a handler an external worker completes the task; with one, and jobs enabled, the job
            // executor runs it later in its own command (DueAt marks it ready), with retries.
            execution.Instance.AddWait(new WaitState(TimeOrderedId.Next(Now), WaitKind.ServiceTask, execution, node.Id, Now)
            {
                JobType = key,
                DueAt = hasHandler ? Now : null,
            });
            return;
        }

        try
        {
            RunHandler(execution, node, key!);
        }
        catch (ServiceHandlerException ex)
        {
            throw new ExecutionFailure("SERVICE_FAILED", ex.Message);
        }
    }

    /// <summary>Runs a built-in service job (a <see cref="WaitKind.ServiceTask"/> wait with a due time).</summary>
    /// <exception cref="ServiceHandlerException">The handler failed; the caller decides between retry and incident.
    /// </exception>
    public void RunJob(WaitState job)
    {
        job.Execution.Instance.RemoveWait(job);
        RunHandler(job.Execution, job.Execution.Node!, job.JobType!);
    }

    private void RunHandler(Execution execution, FlowNode node, string key)
    {
        IReadOnlyDictionary<string, object?>? result;
        try
        {
            result = _options.ServiceHandlers[key](new ServiceTaskContext(execution.Instance, node.Id, execution, Now));
        }
        catch (BpmnError error)
        {
            ThrowError(execution, error.ErrorCode, fromActivity: true);
            return;
        }
#pragma warning disable CA1031 // A handler's failure must become a retry or an incident at the task, whatever it is.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new ServiceHandlerException($"服务任务 \"{node.Id}\"（{key}）执行失败：{ex.Message}", ex);
        }

        SetCommandVariables(execution, result);
        CompleteActivity(execution);
    }

    private void StartCalledProcess(Execution execution, FlowNode node)
    {
        var model = node.CalledElement is null ? null : _host.FindLatestProcess(node.CalledElement);
        var start = model?.Nodes.FirstOrDefault(n => n.Kind == ElementKind.StartEvent && n.EventDefinitions.Count == 0)
            ?? model?.Nodes.FirstOrDefault(n => n.Kind == ElementKind.StartEvent);
        if (model is null || start is null)
        {
            throw new ExecutionFailure("CALL_TARGET_UNKNOWN",
                $"调用活动 \"{node.Id}\" 的目标流程 \"{node.CalledElement}\" 未部署或没有开始事件");
        }

        var wait = new WaitState(TimeOrderedId.Next(Now), WaitKind.CalledProcess, execution, node.Id, Now);
        execution.Instance.AddWait(wait);
        var child = Start(model, start, node.Inputs.Count > 0 ? execution.LocalVariables : VisibleVariables(execution),
            (execution.Instance.Id, wait.Id));
        wait.ChildInstanceId = child.Id;
    }

    private static Dictionary<string, object?> VisibleVariables(Execution execution)
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var e = execution; e is not null; e = e.Parent)
        {
            if (e.LocalVariables is null)
            {
                continue;
            }

            foreach (var (name, value) in e.LocalVariables)
            {
                all.TryAdd(name, value);
            }
        }

        return all;
    }

    /// <summary>The called instance ended: its variables enter the call activity's scope, where output mappings
    /// (or, without them, propagation) carry them on; then the call activity completes.</summary>
    private void CompleteCalledProcess(Guid callerInstanceId, Guid waitId, ProcessInstance child)
    {
        var caller = _host.FindInstance(callerInstanceId);
        if (caller?.FindWait(waitId) is not { } wait)
        {
            return;
        }

        caller.RemoveWait(wait);
        var locals = wait.Execution.EnsureLocals();
        foreach (var (name, value) in child.Root.EnsureLocals())
        {
            locals[name] = value;
        }

        Schedule(OpKind.Complete, wait.Execution, wait.Execution.Node, null);
    }
}
