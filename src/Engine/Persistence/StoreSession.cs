using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Model;
using OneThing.Engine.Runtime;

namespace OneThing.Engine.Persistence;

/// <summary>The instances one command reads and writes, loaded on demand inside the command's transaction.
/// </summary>
internal sealed class StoreSession(EngineDbContext db, DefinitionCache definitions) : IInstanceHost
{
    private readonly Dictionary<Guid, LoadedInstance> _loaded = [];

    public EngineDbContext Db => db;

    public ProcessModel? FindLatestProcess(string processId)
    {
        var id = db.Definitions.Where(d => d.ProcessId == processId).OrderByDescending(d => d.Version)
            .Select(d => (Guid?)d.Id).FirstOrDefault();
        return id is null ? null : definitions.Get(db, id.Value);
    }

    public ProcessInstance? FindInstance(Guid id)
    {
        if (_loaded.TryGetValue(id, out var loaded))
        {
            return loaded.Instance;
        }

        // PostgreSQL runs commands at READ COMMITTED, where every statement sees the latest commits: without a lock
        // the executions and waits read next could belong to a newer state than the instance row (a wait whose
        // execution was not loaded), and two commands on one instance would both take the next history Seq and
        // collide on its unique index instead of failing the revision check. Locking the instance row first
        // serialises the commands of one instance; the loser of a race then loads the winner's state and sees its
        // wait gone (a conflict). Commands on different instances do not wait on each other. SQLite needs no lock:
        // its transactions take the single write lock when they begin.
        var record = db.Database.ProviderName == DurableEngine.NpgsqlProvider
            ? db.Instances.FromSql($"""SELECT * FROM ot_instance WHERE "Id" = {id} FOR UPDATE""").AsEnumerable()
                .SingleOrDefault()
            : db.Instances.SingleOrDefault(i => i.Id == id);
        if (record is null)
        {
            return null;
        }

        var executions = db.Executions.Where(e => e.InstanceId == id).ToList();
        var waits = db.Waits.Where(w => w.InstanceId == id).ToList();
        var instance = InstanceMapper.Hydrate(record, definitions.Get(db, record.DefinitionId), executions, waits);
        loaded = new LoadedInstance { Record = record, Instance = instance };
        foreach (var e in executions)
        {
            loaded.Executions[e.Id] = e;
        }

        foreach (var w in waits)
        {
            loaded.Waits[w.Id] = w;
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

    /// <summary>Writes every loaded instance back; the revision check makes a concurrent change fail the save.
    /// </summary>
    public void Save(DateTimeOffset now)
    {
        foreach (var loaded in _loaded.Values)
        {
            InstanceMapper.Save(db, loaded, now);
        }

        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ex);
        }
    }
}

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
