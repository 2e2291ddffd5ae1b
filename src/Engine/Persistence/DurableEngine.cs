using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Feel;
using OneThing.Engine.Runtime;

namespace OneThing.Engine.Persistence;

/// <summary>What a deployment produced: one definition per executable process, and whether anything new was
/// stored (an identical file deploys as a no-op).</summary>
public sealed record DeploymentResult(Guid DeploymentId, bool Created, IReadOnlyList<DefinitionRecord> Definitions);

/// <summary>A read-only view of a stored instance.</summary>
public sealed record InstanceView(Guid Id, string ProcessId, InstanceState State, long Revision,
    IReadOnlyDictionary<string, object?> Variables, IReadOnlyList<WaitRecord> Waits, IReadOnlyList<string> Trace);

/// <summary>The engine on a database: each command (deploy, start, complete, correlate, fire a timer) is one
/// transaction that loads the instances it touches, runs the same executor as the in-memory engine and writes the
/// changed rows back — all or nothing. <see cref="Start"/>, <see cref="Complete"/> and <see cref="Run{T}"/> read
/// without a transaction and commit guarded by revisions, falling back to the locking way on a conflict. Safe to use
/// from many threads and many nodes on one database.</summary>
public sealed class DurableEngine
{
    internal const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private readonly IDbContextFactory<EngineDbContext> _contexts;
    private readonly EngineOptions _options;
    private readonly FeelEngine _feel;
    private readonly DefinitionCache _definitions = new();
    private readonly List<Action<EngineTransaction, IReadOnlyList<ProcessInstance>>> _observers = [];
    private readonly InstanceCache _instances = new(10_000);

    /// <summary>Creates the engine over a context factory (one context per command).</summary>
    public DurableEngine(IDbContextFactory<EngineDbContext> contexts, EngineOptions options)
    {
        _contexts = contexts;
        _options = options with { ServiceTasksAsJobs = true };
        _feel = options.Feel ?? new FeelEngine(options.Clock);
    }

    /// <summary>Stores a BPMN file's executable processes as new versions. A file identical to one already
    /// deployed returns that deployment's definitions and stores nothing.</summary>
    public DeploymentResult Deploy(string name, string xml)
    {
        var document = BpmnImporter.Import(xml);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
        using var db = _contexts.CreateDbContext();
        using var transaction = db.Database.BeginTransaction();
        var existing = db.Deployments.Where(d => d.Hash == hash).Select(d => (Guid?)d.Id).FirstOrDefault();
        if (existing is { } existingId)
        {
            return new DeploymentResult(existingId, false, db.Definitions.Where(d => d.DeploymentId == existingId).ToList());
        }

        var deployment = new DeploymentRecord
        {
            Id = Guid.CreateVersion7(), Name = name, Hash = hash, Xml = xml, DeployedAt = _options.Clock.GetUtcNow(),
        };
        db.Deployments.Add(deployment);
        var definitions = new List<DefinitionRecord>();
        foreach (var process in document.Processes.Where(p => p.IsExecutable))
        {
            var version = (db.Definitions.Where(d => d.ProcessId == process.Id).Max(d => (int?)d.Version) ?? 0) + 1;
            var definition = new DefinitionRecord
            {
                Id = Guid.CreateVersion7(), DeploymentId = deployment.Id, ProcessId = process.Id, Version = version,
                Name = process.Name,
            };
            db.Definitions.Add(definition);
            definitions.Add(definition);
        }

        db.SaveChanges();
        transaction.Commit();
        return new DeploymentResult(deployment.Id, true, definitions);
    }

    /// <summary>Starts the newest version of a process at its none start event (or its only start event); a process
    /// without start events starts at every node without incoming flows (implicit start).</summary>
    public Guid Start(string processId, IReadOnlyDictionary<string, object?>? variables = null) =>
        StartInstance(processId, variables).InstanceId;

    /// <summary>As <see cref="Start"/>, and returns what the command left: the new instance's state and open waits,
    /// so the caller can work on its first tasks without reading the instance again.</summary>
    public CommandResult StartInstance(string processId, IReadOnlyDictionary<string, object?>? variables = null) =>
        OptimisticCommand(session => new EngineTransaction(this, session).Start(processId, variables).Id);

    /// <summary>Completes a wait (user task, external job, message, timer by hand, incident retry). Returns what the
    /// command left of the instance: its state and open waits after the command (the next tasks).</summary>
    /// <exception cref="ConcurrencyConflictException">Another command completed it or changed the instance first.
    /// </exception>
    public CommandResult Complete(Guid instanceId, Guid waitId, IReadOnlyDictionary<string, object?>? variables = null) =>
        OptimisticCommand(session =>
        {
            new EngineTransaction(this, session).Complete(instanceId, waitId, variables);
            return instanceId;
        });

