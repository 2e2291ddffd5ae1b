using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Model;
using OneThing.Engine.Runtime;

namespace OneThing.Engine.Persistence;

/// <summary>The instances one command reads and writes, loaded on demand inside the command's transaction.
/// </summary>
internal sealed class StoreSession(EngineDbContext db, DefinitionCache definitions) : IInstanceHost
{
    private readonly Dictionary<Guid, LoadedInstance> _loaded = [];
    private readonly RowSql _sql = RowSql.For(db);

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

        if (_sql.Load(db, id) is not var (record, executions, waits))
        {
            return null;
        }

        var instance = InstanceMapper.Hydrate(record, definitions.Get(db, record.DefinitionId), executions, waits);
        loaded = new LoadedInstance { Record = record, Instance = instance, LoadedRevision = record.Revision };
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

    /// <summary>Writes every loaded instance back in one batch; the revision check makes a concurrent change fail
    /// the save. History events a command added through the context go into the same batch.</summary>
    public void Save(DateTimeOffset now)
    {
        var writes = new List<RowWrite>();
        foreach (var loaded in _loaded.Values)
        {
            InstanceMapper.Save(_sql, loaded, now, writes);
        }

        foreach (var entry in db.ChangeTracker.Entries<HistoryRecord>().Where(e => e.State == EntityState.Added).ToList())
        {
            writes.Add(new RowWrite(_sql.History, RowWriteKind.Insert, entry.Entity));
            entry.State = EntityState.Detached;
        }

        try
        {
            RowSql.Execute(db, writes);
            if (db.ChangeTracker.HasChanges())
            {
                db.SaveChanges();
            }
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ex);
        }
        catch (DbException ex) when (IsStale())
        {
            // On a server database a concurrent command can also surface as a key violation (the other command
            // wrote the same history positions first) before the revision check is seen.
            throw new ConcurrencyConflictException(ex);
        }
    }

    /// <summary>Whether a loaded instance has changed in the database since this command read it, asked on a
    /// connection of its own (the command's transaction has failed). False when that cannot be told.</summary>
    private bool IsStale()
    {
        var existing = _loaded.Values.Where(l => !l.IsNew).ToList();
        if (existing.Count == 0 || db.Database.GetConnectionString() is not { } connectionString
            || DbProviderFactories.GetFactory(db.Database.GetDbConnection()) is not { } factory)
        {
            return false;
        }

        try
        {
            using var connection = factory.CreateConnection()!;
            connection.ConnectionString = connectionString;
            connection.Open();
            return existing.Any(l => _sql.Revision(connection, l.Record.Id) != l.LoadedRevision);
        }
#pragma warning disable CA1031 // Only a best effort to name the failure; the caller rethrows the original otherwise.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
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
