using System.Xml.Linq;
using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>Reads Camunda 7 (<c>camunda:</c> attributes and elements) and Zeebe (<c>zeebe:</c> elements) task
/// settings. When a diagram carries both dialects the Zeebe value wins, because Camunda Modeler 5+ writes Zeebe
/// for new diagrams and older attributes are then usually stale leftovers.</summary>
internal static class ExtensionReader
{
    /// <summary>Assignee and candidates of a user task.</summary>
    public static TaskAssignment ReadAssignment(XElement task)
    {
        var zeebe = XmlValues.Extension(task, XNames.Zeebe + "assignmentDefinition");
        var assignee = (zeebe is null ? null : XmlValues.Attr(zeebe, "assignee")) ?? XmlValues.Attr(task, XNames.Camunda + "assignee");
        var groups = SplitList((zeebe is null ? null : XmlValues.Attr(zeebe, "candidateGroups"))
            ?? XmlValues.Attr(task, XNames.Camunda + "candidateGroups"));
        var users = SplitList((zeebe is null ? null : XmlValues.Attr(zeebe, "candidateUsers"))
            ?? XmlValues.Attr(task, XNames.Camunda + "candidateUsers"));
        return assignee is null && groups.Count == 0 && users.Count == 0
            ? TaskAssignment.None
            : new TaskAssignment(assignee, groups, users);
    }

    /// <summary>The form of a user task: <c>zeebe:formDefinition</c> (formKey, formId or externalReference) or
    /// <c>camunda:formKey</c>.</summary>
    public static string? ReadFormKey(XElement task)
    {
        var zeebe = XmlValues.Extension(task, XNames.Zeebe + "formDefinition");
        return (zeebe is null ? null : XmlValues.Attr(zeebe, "formKey") ?? XmlValues.Attr(zeebe, "formId")
                   ?? XmlValues.Attr(zeebe, "externalReference"))
               ?? XmlValues.Attr(task, XNames.Camunda + "formKey");
    }

    /// <summary>The due date of a user task.</summary>
    public static string? ReadDueDate(XElement task)
    {
        var zeebe = XmlValues.Extension(task, XNames.Zeebe + "taskSchedule");
        return (zeebe is null ? null : XmlValues.Attr(zeebe, "dueDate")) ?? XmlValues.Attr(task, XNames.Camunda + "dueDate");
    }

    /// <summary>The job type of a service, send or business-rule task: <c>zeebe:taskDefinition type</c>, or the
    /// topic of a Camunda 7 external task.</summary>
    public static string? ReadTaskType(XElement task)
    {
        var zeebe = XmlValues.Extension(task, XNames.Zeebe + "taskDefinition");
        if (zeebe is not null && XmlValues.Attr(zeebe, "type") is { } type)
        {
            return type;
        }

        return string.Equals(XmlValues.Attr(task, XNames.Camunda + "type"), "external", StringComparison.OrdinalIgnoreCase)
            ? XmlValues.Attr(task, XNames.Camunda + "topic")
            : null;
    }

    /// <summary>The called process of a call activity: <c>zeebe:calledElement processId</c> or BPMN
    /// <c>calledElement</c>.</summary>
    public static string? ReadCalledElement(XElement callActivity)
    {
        var zeebe = XmlValues.Extension(callActivity, XNames.Zeebe + "calledElement");
        return (zeebe is null ? null : XmlValues.Attr(zeebe, "processId")) ?? XmlValues.Attr(callActivity, "calledElement");
    }

    /// <summary>Input and output mappings from <c>zeebe:ioMapping</c>, <c>camunda:inputOutput</c> and, on call
    /// activities, <c>camunda:in</c>/<c>camunda:out</c>. Mappings that cannot be expressed as source→target
    /// (Camunda lists, maps and scripts) are reported and skipped rather than guessed.</summary>
    public static (IReadOnlyList<IoMapping> Inputs, IReadOnlyList<IoMapping> Outputs) ReadIo(XElement owner,
        ImportContext context)
    {
        var inputs = new List<IoMapping>();
        var outputs = new List<IoMapping>();
        foreach (var extension in XmlValues.Extensions(owner))
        {
            if (extension.Name == XNames.Zeebe + "ioMapping")
            {
                ReadZeebeIo(owner, extension, inputs, outputs, context);
            }
            else if (extension.Name == XNames.Camunda + "inputOutput")
            {
                ReadCamundaIo(owner, extension, inputs, outputs, context);
            }
            else if (extension.Name == XNames.Camunda + "in" || extension.Name == XNames.Camunda + "out")
            {
                ReadCamundaPassing(owner, extension, extension.Name.LocalName == "in" ? inputs : outputs, context);
            }
        }

        return (inputs, outputs);
    }

