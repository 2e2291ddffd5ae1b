using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Feel;
using OneThing.Engine.Model;
using OneThing.Engine.Runtime;

namespace OneThing.Engine.Persistence;

/// <summary>What a deployment produced: one definition per executable process, and whether anything new was
/// stored (an identical file deploys as a no-op).</summary>
public sealed record DeploymentResult(Guid DeploymentId, bool Created, IReadOnlyList<DefinitionRecord> Definitions);

/// <summary>A read-only view of a stored instance.</summary>
public sealed record InstanceView(Guid Id, string ProcessId, InstanceState State, long Revision,
    IReadOnlyDictionary<string, object?> Variables, IReadOnlyList<WaitRecord> Waits, IReadOnlyList<string> Trace);

/// <summary>The engine on a database: each command (deploy, start, complete, correlate, fire a timer) runs in one
/// transaction that loads the instances it touches, runs the same executor as the in-memory engine and writes the
/// changed rows back — all or nothing. Safe to use from many threads and many nodes on one database.</summary>
public sealed class DurableEngine
{
    private readonly IDbContextFactory<EngineDbContext> _contexts;
    private readonly EngineOptions _options;
    private readonly FeelEngine _feel;
    private readonly DefinitionCache _definitions = new();

    /// <summary>Creates the engine over a context factory (one context per command).</summary>
    public DurableEngine(IDbContextFactory<EngineDbContext> contexts, EngineOptions options)
    {
        _contexts = contexts;
        _options = options;
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

    /// <summary>Starts the newest version of a process at its none start event (or its only start event).</summary>
    public Guid Start(string processId, IReadOnlyDictionary<string, object?>? variables = null) =>
        Command(session =>
        {
            var model = session.FindLatestProcess(processId)
                ?? throw new EngineException("PROCESS_NOT_DEPLOYED", $"流程 \"{processId}\" 尚未部署");
            var starts = model.Nodes.Where(n => n.Kind == ElementKind.StartEvent).ToList();
            var start = starts.FirstOrDefault(s => s.EventDefinitions.Count == 0) ?? (starts.Count == 1 ? starts[0] : null)
                ?? throw new EngineException("START_EVENT_NOT_FOUND", $"流程 \"{processId}\" 没有可用的开始事件");
            var executor = NewExecutor(session);
            var instance = executor.Start(model, start, variables);
            executor.Run();
            return instance.Id;
        });

    /// <summary>Completes a wait (user task, external job, message, timer by hand, incident retry).</summary>
    /// <exception cref="ConcurrencyConflictException">Another command completed it or changed the instance first.
    /// </exception>
    public void Complete(Guid instanceId, Guid waitId, IReadOnlyDictionary<string, object?>? variables = null) =>
        Command(session =>
        {
            var instance = session.FindInstance(instanceId)
                ?? throw new EngineException("INSTANCE_NOT_FOUND", "流程实例不存在");
            var wait = instance.FindWait(waitId);
            if (wait is null)
            {
                // A wait this instance had and no longer has was taken by someone else: a conflict, not a 404.
                throw session.Db.History.Any(h => h.WaitId == waitId)
                    ? new ConcurrencyConflictException()
                    : new EngineException("WAIT_NOT_FOUND", "等待状态不存在");
            }

            if (wait.Kind == WaitKind.CalledProcess)
            {
                throw new EngineException("WAIT_NOT_COMPLETABLE", "调用活动在被调用的流程结束时自动完成");
            }

            Resume(session, wait, variables, "complete");
            return 0;
        });

    /// <summary>Delivers a message to the oldest matching subscription; returns the instance or null.</summary>
    public Guid? CorrelateMessage(string messageName, string? correlationKey = null,
        IReadOnlyDictionary<string, object?>? variables = null) =>
        Command(session =>
        {
            var candidate = session.Db.Waits
                .Where(w => w.Kind == (int)WaitKind.Message && w.MessageName == messageName
                    && (w.CorrelationKey == null || w.CorrelationKey == correlationKey))
                .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)
                .Select(w => new { w.Id, w.InstanceId })
                .FirstOrDefault();
            if (candidate is null)
            {
                return (Guid?)null;
            }

            var wait = session.FindInstance(candidate.InstanceId)!.FindWait(candidate.Id)!;
            Resume(session, wait, variables, "message");
            return candidate.InstanceId;
        });

    /// <summary>Fires one due timer, if any is due at the clock's time; returns whether one fired. Each firing is
    /// its own command so one failing timer cannot hold back the others.</summary>
    public bool FireNextDueTimer()
    {
        var now = _options.Clock.GetUtcNow();
        return Command(session =>
        {
            var due = session.Db.Waits
                .Where(w => w.Kind == (int)WaitKind.Timer && w.DueAt <= now)
                .OrderBy(w => w.DueAt).ThenBy(w => w.Id)
                .Select(w => new { w.Id, w.InstanceId })
                .FirstOrDefault();
            if (due is null)
            {
                return false;
            }

            var wait = session.FindInstance(due.InstanceId)!.FindWait(due.Id)!;
            Resume(session, wait, null, "timer");
            return true;
        });
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
            .Select(h => h.NodeId!).ToList();
        return new InstanceView(record.Id, record.ProcessId, (InstanceState)record.State, record.Revision,
            VariableJson.Deserialize(root) ?? [], waits, trace);
    }

    private void Resume(StoreSession session, WaitState wait, IReadOnlyDictionary<string, object?>? variables,
        string command)
    {
        var instance = wait.Execution.Instance;
        if (instance.IsEnded)
        {
            throw new EngineException("INSTANCE_ENDED", "流程实例已结束");
        }

        InstanceMapper.AddHistory(session.Db, session.RecordOf(instance), command, wait.NodeId, wait.Id,
            _options.Clock.GetUtcNow());
        var executor = NewExecutor(session);
        executor.Resume(wait, variables);
        executor.Run();
    }

    private Executor NewExecutor(StoreSession session) => new(session, _feel, _options);

    private T Command<T>(Func<StoreSession, T> action)
    {
        using var db = _contexts.CreateDbContext();
        using var transaction = db.Database.BeginTransaction();
        var session = new StoreSession(db, _definitions);
        var result = action(session);
        session.Save(_options.Clock.GetUtcNow());
        transaction.Commit();
        return result;
    }
}
