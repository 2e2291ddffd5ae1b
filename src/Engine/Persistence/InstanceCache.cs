using System.Collections.Concurrent;

namespace OneThing.Engine.Persistence;

/// <summary>The rows of running instances as this engine's last command on each committed them, so the next
/// optimistic command on an instance can start from them instead of reading them again (on PostgreSQL a round-trip
/// per command). A row here may be stale — another node or a job changed the instance since — and that is safe:
/// the command's write is guarded by the instance revision it started from, so a stale start is refused at commit
/// and the command runs again, reading and locking.</summary>
internal sealed class InstanceCache(int capacity)
{
    private readonly ConcurrentDictionary<Guid, Snapshot> _rows = new();

    /// <summary>Copies of the cached rows (the command changes its rows in place), waits oldest first.</summary>
    public (InstanceRecord Record, List<ExecutionRecord> Executions, List<WaitRecord> Waits)? Get(Guid id, RowSql sql)
    {
        if (!_rows.TryGetValue(id, out var snapshot))
        {
            return null;
        }

        var executions = new List<ExecutionRecord>(snapshot.Executions.Length);
        foreach (var row in snapshot.Executions)
        {
            executions.Add((ExecutionRecord)sql.Executions.Copy(row));
        }

        var waits = new List<WaitRecord>(snapshot.Waits.Length);
        foreach (var row in snapshot.Waits)
        {
            waits.Add((WaitRecord)sql.Waits.Copy(row));
        }

        return ((InstanceRecord)sql.Instances.Copy(snapshot.Record), executions, waits);
    }

    /// <summary>Keeps the rows of an instance a command has just committed (the newest revision wins); an ended
    /// instance is forgotten.</summary>
    public void Put(RowSql sql, LoadedInstance loaded)
    {
        var record = loaded.Record;
        if (loaded.Instance.IsEnded)
        {
            _rows.TryRemove(record.Id, out _);
            return;
        }

        if (_rows.Count >= capacity)
        {
            // Bounded without bookkeeping per hit: a full cache starts over (the next commands read their rows).
            _rows.Clear();
        }

        var waits = loaded.Waits.Values.Select(w => (WaitRecord)sql.Waits.Copy(w)).ToArray();
        Array.Sort(waits, static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.CreatedSeq.CompareTo(b.CreatedSeq));
        var snapshot = new Snapshot((InstanceRecord)sql.Instances.Copy(record),
            [.. loaded.Executions.Values.Select(e => (ExecutionRecord)sql.Executions.Copy(e))], waits);
        _rows.AddOrUpdate(record.Id, snapshot, (_, old) => old.Record.Revision > record.Revision ? old : snapshot);
    }

    /// <summary>Drops an instance whose cached rows proved stale.</summary>
    public void Forget(Guid id) => _rows.TryRemove(id, out _);

    private sealed record Snapshot(InstanceRecord Record, ExecutionRecord[] Executions, WaitRecord[] Waits);
}