    /// <summary>Multi-instance settings; the Zeebe element, then Camunda 7 attributes, then plain BPMN data
    /// references are consulted, field by field.</summary>
    public static MultiInstanceLoop? ReadMultiInstance(XElement activity)
    {
        var loop = activity.Element(XNames.MultiInstance);
        if (loop is null)
        {
            return null;
        }

        var zeebe = XmlValues.Extension(loop, XNames.Zeebe + "loopCharacteristics");
        string? Zeebe(string name) => zeebe is null ? null : XmlValues.Attr(zeebe, name);
        var inputItem = loop.Element(XNames.InputDataItem);
        var outputItem = loop.Element(XNames.OutputDataItem);
        return new MultiInstanceLoop(
            IsSequential: XmlValues.Bool(loop.Attribute("isSequential")?.Value, fallback: false),
            LoopCardinality: XmlValues.Text(loop.Element(XNames.LoopCardinality)),
            InputCollection: Zeebe("inputCollection") ?? XmlValues.Attr(loop, XNames.Camunda + "collection")
                ?? XmlValues.Text(loop.Element(XNames.LoopDataInputRef)),
            InputElement: Zeebe("inputElement") ?? XmlValues.Attr(loop, XNames.Camunda + "elementVariable")
                ?? (inputItem is null ? null : XmlValues.Attr(inputItem, "name") ?? XmlValues.Attr(inputItem, "id")),
            OutputCollection: Zeebe("outputCollection") ?? XmlValues.Text(loop.Element(XNames.LoopDataOutputRef)),
            OutputElement: Zeebe("outputElement")
                ?? (outputItem is null ? null : XmlValues.Attr(outputItem, "name") ?? XmlValues.Attr(outputItem, "id")),
            CompletionCondition: XmlValues.Text(loop.Element(XNames.CompletionCondition)));
    }

    private static void ReadZeebeIo(XElement owner, XElement mapping, List<IoMapping> inputs,
        List<IoMapping> outputs, ImportContext context)
    {
        foreach (var item in mapping.Elements())
        {
            var list = item.Name == XNames.Zeebe + "input" ? inputs : item.Name == XNames.Zeebe + "output" ? outputs : null;
            if (list is null)
            {
                continue;
            }

            if (XmlValues.Attr(item, "source") is not { } source || XmlValues.Attr(item, "target") is not { } target)
            {
                context.Error(owner, "IO_INVALID",
                    $"{Describe(owner)} 的 zeebe:{item.Name.LocalName} 缺少 source 或 target，已忽略该映射");
                continue;
            }

            // Zeebe reads a source without a leading '=' as a static string, not as an expression.
            list.Add(new IoMapping(source.StartsWith('=') ? source : FeelString(source), target));
        }
    }

    /// <summary>A FEEL string literal holding <paramref name="text"/> verbatim.</summary>
    private static string FeelString(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static void ReadCamundaIo(XElement owner, XElement inputOutput, List<IoMapping> inputs,
        List<IoMapping> outputs, ImportContext context)
    {
        foreach (var parameter in inputOutput.Elements())
        {
            var list = parameter.Name == XNames.Camunda + "inputParameter" ? inputs
                : parameter.Name == XNames.Camunda + "outputParameter" ? outputs
                : null;
            if (list is null)
            {
                continue;
            }

            var name = XmlValues.Attr(parameter, "name");
            if (parameter.Elements().FirstOrDefault() is { } nested)
            {
                context.Error(owner, "IO_UNSUPPORTED",
                    $"{Describe(owner)} 的参数 \"{name}\" 使用了 camunda:{nested.Name.LocalName}，不受支持，已忽略该映射");
                continue;
            }

            if (name is null)
            {
                context.Error(owner, "IO_INVALID", $"{Describe(owner)} 的 camunda:{parameter.Name.LocalName} 缺少 name，已忽略该映射");
                continue;
            }

            // An empty Camunda parameter means "set to null"; text without ${…} is a constant string.
            var text = XmlValues.Text(parameter);
            list.Add(new IoMapping(text is null ? "null"
                : text.Contains("${", StringComparison.Ordinal) || text.Contains("#{", StringComparison.Ordinal) ? text
                : FeelString(text), name));
        }
    }

    private static void ReadCamundaPassing(XElement owner, XElement item, List<IoMapping> list,
        ImportContext context)
    {
        // variables="all" is what the engine does anyway; businessKey has no counterpart here.
        if (item.Attribute("variables") is not null || item.Attribute("businessKey") is not null)
        {
            return;
        }

        var source = XmlValues.Attr(item, "source") ?? XmlValues.Attr(item, "sourceExpression");
        if (source is null || XmlValues.Attr(item, "target") is not { } target)
        {
            context.Error(owner, "IO_INVALID",
                $"{Describe(owner)} 的 camunda:{item.Name.LocalName} 缺少 source/sourceExpression 或 target，已忽略该映射");
            return;
        }

        list.Add(new IoMapping(source, target));
    }

    /// <summary>Splits a comma-separated list, unless it is an expression (FEEL <c>=…</c>, JUEL <c>${…}</c>),
    /// whose commas belong to the expression.</summary>
    private static IReadOnlyList<string> SplitList(string? value)
    {
        if (value is null)
        {
            return [];
        }

        if (value.StartsWith('=') || value.Contains("${", StringComparison.Ordinal)
                                  || value.Contains("#{", StringComparison.Ordinal))
        {
            return [value];
        }

        return value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    internal static string Describe(XElement owner) => $"{owner.Name.LocalName} \"{ImportContext.IdOf(owner)}\"";
}
