using System.Xml.Linq;
using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>Reads OneThing's own extensions (namespace <c>urn:onething:bpmn:1</c>): time limits, built-in
/// actions and the materials a step consumes or issues.</summary>
internal static class OtExtensionReader
{
    /// <summary>Reads a time-limit attribute such as <c>ot:stepLimit="20wd"</c>; an unreadable value is reported
    /// and treated as absent.</summary>
    public static TimeLimit? ReadLimit(XElement element, string attribute, ImportContext context)
    {
        var text = XmlValues.Attr(element, XNames.Ot + attribute);
        if (text is null)
        {
            return null;
        }

        if (TimeLimit.TryParse(text, out var limit))
        {
            return limit;
        }

        context.Error(element, "OT_LIMIT_INVALID",
            $"{ExtensionReader.Describe(element)} 的 ot:{attribute} 值 \"{text}\" 无法识别，应写作如 20wd（工作日）、10d（自然日）或 4h（小时）");
        return null;
    }

    /// <summary>The built-in action of a step (<c>ot:action</c>).</summary>
    public static string? ReadAction(XElement element) => XmlValues.Attr(element, XNames.Ot + "action");

    /// <summary>Reads <c>ot:materials/ot:material</c> from the extension elements; <c>use</c> defaults to
    /// consume and <c>required</c> to true. Unreadable entries are reported and skipped.</summary>
    public static IReadOnlyList<MaterialRef> ReadMaterials(XElement element, ImportContext context)
    {
        List<MaterialRef>? result = null;
        foreach (var material in XmlValues.Extensions(element).Where(e => e.Name == XNames.Ot + "materials")
                     .Elements(XNames.Ot + "material"))
        {
            if (ReadMaterial(element, material, context) is { } read)
            {
                (result ??= []).Add(read);
            }
        }

        return result ?? (IReadOnlyList<MaterialRef>)[];
    }

    private static MaterialRef? ReadMaterial(XElement owner, XElement material, ImportContext context)
    {
        var code = XmlValues.Attr(material, "code");
        if (code is null)
        {
            context.Error(owner, "OT_MATERIAL_INVALID", $"{ExtensionReader.Describe(owner)} 的 ot:material 缺少 code（材料编码），已忽略");
            return null;
        }

        var useText = XmlValues.Attr(material, "use");
        MaterialUse? use = useText?.ToLowerInvariant() switch
        {
            null or "consume" => MaterialUse.Consume,
            "issue" => MaterialUse.Issue,
            _ => null,
        };
        if (use is null)
        {
            context.Error(owner, "OT_MATERIAL_INVALID",
                $"{ExtensionReader.Describe(owner)} 的材料 \"{code}\" 的 use 值 \"{useText}\" 无法识别，应为 consume 或 issue，已忽略");
            return null;
        }

        var requiredText = XmlValues.Attr(material, "required");
        if (requiredText is not null && !XmlValues.IsBool(requiredText))
        {
            context.Error(owner, "OT_MATERIAL_INVALID",
                $"{ExtensionReader.Describe(owner)} 的材料 \"{code}\" 的 required 值 \"{requiredText}\" 无法识别，应为 true 或 false，已忽略");
            return null;
        }

        return new MaterialRef(code, XmlValues.Attr(material, "name"), use.Value, XmlValues.Bool(requiredText, fallback: true));
    }

    /// <summary>Reads <c>ot:guide</c> (attributes <c>fee</c>, <c>pickup</c>; children <c>ot:condition</c>) from the
    /// process's extension elements, or null when there is none.</summary>
    public static ProcessGuide? ReadGuide(XElement process)
    {
        if (XmlValues.Extension(process, XNames.Ot + "guide") is not { } guide)
        {
            return null;
        }

        var conditions = guide.Elements(XNames.Ot + "condition").Select(c => XmlValues.Text(c)).OfType<string>()
            .Select(NormalizeText).ToList();
        return new ProcessGuide(XmlValues.Attr(guide, "fee"), XmlValues.Attr(guide, "pickup"), conditions);
    }

    /// <summary>The process's <c>bpmn:documentation</c>: every line trimmed, paragraphs (separated by blank lines)
    /// kept, several documentation elements joined as paragraphs; null when there is no text.</summary>
    public static string? ReadDocumentation(XElement element)
    {
        var texts = element.Elements(XNames.Bpmn + "documentation").Select(d => XmlValues.Text(d)).OfType<string>()
            .Select(NormalizeText).Where(t => t.Length > 0).ToList();
        return texts.Count == 0 ? null : string.Join("\n\n", texts);
    }

    /// <summary>Trims each line and collapses runs of blank lines into one paragraph break.</summary>
    private static string NormalizeText(string text)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                if (current.Count > 0)
                {
                    paragraphs.Add(string.Join("\n", current));
                    current.Clear();
                }

                continue;
            }

            current.Add(trimmed);
        }

        if (current.Count > 0)
        {
            paragraphs.Add(string.Join("\n", current));
        }

        return string.Join("\n\n", paragraphs);
    }
}
