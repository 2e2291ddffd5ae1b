namespace OneThing.Engine.Validation;

/// <summary>The stable English codes the validator reports. Tools, tests and the modelling guide
/// (<c>docs/modelling.md</c>) refer to these; the Chinese messages may be reworded, the codes may not.</summary>
public static class ProblemCodes
{
    /// <summary>Warning: the file holds no process with <c>isExecutable</c> other than false, so nothing deploys.</summary>
    public const string NoExecutableProcess = "NO_EXECUTABLE_PROCESS";

    /// <summary>Error: an executable process or embedded sub-process has no start event, and either no node without
    /// incoming flows to start at implicitly, or an end event (which BPMN allows only together with a start event).
    /// </summary>
    public const string NoStartEvent = "NO_START_EVENT";

    /// <summary>Warning: a process or embedded sub-process without start events starts at every node without incoming
    /// flows (BPMN 2.0 §10.5.2).</summary>
    public const string ImplicitStart = "IMPLICIT_START";

    /// <summary>Error: no path from a start event of the scope leads to the node.</summary>
    public const string Unreachable = "UNREACHABLE";

    /// <summary>Error: a gateway has no outgoing sequence flow.</summary>
    public const string DeadEnd = "DEAD_END";

    /// <summary>Warning: an activity or event other than an end event has no outgoing flow, so its token ends there.</summary>
    public const string ImplicitEnd = "IMPLICIT_END";

    /// <summary>Error: every path from the node loops forever; no end is reachable.</summary>
    public const string NoPathToEnd = "NO_PATH_TO_END";

    /// <summary>Error: an exclusive or inclusive gateway with several outgoing flows has a flow that is neither
    /// conditioned nor the default.</summary>
    public const string GatewayBranchUnconditioned = "GATEWAY_BRANCH_UNCONDITIONED";

    /// <summary>Warning: a default flow carries a condition, which is ignored.</summary>
    public const string DefaultFlowCondition = "DEFAULT_FLOW_CONDITION";

    /// <summary>Warning: a flow leaving a parallel gateway carries a condition, which is ignored.</summary>
    public const string ParallelFlowCondition = "PARALLEL_FLOW_CONDITION";

    /// <summary>Error: an event-based gateway has fewer than two outgoing flows, or one leads to something other
    /// than a timer, message or signal catch event or a receive task.</summary>
    public const string EventGatewayTargets = "EVENT_GATEWAY_TARGETS";

    /// <summary>Error: an expression does not compile as FEEL, or is a script.</summary>
    public const string FeelInvalid = "FEEL_INVALID";

    /// <summary>Error: a timer's value is neither valid ISO-8601 for its kind nor a FEEL expression that compiles.</summary>
    public const string TimerInvalid = "TIMER_INVALID";

    /// <summary>Error: a literal due date of a user task is neither an ISO-8601 date-time nor a duration.</summary>
    public const string DueDateInvalid = "DUE_DATE_INVALID";

    /// <summary>Error: a call activity names no process, or one that will not be deployed.</summary>
    public const string CallTargetUnknown = "CALL_TARGET_UNKNOWN";

    /// <summary>Error: an element outside the executable subset.</summary>
    public const string UnsupportedElement = "UNSUPPORTED_ELEMENT";

    /// <summary>Error: an event definition outside the executable subset, in a position the engine does not run,
    /// several definitions on one event, or a boundary or intermediate catch event without one.</summary>
    public const string UnsupportedEvent = "UNSUPPORTED_EVENT";

    /// <summary>Error: a script task; scripts are never run.</summary>
    public const string ScriptTask = "SCRIPT_TASK";

    /// <summary>Error: a user task names no assignee, no candidate department and no candidate user.</summary>
    public const string UserTaskNoCandidate = "USER_TASK_NO_CANDIDATE";

    /// <summary>Warning: a catching message event or a receive task references no message, so it is correlated by
    /// its own id. (A reference to an undeclared message is reported by the importer as
    /// <c>MESSAGE_REF_DANGLING</c>.)</summary>
    public const string MessageUnnamed = "MESSAGE_UNNAMED";

    /// <summary>Error: a signal event references no signal (<c>signalRef</c>), so nothing can be broadcast or caught
    /// by name. (A reference to an undeclared signal is reported by the importer as <c>SIGNAL_REF_DANGLING</c>.)
    /// </summary>
    public const string SignalUnnamed = "SIGNAL_UNNAMED";

    /// <summary>Error: an event sub-process has sequence flows, boundary events or a loop, more than one start event,
    /// or a non-interrupting error start event.</summary>
    public const string EventSubProcessInvalid = "EVENT_SUBPROCESS_INVALID";

    /// <summary>Error: compensation is drawn so that it cannot run: a compensation boundary event with outgoing flows,
    /// without a handler or on a multi-instance activity; a handler (<c>isForCompensation</c>) with sequence flows or
    /// that no compensation boundary event points to; a compensation throw naming an activity of another scope or one
    /// without a handler.</summary>
    public const string CompensationInvalid = "COMPENSATION_INVALID";

    /// <summary>Error: a boundary event is not attached to an activity.</summary>
    public const string BoundaryOnNonActivity = "BOUNDARY_ON_NON_ACTIVITY";
}
