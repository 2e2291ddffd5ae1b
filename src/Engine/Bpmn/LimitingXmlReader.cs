using System.Globalization;
using System.Xml;

namespace OneThing.Engine.Bpmn;

/// <summary>Wraps an <see cref="XmlReader"/> and counts elements and nesting as they stream past, so that
/// <c>XDocument.Load</c> stops on the first element beyond a limit instead of building a huge tree first.
/// Everything else is passed straight through (including line information for <c>LoadOptions.SetLineInfo</c>).</summary>
internal sealed class LimitingXmlReader(XmlReader inner, BpmnImportOptions options) : XmlReader, IXmlLineInfo
{
    private int _elements;

    /// <summary>True once the root element has been read; a failure before it may be a DOCTYPE.</summary>
    public bool SawRoot { get; private set; }

    public override bool Read()
    {
        if (!inner.Read())
        {
            return false;
        }

        if (inner.NodeType == XmlNodeType.Element)
        {
            SawRoot = true;
            if (++_elements > options.MaxElements)
            {
                throw Limit(BpmnImportErrorCodes.TooManyElements, string.Format(CultureInfo.InvariantCulture,
                    "BPMN 文件的元素过多：超过上限 {0} 个", options.MaxElements));
            }

            // XmlReader depth is 0 for the root; the limit counts the root as depth 1.
            if (inner.Depth + 1 > options.MaxDepth)
            {
                throw Limit(BpmnImportErrorCodes.TooDeep, string.Format(CultureInfo.InvariantCulture,
                    "BPMN 文件的元素嵌套过深：超过上限 {0} 层", options.MaxDepth));
            }
        }

        return true;
    }

    private BpmnImportException Limit(string code, string message)
    {
        var (line, column) = (LineNumber, LinePosition);
        return new BpmnImportException(code,
            string.Format(CultureInfo.InvariantCulture, "{0}（第 {1} 行第 {2} 列）", message, line, column),
            line, column);
    }

    public override XmlNodeType NodeType => inner.NodeType;

    public override string LocalName => inner.LocalName;

    public override string Name => inner.Name;

    public override string NamespaceURI => inner.NamespaceURI;

    public override string Prefix => inner.Prefix;

    public override string Value => inner.Value;

    public override bool HasValue => inner.HasValue;

    public override int Depth => inner.Depth;

    public override string BaseURI => inner.BaseURI;

    public override bool IsEmptyElement => inner.IsEmptyElement;

    public override bool IsDefault => inner.IsDefault;

    public override int AttributeCount => inner.AttributeCount;

    public override bool EOF => inner.EOF;

    public override ReadState ReadState => inner.ReadState;

    public override XmlNameTable NameTable => inner.NameTable;

    public override bool CanResolveEntity => inner.CanResolveEntity;

    public override XmlReaderSettings? Settings => inner.Settings;

    public override string GetAttribute(int i) => inner.GetAttribute(i);

    public override string? GetAttribute(string name) => inner.GetAttribute(name);

    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);

    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

    public override bool MoveToElement() => inner.MoveToElement();

    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

    public override bool ReadAttributeValue() => inner.ReadAttributeValue();

    public override void ResolveEntity() => inner.ResolveEntity();

    public bool HasLineInfo() => inner is IXmlLineInfo info && info.HasLineInfo();

    public int LineNumber => inner is IXmlLineInfo info ? info.LineNumber : 0;

    public int LinePosition => inner is IXmlLineInfo info ? info.LinePosition : 0;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
