namespace OneThing.Engine.Model;

/// <summary>The BPMN flow-node types the model distinguishes. Types outside the executable subset are still
/// imported (as <see cref="Unsupported"/> or as their own kind) so the validator can name them.</summary>
public enum ElementKind
{
    StartEvent,
    EndEvent,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    BoundaryEvent,
    Task,
    UserTask,
    ServiceTask,
    SendTask,
    ReceiveTask,
    ManualTask,
    BusinessRuleTask,
    ScriptTask,
    ExclusiveGateway,
    ParallelGateway,
    InclusiveGateway,
    EventBasedGateway,
    ComplexGateway,
    SubProcess,
    CallActivity,
    Transaction,
    AdHocSubProcess,
    /// <summary>Any other flow node (for example a BPMN 2.0 element unknown to this version).</summary>
    Unsupported,
}

/// <summary>Classification helpers over <see cref="ElementKind"/>.</summary>
public static class ElementKinds
{
    /// <summary>True for the kinds that are activities (tasks, sub-processes and call activities).</summary>
    public static bool IsActivity(this ElementKind kind) => kind is ElementKind.Task or ElementKind.UserTask
        or ElementKind.ServiceTask or ElementKind.SendTask or ElementKind.ReceiveTask or ElementKind.ManualTask
        or ElementKind.BusinessRuleTask or ElementKind.ScriptTask or ElementKind.SubProcess
        or ElementKind.CallActivity or ElementKind.Transaction or ElementKind.AdHocSubProcess;

    /// <summary>True for the gateway kinds.</summary>
    public static bool IsGateway(this ElementKind kind) => kind is ElementKind.ExclusiveGateway
        or ElementKind.ParallelGateway or ElementKind.InclusiveGateway or ElementKind.EventBasedGateway
        or ElementKind.ComplexGateway;
}
