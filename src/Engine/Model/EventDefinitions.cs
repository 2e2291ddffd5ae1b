namespace OneThing.Engine.Model;

/// <summary>An event definition inside a start, end, intermediate or boundary event.</summary>
/// <param name="Id">The definition's own id, if it has one.</param>
public abstract record EventDefinition(string? Id);

/// <summary>How a timer's value is to be read.</summary>
public enum TimerKind
{
    /// <summary><c>timeDate</c>: an absolute point in time.</summary>
    Date,
    /// <summary><c>timeDuration</c>: a delay from the moment the timer starts waiting.</summary>
    Duration,
    /// <summary><c>timeCycle</c>: a repeating interval (<c>R3/PT10M</c>).</summary>
    Cycle,
}

/// <summary>A timer. <paramref name="Expression"/> is ISO-8601 text, or FEEL when it starts with <c>=</c>.</summary>
public sealed record TimerEventDefinition(string? Id, TimerKind Kind, string Expression) : EventDefinition(Id);

/// <summary>A message event. <paramref name="MessageName"/> is resolved from the referenced message element.</summary>
public sealed record MessageEventDefinition(string? Id, string? MessageRef, string? MessageName,
    string? CorrelationKey) : EventDefinition(Id);

/// <summary>An error event. A catching definition with a null <paramref name="ErrorCode"/> catches every error.</summary>
public sealed record ErrorEventDefinition(string? Id, string? ErrorRef, string? ErrorCode) : EventDefinition(Id);

/// <summary>A signal event: a broadcast, caught by every event waiting for a signal of the same name.
/// <paramref name="SignalName"/> is resolved from the referenced signal element (its id when it has no name).
/// </summary>
public sealed record SignalEventDefinition(string? Id, string? SignalRef, string? SignalName) : EventDefinition(Id);

/// <summary>A compensation event. Thrown (intermediate or end), it compensates the completed activities of its
/// scope — only <paramref name="ActivityRef"/> when given — by running their compensation handlers, and waits for
/// them unless <paramref name="WaitForCompletion"/> is false. On a boundary event it marks the activity as
/// compensable: its handler is the activity its association points to (<see cref="FlowNode.CompensationHandler"/>).
/// </summary>
public sealed record CompensateEventDefinition(string? Id, string? ActivityRef, bool WaitForCompletion = true)
    : EventDefinition(Id);

/// <summary>A terminate end event: ends every token of the enclosing scope.</summary>
public sealed record TerminateEventDefinition(string? Id) : EventDefinition(Id);

/// <summary>Any event definition outside the executable subset (escalation, conditional,
/// link, cancel, …), kept so the validator can name it.</summary>
public sealed record UnsupportedEventDefinition(string? Id, string LocalName) : EventDefinition(Id);
