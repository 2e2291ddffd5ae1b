using System.Text;
using System.Xml;
using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>Writes a <see cref="BpmnDocument"/> back as BPMN XML. The retained XML is written as read (DI, lanes,
/// annotations, documentation and foreign extensions included), always as UTF-8.</summary>
public static class BpmnExporter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The document as XML text.</summary>
    public static string Export(BpmnDocument document)
    {
        using var buffer = new MemoryStream();
        Export(document, buffer);
        return Utf8NoBom.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the document to <paramref name="output"/> as UTF-8 without a byte-order mark; the stream is
    /// left open.</summary>
    public static void Export(BpmnDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        var xml = document.Xml;
        var settings = new XmlWriterSettings
        {
            Encoding = Utf8NoBom,
            // The declaration is written by hand: the original may name another encoding (GBK), which would lie.
            OmitXmlDeclaration = true,
            Indent = false,
            // Text keeps its line breaks as read; line breaks inside attribute values are written as character
            // references, otherwise a re-read would turn them into spaces.
            NewLineHandling = NewLineHandling.Replace,
            NewLineChars = "\n",
            CloseOutput = false,
        };
        using var writer = XmlWriter.Create(output, settings);
        if (xml.Declaration is { } declaration)
        {
            var standalone = declaration.Standalone is { Length: > 0 } s ? $" standalone=\"{s}\"" : "";
            writer.WriteRaw($"<?xml version=\"{declaration.Version ?? "1.0"}\" encoding=\"UTF-8\"{standalone}?>");
        }

        // With PreserveWhitespace the document keeps the line breaks between top-level nodes, so none are added.
        foreach (var node in xml.Nodes())
        {
            node.WriteTo(writer);
        }
    }
}