    /// <summary>An external worker reports that its service task ended in a BPMN error: the error is thrown from the
    /// task (see <see cref="ProcessEngine.ThrowError"/>).</summary>
    /// <exception cref="ConcurrencyConflictException">Another command completed the job or changed the instance
    /// first.</exception>
    public void ThrowError(Guid instanceId, Guid waitId, string errorCode,
        IReadOnlyDictionary<string, object?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(errorCode);
        Command(session =>
        {
            var instance = session.FindInstance(instanceId)
                ?? throw new EngineException("INSTANCE_NOT_FOUND", "流程实例不存在");
            // As for Complete: a job this instance had and no longer has was taken by someone else.
            var wait = instance.FindWait(waitId)
                ?? throw (session.WasCompleted(waitId)
                    ? new ConcurrencyConflictException()
                    : new EngineException("WAIT_NOT_FOUND", "等待状态不存在"));
            if (wait.Kind != WaitKind.ServiceTask)
            {
                throw new EngineException("WAIT_NOT_A_JOB", "只有服务任务的作业可以报告 BPMN 错误");
            }

            session.AddHistory(instance, "error", wait.NodeId, wait.Id, _options.Clock.GetUtcNow());
            var executor = NewExecutor(session);
            executor.ThrowJobError(wait, errorCode, variables);
            executor.Run();
            return 0;
        });
    }

    /// <summary>Delivers a message to the oldest matching subscription; returns the instance or null.</summary>
    public Guid? CorrelateMessage(string messageName, string? correlationKey = null,
        IReadOnlyDictionary<string, object?>? variables = null) =>
        Command(session =>
        {
            var candidate = session.Db.Waits
                .Where(w => w.Kind == (int)WaitKind.Message && w.MessageName == messageName
                    && (w.CorrelationKey == null || w.CorrelationKey == correlationKey))
                .OrderBy(w => w.CreatedAt).ThenBy(w => w.CreatedSeq)
                .Select(w => new { w.Id, w.InstanceId })
                .FirstOrDefault();
            if (candidate is null)
            {
                return (Guid?)null;
            }

            // Found without a lock: by the time the instance is loaded (and locked), another command may have taken it.
            var wait = session.FindInstance(candidate.InstanceId)!.FindWait(candidate.Id)
                ?? throw new ConcurrencyConflictException();
            Resume(session, wait, variables, "message");
            return candidate.InstanceId;
        });

    /// <summary>Broadcasts a signal in one transaction: every stored subscription to a signal of this name fires
    /// (oldest first, across instances) and every process whose newest version has a signal start event for it
    /// starts. Signal subscriptions are <see cref="WaitKind.Signal"/> rows whose <c>MessageName</c> column holds the
    /// signal name. Returns how many catch and start events it triggered directly.</summary>
    /// <exception cref="ConcurrencyConflictException">Another command changed one of the instances first; nothing
    /// of the broadcast was written, and it may be repeated.</exception>
    public int BroadcastSignal(string signalName, IReadOnlyDictionary<string, object?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(signalName);
        return Command(session =>
        {
            var executor = NewExecutor(session);
            var triggered = executor.Broadcast(signalName, variables);
            executor.Run();
            return triggered;
        });
    }

    /// <summary>Runs one due job — a timer whose time has come or a built-in service task — if there is one;
    /// returns whether it ran one. Each job is its own command, so one failing job cannot hold back the others.
    /// On PostgreSQL the job row is claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several nodes share the work
    /// without waiting on each other; SQLite has a single writer anyway.</summary>
    public bool RunNextDueJob()
    {
        var now = _options.Clock.GetUtcNow();
        Guid failedJob = default;
        ServiceHandlerException? failure = null;
        var ran = Command(session =>
        {
            var due = ClaimDueJob(session.Db, now);
            if (due is null)
            {
                return false;
            }

            var wait = session.FindInstance(due.Value.InstanceId)?.FindWait(due.Value.Id);
            if (wait is null)
            {
                return false;
            }

            if (wait.Kind == WaitKind.Timer)
            {
                Resume(session, wait, null, "timer");
                return true;
            }

            try
            {
                session.AddHistory(wait.Execution.Instance, "job", wait.NodeId, wait.Id, now);
                var executor = NewExecutor(session);
                executor.RunJob(wait);
                executor.Run();
                return true;
            }
            catch (ServiceHandlerException ex)
            {
                (failedJob, failure) = (wait.Id, ex);
                throw;
            }
        }, rollbackOn: ex => ex is ServiceHandlerException);
        if (failure is not null)
        {
            RecordJobFailure(failedJob, failure);
            return true;
        }

        return ran;
    }

