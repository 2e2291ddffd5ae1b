using System.Xml.Linq;
using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>Reads the event definitions of an event element, resolving message, error and signal references against
/// the declarations of the document.</summary>
internal static class EventDefinitionReader
{
    private const string Suffix = "EventDefinition";

    /// <summary>The definitions of <paramref name="eventElement"/> in document order.</summary>
    public static IReadOnlyList<EventDefinition> Read(XElement eventElement, ImportContext context)
    {
        List<EventDefinition>? result = null;
        foreach (var child in eventElement.Elements())
        {
            if (child.Name.Namespace != XNames.Bpmn)
            {
                continue;
            }

            EventDefinition? definition = child.Name == XNames.EventDefinitionRef
                // A reference to a root-level definition is legal BPMN but no modeler emits it; not executed.
                ? new UnsupportedEventDefinition(null, child.Name.LocalName)
                : child.Name.LocalName.EndsWith(Suffix, StringComparison.Ordinal)
                    ? ReadOne(eventElement, child, context)
                    : null;
            if (definition is not null)
            {
                (result ??= []).Add(definition);
            }
        }

        return result ?? (IReadOnlyList<EventDefinition>)[];
    }

    private static EventDefinition ReadOne(XElement owner, XElement definition, ImportContext context)
    {
        var id = XmlValues.Attr(definition, "id");
        return definition.Name.LocalName switch
        {
            "timerEventDefinition" => ReadTimer(owner, definition, id, context),
            "messageEventDefinition" => ReadMessage(owner, definition, id, context),
            "errorEventDefinition" => ReadError(owner, definition, id, context),
            "signalEventDefinition" => ReadSignal(owner, definition, id, context),
            "terminateEventDefinition" => new TerminateEventDefinition(id),
            "compensateEventDefinition" => new CompensateEventDefinition(id, XmlValues.Attr(definition, "activityRef"),
                XmlValues.Bool(definition.Attribute("waitForCompletion")?.Value, fallback: true)),
            var other => new UnsupportedEventDefinition(id, other),
        };
    }

    private static TimerEventDefinition ReadTimer(XElement owner, XElement definition, string? id,
        ImportContext context)
    {
        // BPMN allows exactly one of the three; the first present wins so a malformed file still yields a timer.
        foreach (var (name, kind) in new[]
                 {
                     (XNames.TimeDate, TimerKind.Date), (XNames.TimeDuration, TimerKind.Duration), (XNames.TimeCycle, TimerKind.Cycle),
                 })
        {
            if (XmlValues.Text(definition.Element(name)) is { } expression)
            {
                return new TimerEventDefinition(id, kind, expression);
            }
        }

        context.Error(owner, "TIMER_VALUE_MISSING", $"{Describe(owner)} 的定时器没有设置时间（timeDate、timeDuration 或 timeCycle）");
        return new TimerEventDefinition(id, TimerKind.Duration, "");
    }

    private static MessageEventDefinition ReadMessage(XElement owner, XElement definition, string? id,
        ImportContext context) => Message(owner, id, XmlValues.Attr(definition, "messageRef"), context);

    /// <summary>The <c>messageRef</c> of a receive or send task as a message definition, so the runtime treats a
    /// receive task like a message catch event; null when the task names no message.</summary>
    public static MessageEventDefinition? ReadTaskMessage(XElement task, ImportContext context) =>
        XmlValues.Attr(task, "messageRef") is { } reference ? Message(task, null, reference, context) : null;

    private static MessageEventDefinition Message(XElement owner, string? id, string? reference,
        ImportContext context)
    {
        var message = ImportContext.Resolve(context.Messages, reference);
        if (reference is not null && message is null)
        {
            context.Error(owner, "MESSAGE_REF_DANGLING", $"{Describe(owner)} 引用的消息 \"{reference}\" 未在文件中声明");
        }

        var key = message is null ? null : context.CorrelationKeys.GetValueOrDefault(message.Id);
        return new MessageEventDefinition(id, message?.Id ?? reference, message?.Name, key);
    }

    private static ErrorEventDefinition ReadError(XElement owner, XElement definition, string? id,
        ImportContext context)
    {
        var reference = XmlValues.Attr(definition, "errorRef");
        var error = ImportContext.Resolve(context.Errors, reference);
        if (reference is not null && error is null)
        {
            context.Error(owner, "ERROR_REF_DANGLING", $"{Describe(owner)} 引用的错误 \"{reference}\" 未在文件中声明");
        }

        return new ErrorEventDefinition(id, error?.Id ?? reference, error?.ErrorCode);
    }

    private static SignalEventDefinition ReadSignal(XElement owner, XElement definition, string? id,
        ImportContext context)
    {
        var reference = XmlValues.Attr(definition, "signalRef");
        var signal = ImportContext.Resolve(context.Signals, reference);
        if (reference is not null && signal is null)
        {
            context.Error(owner, "SIGNAL_REF_DANGLING", $"{Describe(owner)} 引用的信号 \"{reference}\" 未在文件中声明");
        }

        return new SignalEventDefinition(id, signal?.Id ?? reference, signal?.Name);
    }

    private static string Describe(XElement owner) => $"{owner.Name.LocalName} \"{ImportContext.IdOf(owner)}\"";
}
