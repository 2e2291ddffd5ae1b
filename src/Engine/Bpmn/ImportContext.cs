using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>State shared while one document is turned into a model: the declarations that events refer to and
/// the problems found on the way (reported, never thrown, so one bad element does not hide the others).</summary>
internal sealed class ImportContext
{
    public List<BpmnProblem> Problems { get; } = [];

    public Dictionary<string, MessageDeclaration> Messages { get; } = new(StringComparer.Ordinal);

    /// <summary>Zeebe correlation keys by message id; kept aside because <see cref="MessageDeclaration"/> has no
    /// slot for them and they are copied onto each message event definition.</summary>
    public Dictionary<string, string> CorrelationKeys { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ErrorDeclaration> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Records an error-severity problem on <paramref name="element"/>.</summary>
    public void Error(XElement element, string code, string message) => Problems.Add(
        new BpmnProblem(IdOf(element), element.Name.LocalName, ProblemSeverity.Error, code, message));

    /// <summary>Records a warning on <paramref name="element"/>.</summary>
    public void Warning(XElement element, string code, string message) => Problems.Add(
        new BpmnProblem(IdOf(element), element.Name.LocalName, ProblemSeverity.Warning, code, message));

    /// <summary>Looks up a reference, which BPMN types as a QName: tried as written, then without its prefix.</summary>
    public static T? Resolve<T>(IReadOnlyDictionary<string, T> map, string? reference)
        where T : class
    {
        if (reference is null)
        {
            return null;
        }

        if (map.TryGetValue(reference, out var found))
        {
            return found;
        }

        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && map.TryGetValue(reference[(colon + 1)..], out found) ? found : null;
    }

    /// <summary>The element's id, or a description with its line when it has none.</summary>
    public static string IdOf(XElement element) => XmlValues.Attr(element, "id")
        ?? (element is IXmlLineInfo info && info.HasLineInfo()
            ? string.Format(CultureInfo.InvariantCulture, "（无 id，第 {0} 行）", info.LineNumber)
            : "（无 id）");
}

/// <summary>Small readers over <see cref="XElement"/> that treat blank values as absent.</summary>
internal static class XmlValues
{
    /// <summary>The trimmed attribute value, or null when missing or blank.</summary>
    public static string? Attr(XElement element, XName name) => Blank(element.Attribute(name)?.Value);

    /// <summary>The trimmed text content, or null when missing or blank.</summary>
    public static string? Text(XElement? element) => Blank(element?.Value);

    /// <summary>The children of the element's <c>bpmn:extensionElements</c>.</summary>
    public static IEnumerable<XElement> Extensions(XElement element) =>
        element.Elements(XNames.ExtensionElements).Elements();

    /// <summary>The first extension child with this name, or null.</summary>
    public static XElement? Extension(XElement element, XName name) =>
        element.Elements(XNames.ExtensionElements).Elements(name).FirstOrDefault();

    /// <summary>Reads an <c>xsd:boolean</c>; anything unreadable yields <paramref name="fallback"/>.</summary>
    public static bool Bool(string? value, bool fallback) => value?.Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => fallback,
    };

    /// <summary>True when the value reads as an <c>xsd:boolean</c>.</summary>
    public static bool IsBool(string? value) => value?.Trim().ToLowerInvariant() is "true" or "1" or "false" or "0";

    private static string? Blank(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
