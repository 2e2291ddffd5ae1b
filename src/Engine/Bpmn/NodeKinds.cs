using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>Maps BPMN element local names to <see cref="ElementKind"/>, and knows which children of a process
/// are not flow nodes (so they are left in the XML untouched rather than imported as unsupported nodes).</summary>
internal static class NodeKinds
{
    private static readonly Dictionary<string, ElementKind> Kinds = new(StringComparer.Ordinal)
    {
        ["startEvent"] = ElementKind.StartEvent,
        ["endEvent"] = ElementKind.EndEvent,
        ["intermediateCatchEvent"] = ElementKind.IntermediateCatchEvent,
        ["intermediateThrowEvent"] = ElementKind.IntermediateThrowEvent,
        ["boundaryEvent"] = ElementKind.BoundaryEvent,
        ["task"] = ElementKind.Task,
        ["userTask"] = ElementKind.UserTask,
        ["serviceTask"] = ElementKind.ServiceTask,
        ["sendTask"] = ElementKind.SendTask,
        ["receiveTask"] = ElementKind.ReceiveTask,
        ["manualTask"] = ElementKind.ManualTask,
        ["businessRuleTask"] = ElementKind.BusinessRuleTask,
        ["scriptTask"] = ElementKind.ScriptTask,
        ["exclusiveGateway"] = ElementKind.ExclusiveGateway,
        ["parallelGateway"] = ElementKind.ParallelGateway,
        ["inclusiveGateway"] = ElementKind.InclusiveGateway,
        ["eventBasedGateway"] = ElementKind.EventBasedGateway,
        ["complexGateway"] = ElementKind.ComplexGateway,
        ["subProcess"] = ElementKind.SubProcess,
        ["transaction"] = ElementKind.Transaction,
        ["adHocSubProcess"] = ElementKind.AdHocSubProcess,
        ["callActivity"] = ElementKind.CallActivity,
    };

    // Children of process/subProcess that BPMN 2.0 defines but that are not flow nodes: data, artifacts,
    // lanes, the activity's own settings (a sub-process is an activity too) and choreography-only content.
    private static readonly HashSet<string> NotFlowNodes = new(StringComparer.Ordinal)
    {
        "sequenceFlow", "documentation", "extensionElements", "auditing", "monitoring", "property", "laneSet",
        "lane", "ioSpecification", "ioBinding", "dataObject", "dataObjectReference", "dataStoreReference",
        "dataInput", "dataOutput", "inputSet", "outputSet", "dataInputAssociation", "dataOutputAssociation",
        "textAnnotation", "association", "group", "category", "categoryValue", "correlationSubscription",
        "resourceRole", "performer", "humanPerformer", "potentialOwner", "supports", "incoming", "outgoing",
        "multiInstanceLoopCharacteristics", "standardLoopCharacteristics", "loopCharacteristics",
        "completionCondition", "conditionExpression", "script", "rendering",
    };

    /// <summary>The kind of a BPMN element, <see cref="ElementKind.Unsupported"/> for an unknown element that
    /// may be a flow node, or null for an element that is certainly not one.</summary>
    public static ElementKind? Classify(string localName) => Kinds.TryGetValue(localName, out var kind) ? kind
        : NotFlowNodes.Contains(localName) || localName.EndsWith("EventDefinition", StringComparison.Ordinal)
            ? null
            : ElementKind.Unsupported;

    /// <summary>True for the kinds that contain their own nodes.</summary>
    public static bool IsScope(ElementKind kind) =>
        kind is ElementKind.SubProcess or ElementKind.Transaction or ElementKind.AdHocSubProcess;
}
