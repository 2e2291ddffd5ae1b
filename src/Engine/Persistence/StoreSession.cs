using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Model;
using OneThing.Engine.Runtime;

namespace OneThing.Engine.Persistence;

/// <summary>The instances one command reads and writes, loaded on demand inside the command's transaction.
/// </summary>
internal sealed class StoreSession(EngineDbContext db, DefinitionCache definitions) : IInstanceHost
{
    /// <summary>SQLSTATE of a unique-key violation (PostgreSQL, SQL standard).</summary>
    private const string UniqueViolation = "23505";

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

        // On PostgreSQL the instance row is locked for the command: a second command on the same instance waits,
        // then sees the first one's result instead of doing the work again and failing at commit.
        var record = db.Database.ProviderName == DurableEngine.NpgsqlProvider
            ? db.Instances.FromSql($"SELECT * FROM ot_instance WHERE \"Id\" = {id} FOR UPDATE").AsEnumerable().SingleOrDefault()
            : db.Instances.SingleOrDefault(i => i.Id == id);
        if (record is null)
        {
            return null;
        }

        var executions = db.Executions.Where(e => e.InstanceId == id).ToList();
        var waits = db.Waits.Where(w => w.InstanceId == id).OrderBy(w => w.CreatedAt).ThenBy(w => w.CreatedSeq).ToList();
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
        catch (DbUpdateException ex) when (ex.InnerException is DbException { SqlState: UniqueViolation })
        {
            // Two commands appended history at the same position of one instance: the later one lost the race.
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