    /// <summary>The earliest due time of any job, or null; the job executor sleeps until then (at most its poll
    /// interval, since other nodes may add jobs).</summary>
    public DateTimeOffset? NextJobDueAt()
    {
        using var db = _contexts.CreateDbContext();
        return db.Waits.AsNoTracking().Where(w => w.DueAt != null).OrderBy(w => w.DueAt).Select(w => w.DueAt)
            .FirstOrDefault();
    }

    private static (Guid Id, Guid InstanceId)? ClaimDueJob(EngineDbContext db, DateTimeOffset now)
    {
        if (db.Database.ProviderName == NpgsqlProvider)
        {
            var ticks = now.UtcTicks;
            // The job is claimed together with its instance row (FOR UPDATE covers both tables; either locked: skip).
            // Every other command locks the instance first and its wait rows only when it writes them, so claiming the
            // job row alone and then waiting for the instance deadlocks with a command that holds the instance and
            // deletes this row (completing a task cancels its boundary timer). A job whose instance is busy is left
            // for the next poll instead.
            var row = db.Waits.FromSql(
                    $"""
                     SELECT w.* FROM ot_wait w JOIN ot_instance i ON i."Id" = w."InstanceId"
                     WHERE w."DueAt" <= {ticks} ORDER BY w."DueAt", w."CreatedSeq" LIMIT 1 FOR UPDATE SKIP LOCKED
                     """)
                .AsNoTracking().AsEnumerable().FirstOrDefault();
            return row is null ? null : (row.Id, row.InstanceId);
        }

        var due = db.Waits.Where(w => w.DueAt != null && w.DueAt <= now).OrderBy(w => w.DueAt).ThenBy(w => w.CreatedSeq)
            .Select(w => new { w.Id, w.InstanceId }).FirstOrDefault();
        return due is null ? null : (due.Id, due.InstanceId);
    }

    /// <summary>A failed service job: after back-off it runs again; after the last attempt it becomes an incident
    /// an operator can retry.</summary>
    private void RecordJobFailure(Guid jobId, ServiceHandlerException failure)
    {
        using var db = _contexts.CreateDbContext();
        using var transaction = db.Database.BeginTransaction();
        var job = db.Waits.SingleOrDefault(w => w.Id == jobId);
        if (job is null)
        {
            return;
        }

        // The instance's revision moves on with its wait, as with every command: an optimistic command that read
        // the job before this change then cannot commit over it (it runs again and sees the change).
        db.Instances.Where(i => i.Id == job.InstanceId)
            .ExecuteUpdate(set => set.SetProperty(i => i.Revision, i => i.Revision + 1));

        job.Attempts++;
        if (job.Attempts >= _options.JobAttempts)
        {
            job.Kind = (int)WaitKind.Incident;
            job.DueAt = null;
            job.IncidentCode = "SERVICE_FAILED";
            job.IncidentMessage = $"{failure.Message}（已重试 {job.Attempts} 次）";
            job.RetryMode = 1;
        }
        else
        {
            job.DueAt = _options.Clock.GetUtcNow() + _options.JobBackoff * Math.Pow(2, job.Attempts - 1);
        }

        try
        {
            db.SaveChanges();
            transaction.Commit();
        }
        catch (DbUpdateConcurrencyException)
        {
            // The task was cancelled or completed meanwhile (e.g. a boundary timer): nothing left to record.
        }
    }

    /// <summary>The stored state of an instance, or null.</summary>
    public InstanceView? GetInstance(Guid id)
    {
        using var db = _contexts.CreateDbContext();
        var record = db.Instances.AsNoTracking().SingleOrDefault(i => i.Id == id);
        if (record is null)
        {
            return null;
        }

        var root = db.Executions.AsNoTracking().Where(e => e.Id == id).Select(e => e.VariablesJson).SingleOrDefault();
        var waits = db.Waits.AsNoTracking().Where(w => w.InstanceId == id).OrderBy(w => w.CreatedAt).ToList();
        var trace = db.History.AsNoTracking().Where(h => h.InstanceId == id && h.Type == "visit").OrderBy(h => h.Seq)
            .AsEnumerable().SelectMany(h => h.Visited()).ToList();
        return new InstanceView(record.Id, record.ProcessId, (InstanceState)record.State, record.Revision,
            VariableJson.Deserialize(root) ?? [], waits, trace);
    }

    /// <summary>Registers work that runs at the end of every command, inside its transaction, with the instances the
    /// command loaded or started: a layer above the engine (the case layer) keeps its rows in step with instances
    /// that timers, messages and jobs move on, in the same commit. Register before the engine is used.</summary>
    public void AfterEveryCommand(Action<EngineTransaction, IReadOnlyList<ProcessInstance>> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Add(observer);
    }

