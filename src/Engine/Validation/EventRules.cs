using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>Event definitions the engine runs, in the positions it runs them; messages and signals that have a
/// name; boundary events that sit on an activity.</summary>
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
        if (node.EventDefinition is SignalEventDefinition { SignalRef: null })
        {
            context.Error(node, ProblemCodes.SignalUnnamed,
                $"{node} 没有引用信号（signalRef），无法按信号名称广播或接收；请选择或新建一个有名称的信号");
        }
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
            if (node.IsEventSubProcessStart())
            {
                context.Error(node, ProblemCodes.UnsupportedEvent,
                    $"事件子流程的开始事件 {node} 没有事件定义；请指定触发它的定时器、消息、信号或错误");
            }
            else if (node.Kind is ElementKind.BoundaryEvent or ElementKind.IntermediateCatchEvent)
            {
                context.Error(node, ProblemCodes.UnsupportedEvent,
                    $"{node} 没有事件定义；请指定定时器、消息或信号（边界事件还可以是错误）");
            }

            return;
        }

        var definition = definitions[0];
        if (!IsAllowed(node, definition))
        {
            context.Error(node, ProblemCodes.UnsupportedEvent, $"不支持的事件定义：{node} 上的 {NameOf(definition)}");
        }
    }

    /// <summary>The executable subset: start none/timer/message/signal (only none inside an embedded sub-process,
    /// which is entered by its parent; timer/message/signal/error in an event sub-process, which its trigger enters);
    /// end none/terminate/error/message/signal/compensate; catch timer/message/signal; throw none/message (run like a
    /// send)/signal (a broadcast)/compensate; boundary timer/error/message/signal/compensate. A receive task carries
    /// its message as a definition.</summary>
    private static bool IsAllowed(FlowNode node, EventDefinition definition) => (node.Kind, definition) switch
    {
        (_, UnsupportedEventDefinition) => false,
        (ElementKind.StartEvent, _) when node.Scope is SubProcessNode { TriggeredByEvent: false } => false,
        (ElementKind.StartEvent, TimerEventDefinition or MessageEventDefinition or SignalEventDefinition) => true,
        (ElementKind.StartEvent, ErrorEventDefinition) => node.IsEventSubProcessStart(),
        (ElementKind.EndEvent, TerminateEventDefinition or ErrorEventDefinition or MessageEventDefinition
            or SignalEventDefinition or CompensateEventDefinition) => true,
        (ElementKind.IntermediateCatchEvent, TimerEventDefinition or MessageEventDefinition or SignalEventDefinition)
            => true,
        (ElementKind.IntermediateThrowEvent, MessageEventDefinition or SignalEventDefinition
            or CompensateEventDefinition) => true,
        (ElementKind.BoundaryEvent, TimerEventDefinition or ErrorEventDefinition or MessageEventDefinition
            or SignalEventDefinition or CompensateEventDefinition) => true,
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

        // A reference that resolves always has a name (the importer names a nameless message by its id), and one
        // that does not resolve is the importer's MESSAGE_REF_DANGLING; what is left is no reference at all, which
        // BPMN allows: the engine then correlates by the element's own id.
        var message = node.EventDefinition as MessageEventDefinition;
        if (message is null && node.Kind == ElementKind.ReceiveTask
            || message is { MessageRef: null } && string.IsNullOrWhiteSpace(message.MessageName))
        {
            context.Warning(node, ProblemCodes.MessageUnnamed,
                $"{node} 没有引用消息（messageRef），将以它自己的 id \"{node.Id}\" 作为消息名称关联；"
                + "建议选择或新建一个有名称的消息，发送方才知道该发什么");
        }
    }

    internal static string NameOf(EventDefinition definition) => definition switch
    {
        TimerEventDefinition => "timerEventDefinition",
        MessageEventDefinition => "messageEventDefinition",
        ErrorEventDefinition => "errorEventDefinition",
        SignalEventDefinition => "signalEventDefinition",
        CompensateEventDefinition => "compensateEventDefinition",
        TerminateEventDefinition => "terminateEventDefinition",
        UnsupportedEventDefinition other => other.LocalName,
        _ => definition.GetType().Name,
    };
}
