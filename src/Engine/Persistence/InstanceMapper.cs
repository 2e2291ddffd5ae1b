using OneThing.Engine.Model;
using OneThing.Engine.Runtime;

namespace OneThing.Engine.Persistence;

/// <summary>Turns stored rows into the runtime's object graph and back. The rows loaded for a command are kept with
/// their loaded values; <see cref="InstanceMapper.Save"/> updates them in place and lists the rows to insert, update
/// (only those that changed) and delete.</summary>
internal sealed class LoadedInstance
{
    public required InstanceRecord Record { get; init; }

    public required ProcessInstance Instance { get; init; }

    public Dictionary<Guid, ExecutionRecord> Executions { get; } = [];

    public Dictionary<Guid, WaitRecord> Waits { get; } = [];

    /// <summary>The column values of each execution and wait row as loaded, to write back only rows that changed.
    /// </summary>
    public Dictionary<Guid, object?[]> Loaded { get; } = [];

    public bool IsNew { get; init; }

    /// <summary>The revision the instance had when loaded; the write succeeds only if it still has it.</summary>
    public long LoadedRevision { get; init; }

    /// <summary>The column values of the instance row as loaded (null for a new instance), to update only the
    /// columns that changed.</summary>
    public object?[]? LoadedRecord { get; init; }
}

internal static class InstanceMapper
{
    public static ProcessInstance Hydrate(InstanceRecord record, ProcessModel model, IReadOnlyList<ExecutionRecord> executions,
        IReadOnlyList<WaitRecord> waits)
    {
        var instance = new ProcessInstance(record.Id, model, record.StartedAt)
        {
            State = (InstanceState)record.State,
            EndedAt = record.EndedAt,
            CalledBy = record.CalledByInstanceId is { } caller ? (caller, record.CalledByWaitId!.Value) : null,
        };
        var byId = new Dictionary<Guid, Execution> { [instance.Id] = instance.Root };
        var pending = executions.ToDictionary(e => e.Id);
        if (pending.Remove(instance.Id, out var rootRecord))
        {
            LoadLocals(instance.Root, rootRecord);
        }

        Execution Build(ExecutionRecord row)
        {
            if (byId.TryGetValue(row.Id, out var existing))
            {
                return existing;
            }

            var parent = row.ParentId is { } parentId && pending.TryGetValue(parentId, out var parentRow)
                ? Build(parentRow)
                : byId[row.ParentId ?? instance.Id];
            var node = row.NodeId is null ? null : model.FindNode(row.NodeId);
            var execution = new Execution(row.Id, instance, parent, (ExecutionRole)row.Role, node)
            {
                ItemIndex = row.ItemIndex,
                ArrivedVia = row.ArrivedViaFlowId is null ? null
                    : node?.Incoming.FirstOrDefault(f => f.Id == row.ArrivedViaFlowId),
                MultiInstance = ReadMultiInstance(row.MultiInstanceJson),
            };
            parent.AddChild(execution);
            LoadLocals(execution, row);
            byId[row.Id] = execution;
            if (execution.Role == ExecutionRole.Joining && node?.Kind == ElementKind.InclusiveGateway)
            {
                instance.InclusiveJoiners.Add(execution);
            }

            return execution;
        }

        foreach (var row in pending.Values)
        {
            Build(row);
        }

        foreach (var w in waits)
        {
            instance.AddWait(new WaitState(w.Id, (WaitKind)w.Kind, byId[w.ExecutionId], w.NodeId, w.CreatedAt)
            {
                DueAt = w.DueAt,
                FiredCount = w.FiredCount,
                MessageName = w.MessageName,
                CorrelationKey = w.CorrelationKey,
                ChildInstanceId = w.ChildInstanceId,
                Assignee = w.Assignee,
                CandidateGroups = Lines(w.CandidateGroups),
                CandidateUsers = Lines(w.CandidateUsers),
                FormKey = w.FormKey,
                TaskDueAt = w.TaskDueAt,
                JobType = w.JobType,
                AttachedToNodeId = w.AttachedToNodeId,
                GatewayNodeId = w.GatewayNodeId,
                IncidentCode = w.IncidentCode,
                IncidentMessage = w.IncidentMessage,
                RetryEnters = w.RetryMode == 1,
                RetryCompletes = w.RetryMode == 2,
            });
        }

        return instance;
    }

