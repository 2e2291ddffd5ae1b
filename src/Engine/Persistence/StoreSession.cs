using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Model;
using OneThing.Engine.Runtime;

namespace OneThing.Engine.Persistence;

/// <summary>The instances one command reads and writes, loaded on demand inside the command's transaction.
/// </summary>
/// <remarks>A locking session runs inside the command's transaction and, on PostgreSQL, locks each instance it
/// loads. An optimistic one reads without a transaction or locks; its writes then commit only if no instance it
/// loaded changed meanwhile (the revision guard), see <see cref="RowSql.TryCommit"/>.</remarks>
internal sealed class StoreSession(EngineDbContext db, DefinitionCache definitions, bool locking = true,
    InstanceCache? cache = null) : IInstanceHost
{
    private readonly Dictionary<Guid, LoadedInstance> _loaded = [];

    private Guid? _commandId;

    /// <summary>Identifies the command (several rows one command makes share it); made when first asked for, so
    /// commands that never ask pay nothing.</summary>
    public Guid CommandId => _commandId ??= Guid.CreateVersion7();

    /// <summary>Every instance the command loaded or started so far.</summary>
    public IReadOnlyList<ProcessInstance> Instances => [.. _loaded.Values.Select(l => l.Instance)];

    /// <summary>The instance if the command has loaded or started it, else null (nothing is read).</summary>
    public ProcessInstance? Loaded(Guid id) => _loaded.TryGetValue(id, out var loaded) ? loaded.Instance : null;
    private readonly List<HistoryRecord> _history = [];
    private readonly RowSql _sql = RowSql.For(db);

    public EngineDbContext Db => db;

    public RowSql Sql => _sql;

    /// <summary>Appends a history event at the instance's next position; it is written with the command's rows.
    /// </summary>
    public void AddHistory(ProcessInstance instance, string type, string? nodeId, Guid? waitId, DateTimeOffset at) =>
        _history.Add(InstanceMapper.NewHistory(RecordOf(instance), type, nodeId, waitId, at));

    /// <summary>Whether any command ever completed this wait (it is in the history).</summary>
    public bool WasCompleted(Guid waitId) => _sql.HistoryHasWait(db, waitId);

    /// <summary>What the command left of one instance it loaded or started, as its rows now say.</summary>
    public CommandResult ResultOf(Guid instanceId)
    {
        var loaded = _loaded[instanceId];
        var waits = loaded.Waits.Values.ToList();
        waits.Sort(static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.CreatedSeq.CompareTo(b.CreatedSeq));
        return new CommandResult(instanceId, (InstanceState)loaded.Record.State, loaded.Record.Revision, waits);
    }

    public ProcessModel? FindLatestProcess(string processId)
    {
        var id = _sql.LatestDefinition(db, processId);
        return id is null ? null : definitions.Get(db, id.Value);
    }

    public ProcessInstance? FindInstance(Guid id)
    {
        if (_loaded.TryGetValue(id, out var loaded))
        {
            return loaded.Instance;
        }

        // On PostgreSQL the instance row is locked for the command (the load reads it FOR UPDATE): a second command
        // on the same instance waits, then sees the first one's result instead of doing the work again and failing
        // at commit.
        // An optimistic command may start from the rows this engine last committed (see InstanceCache).
        var rows = (locking ? null : cache?.Get(id, _sql)) ?? _sql.Load(db, id, locking);
        if (rows is not var (record, executions, waits))
        {
            return null;
        }

        var instance = InstanceMapper.Hydrate(record, definitions.Get(db, record.DefinitionId), executions, waits);
        loaded = new LoadedInstance
        {
            Record = record, Instance = instance, LoadedRevision = record.Revision, LoadedRecord = _sql.Instances.Values(record),
        };
        foreach (var e in executions)
        {
            loaded.Executions[e.Id] = e;
            loaded.Loaded[e.Id] = _sql.Executions.Values(e);
        }

        foreach (var w in waits)
        {
            loaded.Waits[w.Id] = w;
            loaded.Loaded[w.Id] = _sql.Waits.Values(w);
        }

        _loaded[id] = loaded;
        return instance;
    }

    public void Register(ProcessInstance instance) => _loaded[instance.Id] = new LoadedInstance
    {
        IsNew = true,
        Instance = instance,
        Record = new InstanceRecord
        {
            Id = instance.Id,
            DefinitionId = definitions.IdOf(instance.Model),
            ProcessId = instance.ProcessId,
            StartedAt = instance.StartedAt,
        },
    };

    public InstanceRecord RecordOf(ProcessInstance instance) => _loaded[instance.Id].Record;

    public void Ended(ProcessInstance instance)
    {
    }

    /// <summary>Loads every instance with a stored subscription to the signal, then reads the subscriptions from the
    /// loaded instances, which also hold those this command made and lack those it removed.</summary>
    public IReadOnlyList<WaitState> FindSignalWaits(string signalName)
    {
        // The signal name is stored in the message-name column (one index serves both kinds).
        var stored = db.Waits.Where(w => w.Kind == (int)WaitKind.Signal && w.MessageName == signalName)
            .Select(w => w.InstanceId).Distinct().ToList();
        foreach (var id in stored)
        {
            FindInstance(id);
        }

        return
        [
            .. _loaded.Values.Select(l => l.Instance).Where(i => !i.IsEnded)
                .SelectMany(i => i.Waits)
                .Where(w => w.Kind == WaitKind.Signal && w.MessageName == signalName)
                .OrderBy(w => w.CreatedAt).ThenBy(w => w.Sequence),
        ];
    }

    public IReadOnlyList<(ProcessModel Model, FlowNode Start)> FindSignalStarts(string signalName)
    {
        var newest = db.Definitions.Select(d => new { d.Id, d.ProcessId, d.Version }).ToList()
            .GroupBy(d => d.ProcessId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(d => d.Version)!)
            .OrderBy(d => d.ProcessId, StringComparer.Ordinal);
        var starts = new List<(ProcessModel, FlowNode)>();
        foreach (var definition in newest)
        {
            var model = definitions.Get(db, definition.Id);
            starts.AddRange(Executor.SignalStarts(model, signalName).Select(start => (model, start)));
        }

        return starts;
    }

    /// <summary>After the command's writes committed: the cache keeps the instances' rows for the next command.
    /// </summary>
    public void Committed(InstanceCache into)
    {
        foreach (var loaded in _loaded.Values)
        {
            into.Put(_sql, loaded);
        }
    }

    /// <summary>After the command's optimistic writes were refused: the rows it started from are stale.</summary>
    public void Refused(InstanceCache from)
    {
        foreach (var id in _loaded.Keys)
        {
            from.Forget(id);
        }
    }

    /// <summary>Brings the rows of every loaded instance up to date and lists the writes that takes, the
    /// command's history events included.</summary>
    public List<RowWrite> Writes(DateTimeOffset now)
    {
        var writes = new List<RowWrite>();
        foreach (var loaded in _loaded.Values)
        {
            InstanceMapper.Save(_sql, loaded, now, writes);
        }

        foreach (var history in _history)
        {
            writes.Add(new RowWrite(_sql.History, RowWriteKind.Insert, history));
        }

        _history.Clear();
        return writes;
    }

    /// <summary>Writes every loaded instance back in one round-trip where the provider allows, inside the command's
    /// transaction; the revision check makes a concurrent change fail the save.</summary>
    public void Save(DateTimeOffset now)
    {
        var writes = Writes(now);
        try
        {
            _sql.Execute(db, writes);
            if (db.ChangeTracker.HasChanges())
            {
                db.SaveChanges();
            }
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ex);
        }
        catch (DbUpdateException ex) when (ex.InnerException is DbException { SqlState: DatabaseErrorCodes.UniqueViolation })
        {
            // Two commands appended history at the same position of one instance: the later one lost the race.
            throw new ConcurrencyConflictException(ex);
        }
        catch (DbException ex) when (ex.SqlState == DatabaseErrorCodes.UniqueViolation)
        {
            // The same race, met by the row batch.
            throw new ConcurrencyConflictException(ex);
        }
    }
}

/// <summary>What a command left of the instance it ran on, as committed: so a caller can go on (complete the next
/// task) without reading the instance again.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="State">Its state after the command.</param>
/// <param name="Revision">Its revision after the command (every command on an instance increments it).</param>
/// <param name="Waits">Its open waits after the command, oldest first, as <see cref="DurableEngine.GetInstance"/>
/// lists them.</param>
public sealed record CommandResult(Guid InstanceId, InstanceState State, long Revision, IReadOnlyList<WaitRecord> Waits);

/// <summary>Another command changed the same instance first; nothing of this command was written. Maps to HTTP
/// 409.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyConflictException(Exception? inner = null)
        : base("该办件已被他人同时处理，请刷新后重试", inner)
    {
    }

    /// <summary>The stable code.</summary>
    public string Code => "CONFLICT";
}
