using System.Xml.Linq;

namespace OneThing.Engine.Tests.Bpmn;

/// <summary>Compares two XML trees canonically: element names, attributes as sets, comments and text with
/// insignificant (whitespace-only, leading and trailing) whitespace ignored.</summary>
public static class XmlCanonical
{
    /// <summary>Null when equal, else the path of the first difference and what differs.</summary>
    public static string? FirstDifference(XDocument expected, XDocument actual) =>
        Compare(expected.Root!, actual.Root!, "/");

    private static string? Compare(XElement a, XElement b, string path)
    {
        path += a.Name.LocalName;
        if (a.Name != b.Name)
        {
            return $"{path}: element {a.Name} != {b.Name}";
        }

        var attributesA = a.Attributes().Select(x => $"{x.Name}={x.Value}").Order(StringComparer.Ordinal).ToList();
        var attributesB = b.Attributes().Select(x => $"{x.Name}={x.Value}").Order(StringComparer.Ordinal).ToList();
        if (!attributesA.SequenceEqual(attributesB))
        {
            return $"{path}: attributes [{string.Join(", ", attributesA)}] != [{string.Join(", ", attributesB)}]";
        }

        var childrenA = Significant(a).ToList();
        var childrenB = Significant(b).ToList();
        if (childrenA.Count != childrenB.Count)
        {
            return $"{path}: {childrenA.Count} significant children != {childrenB.Count}";
        }

        for (var i = 0; i < childrenA.Count; i++)
        {
            var difference = (childrenA[i], childrenB[i]) switch
            {
                (XElement x, XElement y) => Compare(x, y, $"{path}/"),
                (XText x, XText y) => x.Value.Trim() == y.Value.Trim() ? null : $"{path}: text \"{x.Value}\" != \"{y.Value}\"",
                (XComment x, XComment y) => x.Value.Trim() == y.Value.Trim() ? null : $"{path}: comment differs",
                (XProcessingInstruction x, XProcessingInstruction y) =>
                    x.Target == y.Target && x.Data == y.Data ? null : $"{path}: processing instruction differs",
                var (x, y) => $"{path}: node {x.NodeType} != {y.NodeType}",
            };
            if (difference is not null)
            {
                return difference;
            }
        }

        return null;
    }

    /// <summary>Child nodes without whitespace-only text; adjacent text and CDATA merged.</summary>
    private static IEnumerable<XNode> Significant(XElement element)
    {
        XText? pending = null;
        foreach (var node in element.Nodes())
        {
            if (node is XText text)
            {
                pending = new XText((pending?.Value ?? "") + text.Value);
                continue;
            }

            if (pending is not null && !string.IsNullOrWhiteSpace(pending.Value))
            {
                yield return pending;
            }

            pending = null;
            yield return node;
        }

        if (pending is not null && !string.IsNullOrWhiteSpace(pending.Value))
        {
            yield return pending;
        }
    }
}
