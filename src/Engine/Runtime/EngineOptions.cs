using OneThing.Engine.Feel;
using OneThing.Engine.Timers;

namespace OneThing.Engine.Runtime;

/// <summary>Adds a timer's duration to a start time. The default counts natural time; the time-limit feature
/// plugs in a working-day calendar here.</summary>
public interface IDueDateCalculator
{
    /// <summary>The moment <paramref name="duration"/> after <paramref name="start"/>.</summary>
    DateTimeOffset Add(DateTimeOffset start, IsoDuration duration);
}

/// <summary>Natural-time due dates: calendar arithmetic on years and months, then days and time.</summary>
public sealed class NaturalDueDateCalculator : IDueDateCalculator
{
    /// <summary>The shared instance.</summary>
    public static readonly NaturalDueDateCalculator Instance = new();

    /// <inheritdoc />
    public DateTimeOffset Add(DateTimeOffset start, IsoDuration duration) => duration.AddTo(start);
}

/// <summary>What a built-in service-task handler receives.</summary>
/// <param name="Instance">The running instance.</param>
/// <param name="NodeId">The service task's id.</param>
/// <param name="Variables">The variables visible to the task.</param>
/// <param name="Now">The engine clock's current time.</param>
public sealed record ServiceTaskContext(ProcessInstance Instance, string NodeId, IFeelScope Variables,
    DateTimeOffset Now);

/// <summary>A built-in action of a service, send or business-rule task. Returns variables to set (or null);
/// throws <see cref="BpmnError"/> to raise a BPMN error that boundary error events can catch.</summary>
public delegate IReadOnlyDictionary<string, object?>? ServiceTaskHandler(ServiceTaskContext context);

/// <summary>Configuration of a <see cref="ProcessEngine"/>.</summary>
public sealed record EngineOptions
{
    /// <summary>Default bound on the elements one command may execute before the engine parks the tokens as
    /// incidents (protects against models that loop without waiting).</summary>
    public const int DefaultMaxStepsPerCommand = 100_000;

    /// <summary>Default number of attempts of a failing service job.</summary>
    public const int DefaultJobAttempts = 3;

    /// <summary>The clock; the only source of "now" in the engine.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The FEEL evaluator; created from <see cref="Clock"/> when not given.</summary>
    public FeelEngine? Feel { get; init; }

    /// <summary>How durations are added to times for timers.</summary>
    public IDueDateCalculator DueDates { get; init; } = NaturalDueDateCalculator.Instance;

    /// <summary>Built-in service-task handlers by <c>ot:action</c> or job type. A task with neither a handler
    /// nor a match waits for an external worker (<see cref="WaitKind.ServiceTask"/>).</summary>
    public IReadOnlyDictionary<string, ServiceTaskHandler> ServiceHandlers { get; init; } =
        new Dictionary<string, ServiceTaskHandler>(StringComparer.Ordinal);

    /// <summary>Whether the in-memory engine keeps ended instances (default true). Long simulations and
    /// benchmarks turn it off so memory stays flat.</summary>
    public bool KeepEndedInstances { get; init; } = true;

    /// <summary>Whether service tasks with a built-in handler run later as durable jobs (retried with back-off,
    /// an incident after the last attempt) instead of inline. The durable engine turns it on.</summary>
    public bool ServiceTasksAsJobs { get; init; }

    /// <summary>How often a failing service job is tried before it becomes an incident (default 3).</summary>
    public int JobAttempts { get; init; } = DefaultJobAttempts;

    /// <summary>The wait before the first retry of a failed job; doubled for each further attempt (default 1 s).
    /// </summary>
    public TimeSpan JobBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>See <see cref="DefaultMaxStepsPerCommand"/>.</summary>
    public int MaxStepsPerCommand { get; init; } = DefaultMaxStepsPerCommand;
}

/// <summary>A BPMN error raised by a service-task handler; caught by a matching boundary error event.</summary>
public sealed class BpmnError : Exception
{
    /// <summary>Creates an error with the given code.</summary>
    public BpmnError(string errorCode, string? message = null)
        : base(message ?? errorCode) => ErrorCode = errorCode;

    /// <summary>The error code matched against <c>bpmn:error errorCode</c>.</summary>
    public string ErrorCode { get; }
}

/// <summary>A built-in service handler failed (anything but a <see cref="BpmnError"/>).</summary>
public sealed class ServiceHandlerException(string message, Exception inner) : Exception(message, inner);

/// <summary>A command that cannot be carried out (unknown process, unknown wait, ended instance, …). Nothing was
/// changed. <see cref="Code"/> is stable; the message is in Chinese.</summary>
public sealed class EngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EngineException(string code, string message)
        : base(message) => Code = code;

    /// <summary>A stable English code such as <c>WAIT_NOT_FOUND</c>.</summary>
    public string Code { get; }
}
