using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>Compensation that can run: a compensation boundary event points (by an association) at a handler, an
/// <c>isForCompensation</c> activity outside the sequence flow; a compensation throw names, if anything, an activity
/// of its own scope that has a handler.</summary>
internal static class CompensationRules
{
    public static void Check(ValidationContext context, FlowNode node)
    {
        if (node is { Kind: ElementKind.BoundaryEvent, EventDefinition: CompensateEventDefinition })
        {
            CheckBoundary(context, node);
        }
        else if (node.IsForCompensation)
        {
            CheckHandler(context, node);
        }
        else if (node is { Kind: ElementKind.IntermediateThrowEvent or ElementKind.EndEvent }
                 && node.EventDefinition is CompensateEventDefinition { ActivityRef: { } activityRef })
        {
            CheckThrow(context, node, activityRef);
        }
    }

    private static void CheckBoundary(ValidationContext context, FlowNode boundary)
    {
        if (boundary.Outgoing.Count > 0)
        {
            context.Error(boundary, ProblemCodes.CompensationInvalid,
                $"补偿边界事件 {boundary} 不能有出口顺序流；请用关联（association）连到补偿活动（isForCompensation）");
        }

        if (boundary.CompensationHandler is null)
        {
            context.Error(boundary, ProblemCodes.CompensationInvalid,
                $"补偿边界事件 {boundary} 没有用关联（association）连到补偿活动（isForCompensation），补偿时无事可做");
        }

        if (boundary.AttachedTo is { MultiInstance: not null } host)
        {
            context.Error(boundary, ProblemCodes.CompensationInvalid, $"不支持补偿多实例活动 {host}");
        }
    }

    private static void CheckHandler(ValidationContext context, FlowNode handler)
    {
        if (handler.Incoming.Count > 0 || handler.Outgoing.Count > 0)
        {
            context.Error(handler, ProblemCodes.CompensationInvalid,
                $"补偿活动 {handler} 只由补偿触发，不能有顺序流连入或连出");
        }

        var pointedAt = handler.Scope.Nodes.Any(n => ReferenceEquals(n.CompensationHandler, handler));
        if (!pointedAt)
        {
            context.Error(handler, ProblemCodes.CompensationInvalid,
                $"补偿活动 {handler} 没有补偿边界事件用关联（association）指向它，永远不会运行");
        }
    }

    private static void CheckThrow(ValidationContext context, FlowNode thrower, string activityRef)
    {
        var activity = thrower.Scope.Nodes.FirstOrDefault(n => n.Id == activityRef);
        if (activity is null || activity.FindCompensationHandler() is null)
        {
            context.Error(thrower, ProblemCodes.CompensationInvalid,
                $"{thrower} 要补偿的活动 \"{activityRef}\" 不在同一流程或子流程中，或者没有补偿边界事件和补偿活动");
        }
    }
}
