using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>Event definitions the engine runs, in the positions it runs them; messages that have a name; boundary
/// events that sit on an activity.</summary>
internal static class EventRules
{
    public static void Check(ValidationContext context, FlowNode node)
    {
        // A boundary event attached to nothing is the importer's ATTACHED_TO_DANGLING; only a wrong host is ours.
        if (node.Kind == ElementKind.BoundaryEvent && node.AttachedTo is { } host && !host.Kind.IsActivity())
        {
            context.Error(node, ProblemCodes.BoundaryOnNonActivity,
                $"边界事件 {node} 附着在 {host} 上；边界事件只能附着在任务、子流程或调用活动上");
        }

        CheckDefinitions(context, node);
        CheckMessage(context, node);
    }

    private static void CheckDefinitions(ValidationContext context, FlowNode node)
    {
        var definitions = node.EventDefinitions;
        if (definitions.Count > 1)
        {
            context.Error(node, ProblemCodes.UnsupportedEvent,
                $"{node} 上有多个事件定义（{string.Join("、", definitions.Select(NameOf))}），引擎只支持一个");
            return;
        }

        if (definitions.Count == 0)
        {
            if (node.Kind is ElementKind.BoundaryEvent or ElementKind.IntermediateCatchEvent)
            {
                context.Error(node, ProblemCodes.UnsupportedEvent,
                    $"{node} 没有事件定义；请指定定时器或消息（边界事件还可以是错误）");
            }

            return;
        }

        var definition = definitions[0];
        if (!IsAllowed(node, definition))
        {
            context.Error(node, ProblemCodes.UnsupportedEvent, $"不支持的事件定义：{node} 上的 {NameOf(definition)}");
        }
    }

    /// <summary>The executable subset: start none/timer/message (only none inside an embedded sub-process, which
    /// is entered by its parent); end none/terminate/error/message; catch timer/message; throw none/message (run
    /// like a send); boundary timer/error/message. A receive task carries its message as a definition.</summary>
    private static bool IsAllowed(FlowNode node, EventDefinition definition) => (node.Kind, definition) switch
    {
        (_, UnsupportedEventDefinition) => false,
        (ElementKind.StartEvent, _) when node.Scope is SubProcessNode { TriggeredByEvent: false } => false,
        (ElementKind.StartEvent, TimerEventDefinition or MessageEventDefinition) => true,
        (ElementKind.EndEvent, TerminateEventDefinition or ErrorEventDefinition or MessageEventDefinition) => true,
        (ElementKind.IntermediateCatchEvent, TimerEventDefinition or MessageEventDefinition) => true,
        (ElementKind.IntermediateThrowEvent, MessageEventDefinition) => true,
        (ElementKind.BoundaryEvent, TimerEventDefinition or ErrorEventDefinition or MessageEventDefinition) => true,
        (ElementKind.ReceiveTask, MessageEventDefinition) => true,
        _ => false,
    };

    /// <summary>Only catching messages are checked: they wait for a message correlated by name. A throwing message
    /// (end or intermediate throw event) is not sent anywhere by the engine, so its name does not matter.</summary>
    private static void CheckMessage(ValidationContext context, FlowNode node)
    {
        var catches = node.Kind is ElementKind.StartEvent or ElementKind.IntermediateCatchEvent
            or ElementKind.BoundaryEvent or ElementKind.ReceiveTask;
        if (!catches)
        {
            return;
        }

        var message = node.EventDefinition as MessageEventDefinition;
        if (message is null && node.Kind == ElementKind.ReceiveTask)
        {
            context.Error(node, ProblemCodes.MessageUnnamed, $"接收任务 {node} 没有引用消息（messageRef），无法按消息名称关联");
        }

        // A reference that resolves always has a name (the importer names a nameless message by its id), and one
        // that does not resolve is the importer's MESSAGE_REF_DANGLING; what is left is no reference at all.
        if (message is { MessageRef: null } && string.IsNullOrWhiteSpace(message.MessageName))
        {
            context.Error(node, ProblemCodes.MessageUnnamed,
                $"{node} 没有引用消息（messageRef），无法按消息名称关联；请选择或新建一个有名称的消息");
        }
    }

    internal static string NameOf(EventDefinition definition) => definition switch
    {
        TimerEventDefinition => "timerEventDefinition",
        MessageEventDefinition => "messageEventDefinition",
        ErrorEventDefinition => "errorEventDefinition",
        TerminateEventDefinition => "terminateEventDefinition",
        UnsupportedEventDefinition other => other.LocalName,
        _ => definition.GetType().Name,
    };
}
