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
        var zeebe = Xml.Extension(task, N.Zeebe + "assignmentDefinition");
        var assignee = (zeebe is null ? null : Xml.Attr(zeebe, "assignee")) ?? Xml.Attr(task, N.Camunda + "assignee");
        var groups = SplitList((zeebe is null ? null : Xml.Attr(zeebe, "candidateGroups"))
            ?? Xml.Attr(task, N.Camunda + "candidateGroups"));
        var users = SplitList((zeebe is null ? null : Xml.Attr(zeebe, "candidateUsers"))
            ?? Xml.Attr(task, N.Camunda + "candidateUsers"));
        return assignee is null && groups.Count == 0 && users.Count == 0
            ? TaskAssignment.None
            : new TaskAssignment(assignee, groups, users);
    }

    /// <summary>The form of a user task: <c>zeebe:formDefinition</c> (formKey, formId or externalReference) or
    /// <c>camunda:formKey</c>.</summary>
    public static string? ReadFormKey(XElement task)
    {
        var zeebe = Xml.Extension(task, N.Zeebe + "formDefinition");
        return (zeebe is null ? null : Xml.Attr(zeebe, "formKey") ?? Xml.Attr(zeebe, "formId")
                   ?? Xml.Attr(zeebe, "externalReference"))
               ?? Xml.Attr(task, N.Camunda + "formKey");
    }

    /// <summary>The due date of a user task.</summary>
    public static string? ReadDueDate(XElement task)
    {
        var zeebe = Xml.Extension(task, N.Zeebe + "taskSchedule");
        return (zeebe is null ? null : Xml.Attr(zeebe, "dueDate")) ?? Xml.Attr(task, N.Camunda + "dueDate");
    }

    /// <summary>The job type of a service, send or business-rule task: <c>zeebe:taskDefinition type</c>, or the
    /// topic of a Camunda 7 external task.</summary>
    public static string? ReadTaskType(XElement task)
    {
        var zeebe = Xml.Extension(task, N.Zeebe + "taskDefinition");
        if (zeebe is not null && Xml.Attr(zeebe, "type") is { } type)
        {
            return type;
        }

        return string.Equals(Xml.Attr(task, N.Camunda + "type"), "external", StringComparison.OrdinalIgnoreCase)
            ? Xml.Attr(task, N.Camunda + "topic")
            : null;
    }

    /// <summary>The called process of a call activity: <c>zeebe:calledElement processId</c> or BPMN
    /// <c>calledElement</c>.</summary>
    public static string? ReadCalledElement(XElement callActivity)
    {
        var zeebe = Xml.Extension(callActivity, N.Zeebe + "calledElement");
        return (zeebe is null ? null : Xml.Attr(zeebe, "processId")) ?? Xml.Attr(callActivity, "calledElement");
    }

    /// <summary>Input and output mappings from <c>zeebe:ioMapping</c>, <c>camunda:inputOutput</c> and, on call
    /// activities, <c>camunda:in</c>/<c>camunda:out</c>. Mappings that cannot be expressed as source→target
    /// (Camunda lists, maps and scripts) are reported and skipped rather than guessed.</summary>
    public static (IReadOnlyList<IoMapping> Inputs, IReadOnlyList<IoMapping> Outputs) ReadIo(XElement owner,
        ImportContext context)
    {
        var inputs = new List<IoMapping>();
        var outputs = new List<IoMapping>();
        foreach (var extension in Xml.Extensions(owner))
        {
            if (extension.Name == N.Zeebe + "ioMapping")
            {
                ReadZeebeIo(owner, extension, inputs, outputs, context);
            }
            else if (extension.Name == N.Camunda + "inputOutput")
            {
                ReadCamundaIo(owner, extension, inputs, outputs, context);
            }
            else if (extension.Name == N.Camunda + "in" || extension.Name == N.Camunda + "out")
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
        var loop = activity.Element(N.MultiInstance);
        if (loop is null)
        {
            return null;
        }

        var zeebe = Xml.Extension(loop, N.Zeebe + "loopCharacteristics");
        string? Zeebe(string name) => zeebe is null ? null : Xml.Attr(zeebe, name);
        var inputItem = loop.Element(N.InputDataItem);
        var outputItem = loop.Element(N.OutputDataItem);
        return new MultiInstanceLoop(
            IsSequential: Xml.Bool(loop.Attribute("isSequential")?.Value, fallback: false),
            LoopCardinality: Xml.Text(loop.Element(N.LoopCardinality)),
            InputCollection: Zeebe("inputCollection") ?? Xml.Attr(loop, N.Camunda + "collection")
                ?? Xml.Text(loop.Element(N.LoopDataInputRef)),
            InputElement: Zeebe("inputElement") ?? Xml.Attr(loop, N.Camunda + "elementVariable")
                ?? (inputItem is null ? null : Xml.Attr(inputItem, "name") ?? Xml.Attr(inputItem, "id")),
            OutputCollection: Zeebe("outputCollection") ?? Xml.Text(loop.Element(N.LoopDataOutputRef)),
            OutputElement: Zeebe("outputElement")
                ?? (outputItem is null ? null : Xml.Attr(outputItem, "name") ?? Xml.Attr(outputItem, "id")),
            CompletionCondition: Xml.Text(loop.Element(N.CompletionCondition)));
    }

    private static void ReadZeebeIo(XElement owner, XElement mapping, List<IoMapping> inputs,
        List<IoMapping> outputs, ImportContext context)
    {
        foreach (var item in mapping.Elements())
        {
            var list = item.Name == N.Zeebe + "input" ? inputs : item.Name == N.Zeebe + "output" ? outputs : null;
            if (list is null)
            {
                continue;
            }

            if (Xml.Attr(item, "source") is not { } source || Xml.Attr(item, "target") is not { } target)
            {
                context.Error(owner, "IO_INVALID",
                    $"{Describe(owner)} 的 zeebe:{item.Name.LocalName} 缺少 source 或 target，已忽略该映射");
                continue;
            }

            list.Add(new IoMapping(source, target));
        }
    }

    private static void ReadCamundaIo(XElement owner, XElement inputOutput, List<IoMapping> inputs,
        List<IoMapping> outputs, ImportContext context)
    {
        foreach (var parameter in inputOutput.Elements())
        {
            var list = parameter.Name == N.Camunda + "inputParameter" ? inputs
                : parameter.Name == N.Camunda + "outputParameter" ? outputs
                : null;
            if (list is null)
            {
                continue;
            }

            var name = Xml.Attr(parameter, "name");
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

            // An empty Camunda parameter means "set to null"; the FEEL literal null says the same.
            list.Add(new IoMapping(Xml.Text(parameter) ?? "null", name));
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

        var source = Xml.Attr(item, "source") ?? Xml.Attr(item, "sourceExpression");
        if (source is null || Xml.Attr(item, "target") is not { } target)
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