    /// <summary>Runs several engine operations and the caller's own rows (cases, audit events, notifications) in
    /// one transaction: all of it commits, or none of it.</summary>
    /// <exception cref="ConcurrencyConflictException">Another command changed one of the instances (or a row the
    /// caller tracks with a concurrency token) first; nothing was written.</exception>
    /// <remarks>It runs optimistically first, as <see cref="Complete"/> does: the work reads without a transaction or
    /// locks, then its engine rows and the context's tracked changes commit together in one short transaction, the
    /// instances guarded by their revisions and the caller's rows by their concurrency tokens. If anything it read
    /// changed meanwhile, or the work failed, it runs again the locking way, whose outcome (a conflict, an error)
    /// is the one reported. So the work may run twice: it must act only through the transaction.</remarks>
    public T Run<T>(Func<EngineTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Func<StoreSession, T> action = session => work(new EngineTransaction(this, session));
        return TryOptimistic(action, out var result, out _) ? result : Command(action);
    }

    internal void Resume(StoreSession session, WaitState wait, IReadOnlyDictionary<string, object?>? variables,
        string command)
    {
        var instance = wait.Execution.Instance;
        if (instance.IsEnded)
        {
            throw new EngineException("INSTANCE_ENDED", "流程实例已结束");
        }

        session.AddHistory(instance, command, wait.NodeId, wait.Id, _options.Clock.GetUtcNow());
        var executor = NewExecutor(session);
        executor.Resume(wait, variables);
        executor.Run();
    }

    internal Executor NewExecutor(StoreSession session) => new(session, _feel, _options);

    internal DateTimeOffset Now => _options.Clock.GetUtcNow();

    private T Command<T>(Func<StoreSession, T> action, Func<Exception, bool>? rollbackOn = null)
    {
        using var db = _contexts.CreateDbContext();
        using var transaction = db.Database.BeginTransaction();
        var session = new StoreSession(db, _definitions);
        T result;
        try
        {
            result = action(session);
        }
        catch (Exception ex) when (rollbackOn?.Invoke(ex) == true)
        {
            // Disposing the transaction rolls back; the caller records what happened in a command of its own.
            return default!;
        }

        Observe(session);
        session.Save(_options.Clock.GetUtcNow());
        transaction.Commit();
        session.Committed(_instances);
        return result;
    }

    private void Observe(StoreSession session)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        var transaction = new EngineTransaction(this, session);
        var instances = session.Instances;
        foreach (var observer in _observers)
        {
            observer(transaction, instances);
        }
    }

    /// <summary>Runs a command on one instance optimistically (see <see cref="TryOptimistic{T}"/>), else the locking
    /// way.</summary>
    private CommandResult OptimisticCommand(Func<StoreSession, Guid> action)
    {
        if (TryOptimistic(action, out var id, out var session))
        {
            return session.ResultOf(id);
        }

        return Command(locked =>
        {
            var instanceId = action(locked);
            return (Session: locked, Id: instanceId);
        }) is var (lockedSession, lockedId) ? lockedSession.ResultOf(lockedId) : throw new InvalidOperationException();
    }

    /// <summary>Runs a command optimistically: it reads without a transaction or row locks, runs, and commits its
    /// writes only if nothing it read changed meanwhile. Engine rows alone commit on their own (one statement on
    /// PostgreSQL, a group commit on SQLite); with rows the context tracks (a case, its audit event, its
    /// notifications) they commit together in one short transaction, where the instance revisions and the tracked
    /// rows' concurrency tokens guard them. Returns false — nothing written — if an instance or a guarded row changed
    /// meanwhile or the command failed: the caller then runs it again the locking way, which gives the exact outcome
    /// (a conflict, an error), so a stale read is never reported.</summary>
    private bool TryOptimistic<T>(Func<StoreSession, T> action, out T result, out StoreSession session)
    {
        using var db = _contexts.CreateDbContext();
        db.Database.OpenConnection();
        session = new StoreSession(db, _definitions, locking: false, _instances);
        bool committed;
        try
        {
            result = action(session);
            Observe(session);
            var writes = session.Writes(_options.Clock.GetUtcNow());
            committed = db.ChangeTracker.HasChanges()
                ? session.TryCommitWithTracked(writes)
                : writes.Count == 0 || session.Sql.TryCommit(db, writes);
        }
#pragma warning disable CA1031 // Read without locks, the failure may be a stale read's: the locking run decides.
        catch (Exception)
#pragma warning restore CA1031
        {
            result = default!;
            committed = false;
        }

        if (committed)
        {
            session.Committed(_instances);
            return true;
        }

        session.Refused(_instances);
        return false;
    }
}