    /// <summary>Brings the instance's rows up to date with its objects and lists the writes that takes: the instance
    /// row (guarded by its revision), the executions and waits that were added, changed or removed, and the new
    /// trace as history.</summary>
    public static void Save(RowSql sql, LoadedInstance loaded, DateTimeOffset now, List<RowWrite> writes)
    {
        var instance = loaded.Instance;
        var record = loaded.Record;
        record.State = (int)instance.State;
        record.EndedAt = instance.EndedAt;
        record.CalledByInstanceId = instance.CalledBy?.InstanceId;
        record.CalledByWaitId = instance.CalledBy?.WaitId;
        if (instance.Trace.Count > 0)
        {
            var visit = NewHistory(record, "visit", null, null, now);
            visit.Path = string.Join('\n', instance.Trace);
            writes.Add(new RowWrite(sql.History, RowWriteKind.Insert, visit));
        }

        record.Revision++;
        writes.Insert(0, loaded.IsNew
            ? new RowWrite(sql.Instances, RowWriteKind.Insert, record)
            : new RowWrite(sql.Instances, RowWriteKind.Update, record, loaded.LoadedRevision, loaded.LoadedRecord));

        var live = new HashSet<Guid>();
        var stack = new Stack<Execution>();
        stack.Push(instance.Root);
        while (stack.TryPop(out var execution))
        {
            live.Add(execution.Id);
            var isNew = !loaded.Executions.TryGetValue(execution.Id, out var row);
            row ??= new ExecutionRecord { Id = execution.Id, InstanceId = instance.Id };
            row.ParentId = execution.Parent?.Id;
            row.Role = (int)execution.Role;
            row.NodeId = execution.Node?.Id;
            row.ArrivedViaFlowId = execution.ArrivedVia?.Id;
            row.ItemIndex = execution.ItemIndex;
            row.MultiInstanceJson = WriteMultiInstance(execution.MultiInstance);
            row.VariablesJson = VariableJson.Serialize(execution.LocalVariables);
            Track(sql.Executions, loaded, loaded.Executions, execution.Id, row, isNew, writes);
            foreach (var child in execution.Children)
            {
                stack.Push(child);
            }
        }

        RemoveMissing(sql.Executions, loaded, loaded.Executions, live, writes);
        live.Clear();
        foreach (var wait in instance.Waits)
        {
            live.Add(wait.Id);
            var isNew = !loaded.Waits.TryGetValue(wait.Id, out var row);
            row ??= new WaitRecord { Id = wait.Id, InstanceId = instance.Id, NodeId = wait.NodeId };
            Write(wait, row);
            Track(sql.Waits, loaded, loaded.Waits, wait.Id, row, isNew, writes);
        }

        RemoveMissing(sql.Waits, loaded, loaded.Waits, live, writes);
    }

    private static void Track<T>(RowTable table, LoadedInstance loaded, Dictionary<Guid, T> rows, Guid id, T row, bool isNew,
        List<RowWrite> writes)
        where T : class
    {
        var values = table.Values(row);
        if (isNew)
        {
            rows[id] = row;
            writes.Add(new RowWrite(table, RowWriteKind.Insert, row));
        }
        else if (!loaded.Loaded.TryGetValue(id, out var before))
        {
            writes.Add(new RowWrite(table, RowWriteKind.Update, row));
        }
        else if (!values.AsSpan().SequenceEqual(before))
        {
            writes.Add(new RowWrite(table, RowWriteKind.Update, row, Before: before));
        }

        loaded.Loaded[id] = values;
    }

    /// <summary>A history event at the instance's next position.</summary>
    public static HistoryRecord NewHistory(InstanceRecord instance, string type, string? nodeId, Guid? waitId,
        DateTimeOffset at) => new()
        {
            Id = TimeOrderedId.Next(at), InstanceId = instance.Id, Seq = instance.HistoryCount++, Type = type,
            NodeId = nodeId, WaitId = waitId, At = at,
        };

    private static void Write(WaitState wait, WaitRecord row)
    {
        row.ExecutionId = wait.ExecutionId;
        row.Kind = (int)wait.Kind;
        row.NodeId = wait.NodeId;
        row.CreatedAt = wait.CreatedAt;
        row.CreatedSeq = wait.Sequence;
        row.DueAt = wait.DueAt;
        row.FiredCount = wait.FiredCount;
        row.MessageName = wait.MessageName;
        row.CorrelationKey = wait.CorrelationKey;
        row.ChildInstanceId = wait.ChildInstanceId;
        row.Assignee = wait.Assignee;
        row.CandidateGroups = wait.CandidateGroups.Count == 0 ? null : string.Join('\n', wait.CandidateGroups);
        row.CandidateUsers = wait.CandidateUsers.Count == 0 ? null : string.Join('\n', wait.CandidateUsers);
        row.FormKey = wait.FormKey;
        row.TaskDueAt = wait.TaskDueAt;
        row.JobType = wait.JobType;
        row.AttachedToNodeId = wait.AttachedToNodeId;
        row.GatewayNodeId = wait.GatewayNodeId;
        row.IncidentCode = wait.IncidentCode;
        row.IncidentMessage = wait.IncidentMessage;
        row.RetryMode = wait.RetryEnters ? 1 : wait.RetryCompletes ? 2 : 0;
    }

    private static void RemoveMissing<T>(RowTable table, LoadedInstance loaded, Dictionary<Guid, T> rows, HashSet<Guid> live,
        List<RowWrite> writes)
        where T : class
    {
        foreach (var id in rows.Keys.Where(id => !live.Contains(id)).ToList())
        {
            writes.Add(new RowWrite(table, RowWriteKind.Delete, rows[id]));
            rows.Remove(id);
            loaded.Loaded.Remove(id);
        }
    }

    private static void LoadLocals(Execution execution, ExecutionRecord row)
    {
        if (VariableJson.Deserialize(row.VariablesJson) is { } locals)
        {
            var target = execution.EnsureLocals();
            foreach (var (name, value) in locals)
            {
                target[name] = value;
            }
        }
    }

    private static IReadOnlyList<string> Lines(string? text) => text is null ? [] : text.Split('\n');

    private static string? WriteMultiInstance(MultiInstanceState? state) => state is null
        ? null
        : VariableJson.Serialize(new Dictionary<string, object?>
        {
            ["total"] = state.Total,
            ["completed"] = state.Completed,
            ["started"] = state.Started,
            ["items"] = state.Items,
            ["outputs"] = state.Outputs,
        });

    private static MultiInstanceState? ReadMultiInstance(string? json)
    {
        if (VariableJson.Deserialize(json) is not { } values)
        {
            return null;
        }

        return new MultiInstanceState
        {
            Total = (int)(decimal)values["total"]!,
            Completed = (int)(decimal)values["completed"]!,
            Started = (int)(decimal)values["started"]!,
            Items = values["items"] as IReadOnlyList<object?>,
            Outputs = (values["outputs"] as List<object?>)?.ToArray(),
        };
    }
}
