using OneThing.Engine.Feel;
using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>The in-memory engine: deployed processes, running instances and the commands that move them (start,
/// complete, correlate a message, fire due timers, retry an incident). Commands are serialised by a lock; each runs
/// until every token waits. The durable engine keeps the same instance state in a database.</summary>
public sealed class ProcessEngine : IInstanceHost
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<ProcessModel>> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, ProcessInstance> _instances = [];
    private readonly List<StartTimer> _startTimers = [];
    private readonly Executor _executor;
    private readonly EngineOptions _options;

    /// <summary>Creates an engine with the given options.</summary>
    public ProcessEngine(EngineOptions options)
    {
        _options = options;
        _executor = new Executor(this, options.Feel ?? new FeelEngine(options.Clock), options);
    }

    /// <summary>Every instance, running or ended.</summary>
    public IReadOnlyCollection<ProcessInstance> Instances
    {
        get
        {
            lock (_gate)
            {
                return _instances.Values.ToList();
            }
        }
    }

    /// <summary>Deploys the executable processes of a document as their newest versions; returns them. Timer start
    /// events are scheduled.</summary>
    public IReadOnlyList<ProcessModel> Deploy(BpmnDocument document)
    {
        lock (_gate)
        {
            var deployed = new List<ProcessModel>();
            foreach (var process in document.Processes.Where(p => p.IsExecutable))
            {
                if (!_versions.TryGetValue(process.Id, out var versions))
                {
                    _versions[process.Id] = versions = [];
                }

                versions.Add(process);
                deployed.Add(process);
                _startTimers.RemoveAll(t => t.Model.Id == process.Id);
                foreach (var start in process.Nodes.Where(n => n.Kind == ElementKind.StartEvent))
                {
                    if (start.EventDefinition is TimerEventDefinition timer
                        && _executor.StartTimerDue(timer, 0, _options.Clock.GetUtcNow()) is { } due)
                    {
                        _startTimers.Add(new StartTimer(process, start, timer) { DueAt = due });
                    }
                }
            }

            return deployed;
        }
    }

    /// <summary>Starts the newest version of a process at <paramref name="startEventId"/>, or at its none start
    /// event, or at its only start event.</summary>
    /// <exception cref="EngineException">PROCESS_NOT_DEPLOYED or START_EVENT_NOT_FOUND.</exception>
    public ProcessInstance Start(string processId, IReadOnlyDictionary<string, object?>? variables = null,
        string? startEventId = null)
    {
        lock (_gate)
        {
            var model = FindLatestProcess(processId)
                ?? throw new EngineException("PROCESS_NOT_DEPLOYED", $"流程 \"{processId}\" 尚未部署");
            var starts = model.Nodes.Where(n => n.Kind == ElementKind.StartEvent).ToList();
            var start = startEventId is not null ? starts.FirstOrDefault(s => s.Id == startEventId)
                : starts.FirstOrDefault(s => s.EventDefinitions.Count == 0) ?? (starts.Count == 1 ? starts[0] : null);
            if (start is null)
            {
                throw new EngineException("START_EVENT_NOT_FOUND",
                    $"流程 \"{processId}\" 没有可用的开始事件{(startEventId is null ? "" : $" \"{startEventId}\"")}");
            }

            var instance = _executor.Start(model, start, variables);
            _executor.Run();
            return instance;
        }
    }

    /// <summary>Completes a wait of the instance: a user task or external service task is done, a message or
    /// timer is triggered by hand, or an incident is retried (with corrected variables).</summary>
    /// <exception cref="EngineException">INSTANCE_ENDED, WAIT_NOT_FOUND or WAIT_NOT_COMPLETABLE.</exception>
    public void Complete(ProcessInstance instance, Guid waitId, IReadOnlyDictionary<string, object?>? variables = null)
    {
        lock (_gate)
        {
            if (instance.IsEnded)
            {
                throw new EngineException("INSTANCE_ENDED", "流程实例已结束");
            }

            var wait = instance.FindWait(waitId)
                ?? throw new EngineException("WAIT_NOT_FOUND", "等待状态不存在或已被处理");
            if (wait.Kind == WaitKind.CalledProcess)
            {
                throw new EngineException("WAIT_NOT_COMPLETABLE", "调用活动在被调用的流程结束时自动完成");
            }

            _executor.Resume(wait, variables);
            _executor.Run();
        }
    }

    /// <summary>Delivers a message to the oldest matching subscription (name and, if the subscription has one,
    /// correlation key); with none, starts a process whose message start event has that name. Returns the
    /// instance that received it, or null when nothing matched.</summary>
    public ProcessInstance? CorrelateMessage(string messageName, string? correlationKey = null,
        IReadOnlyDictionary<string, object?>? variables = null)
    {
        lock (_gate)
        {
            var wait = _instances.Values.Where(i => !i.IsEnded)
                .SelectMany(i => i.Waits)
                .Where(w => w.Kind == WaitKind.Message && w.MessageName == messageName
                    && (w.CorrelationKey is null || w.CorrelationKey == correlationKey))
                .OrderBy(w => w.CreatedAt).ThenBy(w => w.Sequence)
                .FirstOrDefault();
            if (wait is not null)
            {
                _executor.Resume(wait, variables);
                _executor.Run();
                return wait.Execution.Instance;
            }

            foreach (var versions in _versions.Values)
            {
                var model = versions[^1];
                var start = model.Nodes.FirstOrDefault(n => n.Kind == ElementKind.StartEvent
                    && n.EventDefinition is MessageEventDefinition m && (m.MessageName ?? m.MessageRef) == messageName);
                if (start is not null)
                {
                    var instance = _executor.Start(model, start, variables);
                    _executor.Run();
                    return instance;
                }
            }

            return null;
        }
    }

    /// <summary>Fires every timer due at the clock's current time, earliest first, including timer start events.
    /// Returns how many fired.</summary>
    public int FireDueTimers()
    {
        lock (_gate)
        {
            var now = _options.Clock.GetUtcNow();
            var fired = 0;
            foreach (var timer in _startTimers.ToList())
            {
                while (timer.DueAt <= now)
                {
                    _executor.Start(timer.Model, timer.Start, null);
                    _executor.Run();
                    fired++;
                    timer.Fired++;
                    if (_executor.StartTimerDue(timer.Definition, timer.Fired, timer.DueAt) is { } next)
                    {
                        timer.DueAt = next;
                    }
                    else
                    {
                        _startTimers.Remove(timer);
                        break;
                    }
                }
            }

            while (NextDueTimer(now) is { } wait)
            {
                _executor.Resume(wait, null);
                _executor.Run();
                fired++;
            }

            return fired;
        }
    }

    /// <summary>The earliest due time of any timer, or null when none is pending (lets a simulation jump a
    /// virtual clock straight to the next event).</summary>
    public DateTimeOffset? NextTimerDueAt()
    {
        lock (_gate)
        {
            var waits = _instances.Values.Where(i => !i.IsEnded).SelectMany(i => i.Waits)
                .Where(w => w.Kind == WaitKind.Timer).Select(w => w.DueAt!.Value);
            return waits.Concat(_startTimers.Select(t => t.DueAt)).Order().Cast<DateTimeOffset?>().FirstOrDefault();
        }
    }

    private WaitState? NextDueTimer(DateTimeOffset now) => _instances.Values.Where(i => !i.IsEnded)
        .SelectMany(i => i.Waits)
        .Where(w => w.Kind == WaitKind.Timer && w.DueAt <= now)
        .OrderBy(w => w.DueAt).ThenBy(w => w.Sequence)
        .FirstOrDefault();

    /// <summary>The instance with this id, or null.</summary>
    public ProcessInstance? FindInstance(Guid id)
    {
        lock (_gate)
        {
            return _instances.GetValueOrDefault(id);
        }
    }

    /// <summary>The newest deployed version of a process, or null.</summary>
    public ProcessModel? FindLatestProcess(string processId) =>
        _versions.TryGetValue(processId, out var versions) ? versions[^1] : null;

    void IInstanceHost.Register(ProcessInstance instance) => _instances.Add(instance.Id, instance);

    void IInstanceHost.Ended(ProcessInstance instance)
    {
        if (!_options.KeepEndedInstances)
        {
            _instances.Remove(instance.Id);
        }
    }

    private sealed class StartTimer(ProcessModel model, FlowNode start, TimerEventDefinition definition)
    {
        public ProcessModel Model { get; } = model;

        public FlowNode Start { get; } = start;

        public TimerEventDefinition Definition { get; } = definition;

        public DateTimeOffset DueAt { get; set; }

        public int Fired { get; set; }
    }
}
