using OneThing.Engine.Runtime;

namespace OneThing.Engine.Persistence;

/// <summary>The engine inside one database transaction (see <see cref="DurableEngine.Run{T}"/>): start, complete,
/// terminate and move instances, and add rows of your own to <see cref="Db"/>. Everything is written when the
/// transaction's work returns, in one commit.</summary>
public sealed class EngineTransaction
{
    private readonly DurableEngine _engine;
    private readonly StoreSession _session;

    internal EngineTransaction(DurableEngine engine, StoreSession session)
    {
        _engine = engine;
        _session = session;
    }

    /// <summary>Identifies this transaction's command, e.g. to find the rows one command made.</summary>
    public Guid CommandId => _session.CommandId;

    /// <summary>The instance if this transaction has loaded or started it (an engine command ran on it), else
    /// null; reads nothing.</summary>
    public ProcessInstance? Loaded(Guid instanceId) => _session.Loaded(instanceId);

    /// <summary>The transaction's context. Rows added here are saved with the engine's rows; a property marked as a
    /// concurrency token that another command changed first fails the whole transaction with a conflict.</summary>
    public EngineDbContext Db => _session.Db;

    /// <summary>The engine clock's current time.</summary>
    public DateTimeOffset Now => _engine.Now;

    /// <summary>Starts the newest version of a process (see <see cref="DurableEngine.Start"/>) and runs it until
    /// every token waits.</summary>
    /// <exception cref="EngineException">PROCESS_NOT_DEPLOYED.</exception>
    public ProcessInstance Start(string processId, IReadOnlyDictionary<string, object?>? variables = null)
    {
        var model = _session.FindLatestProcess(processId)
            ?? throw new EngineException("PROCESS_NOT_DEPLOYED", $"流程 \"{processId}\" 尚未部署");
        var executor = _engine.NewExecutor(_session);
        var instance = executor.Start(model, Executor.FindStart(model, startEventId: null), variables);
        executor.Run();
        return instance;
    }

    /// <summary>The form key of the none start event of the newest version of a process (一表申请), or null.
    /// </summary>
    public string? StartFormKey(string processId) =>
        _session.FindLatestProcess(processId) is { } model && Executor.FindStart(model, null) is { } start
            ? start.FormKey
            : null;

    /// <summary>The instance as this transaction sees it (locked for the transaction on PostgreSQL).</summary>
    /// <exception cref="EngineException">INSTANCE_NOT_FOUND.</exception>
    public ProcessInstance Load(Guid instanceId) =>
        _session.FindInstance(instanceId) ?? throw new EngineException("INSTANCE_NOT_FOUND", "流程实例不存在");

    /// <summary>Completes a wait (user task, external job, message, timer by hand, incident retry) and runs on.</summary>
    /// <exception cref="ConcurrencyConflictException">Another command completed it first.</exception>
    /// <exception cref="EngineException">INSTANCE_NOT_FOUND, WAIT_NOT_FOUND, WAIT_NOT_COMPLETABLE, INSTANCE_ENDED.
    /// </exception>
    public void Complete(Guid instanceId, Guid waitId, IReadOnlyDictionary<string, object?>? variables = null)
    {
        var wait = Load(instanceId).FindWait(waitId);
        if (wait is null)
        {
            // A wait this instance had and no longer has was taken by someone else: a conflict, not a 404.
            throw _session.WasCompleted(waitId)
                ? new ConcurrencyConflictException()
                : new EngineException("WAIT_NOT_FOUND", "等待状态不存在");
        }

        if (wait.Kind == WaitKind.CalledProcess)
        {
            throw new EngineException("WAIT_NOT_COMPLETABLE", "调用活动在被调用的流程结束时自动完成");
        }

        if (wait.Kind == WaitKind.Compensation)
        {
            throw new EngineException("WAIT_NOT_COMPLETABLE", "已安装的补偿由补偿抛出事件触发，不能直接完成");
        }

        _engine.Resume(_session, wait, variables, "complete");
    }

    /// <summary>Sets variables of the instance's process scope (e.g. the application form after a correction).
    /// </summary>
    /// <exception cref="EngineException">INSTANCE_NOT_FOUND, INSTANCE_ENDED.</exception>
    public void SetVariables(Guid instanceId, IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var instance = Load(instanceId);
        if (instance.IsEnded)
        {
            throw new EngineException("INSTANCE_ENDED", "流程实例已结束");
        }

        var root = instance.Root.EnsureLocals();
        foreach (var (name, value) in variables)
        {
            root[name] = value;
        }
    }

    /// <summary>Ends the instance: every token is cancelled, the state becomes Terminated.</summary>
    public void Terminate(Guid instanceId)
    {
        var instance = Load(instanceId);
        if (instance.IsEnded)
        {
            return;
        }

        _session.AddHistory(instance, "terminate", null, null, Now);
        var executor = _engine.NewExecutor(_session);
        executor.TerminateInstance(instance);
        executor.Run();
    }

    /// <summary>Cancels every token and starts one at <paramref name="nodeId"/> (退回, taking back a completion).
    /// Only nodes on the process's main line, outside parallel sections, are valid targets.</summary>
    /// <exception cref="EngineException">NODE_NOT_FOUND, MOVE_TARGET_INVALID, INSTANCE_ENDED.</exception>
    public void MoveTo(Guid instanceId, string nodeId)
    {
        var instance = Load(instanceId);
        var target = instance.Model.FindNode(nodeId)
            ?? throw new EngineException("NODE_NOT_FOUND", $"流程中没有环节 \"{nodeId}\"");
        _session.AddHistory(instance, "move", nodeId, null, Now);
        var executor = _engine.NewExecutor(_session);
        executor.MoveTo(instance, target);
        executor.Run();
    }
}
