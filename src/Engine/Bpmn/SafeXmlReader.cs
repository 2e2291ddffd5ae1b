using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace OneThing.Engine.Bpmn;

/// <summary>Reads untrusted XML into an <see cref="XDocument"/>: no DTD (so no entity expansion bombs), no
/// resolver (so no external entities or file access), and size, depth and element-count limits enforced while
/// reading. Every way the input can be wrong ends as a <see cref="BpmnImportException"/>.</summary>
internal static class SafeXmlReader
{
    private const int ChunkSize = 81_920;

    // Government files are often saved as GBK/GB18030; .NET only knows them once the code-page provider is on.
    static SafeXmlReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Parses XML held in a string; the size limit counts its UTF-8 bytes.</summary>
    public static XDocument Load(string xml, BpmnImportOptions options)
    {
        // Cheap upper bound first: UTF-8 needs at most 3 bytes per UTF-16 char, so short strings skip the count.
        if ((long)xml.Length * 3 > options.MaxBytes && Encoding.UTF8.GetByteCount(xml) > options.MaxBytes)
        {
            throw TooLarge(options);
        }

        using var text = new StringReader(xml);
        return Parse(XmlReader.Create(text, Settings()), options, () => xml);
    }

    /// <summary>Parses XML from a stream, reading at most <see cref="BpmnImportOptions.MaxBytes"/> bytes of it.</summary>
    public static XDocument Load(Stream stream, BpmnImportOptions options)
    {
        var bytes = ReadBounded(stream, options);
        using var memory = new MemoryStream(bytes, writable: false);
        return Parse(XmlReader.Create(memory, Settings()), options, () => DecodeForSniffing(bytes));
    }

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        // Zero would mean "no limit" to XmlReader; with DTDs prohibited only the five predefined entities exist.
        MaxCharactersFromEntities = 1024,
        IgnoreWhitespace = false,
        IgnoreComments = false,
        IgnoreProcessingInstructions = false,
        CloseInput = false,
    };

    private static XDocument Parse(XmlReader xmlReader, BpmnImportOptions options, Func<string> sourceText)
    {
        using var reader = new LimitingXmlReader(xmlReader, options);
        try
        {
            return XDocument.Load(reader, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            // DtdProcessing.Prohibit reports a DOCTYPE as a generic XmlException with a localised message, so the
            // prolog is looked at directly to tell a refused DTD from other malformed input.
            if (!reader.SawRoot && PrologHasDoctype(sourceText()))
            {
                throw new BpmnImportException(BpmnImportErrorCodes.DtdRefused,
                    "出于安全原因，不接受含 DTD/DOCTYPE 的 BPMN 文件", NullIfZero(ex.LineNumber),
                    NullIfZero(ex.LinePosition), ex);
            }

            var line = NullIfZero(ex.LineNumber);
            var column = NullIfZero(ex.LinePosition);
            throw Malformed(XmlFaultHint(sourceText(), line, column), line, column, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or DecoderFallbackException
                                       or NotSupportedException)
        {
            // XDocument.Load and the decoders report some structural or encoding faults outside XmlException.
            var line = reader.HasLineInfo() ? reader.LineNumber : (int?)null;
            var column = reader.HasLineInfo() ? reader.LinePosition : (int?)null;
            throw Malformed(ex is DecoderFallbackException or NotSupportedException
                ? "文件的字符编码无法识别，或内容与声明的编码不符（请存为 UTF-8）"
                : "文件结构不完整，无法组成一个 XML 文档", NullIfZero(line), NullIfZero(column), ex);
        }
    }

    /// <summary>What most likely is wrong at the parser's position, in Chinese: .NET's own text is English (or in
    /// the server's culture) and names parser internals, so it stays in the inner exception for the logs.</summary>
    private static string XmlFaultHint(string text, int? line, int? column)
    {
        const string General = "请检查该处：标签是否成对闭合、属性值是否加了引号、& 与 < 是否写成 &amp; 与 &lt;、"
            + "有无 XML 不允许的字符，以及文件编码是否与声明一致";
        if (string.IsNullOrWhiteSpace(text))
        {
            return "文件为空";
        }

        if (line is null)
        {
            return General;
        }

        var start = 0;
        for (var n = 1; n < line && start >= 0; n++)
        {
            start = text.IndexOf('\n', start);
            start = start < 0 ? -1 : start + 1;
        }

        var at = start < 0 ? text.Length : start + (column ?? 1) - 1;
        if (at >= text.TrimEnd().Length)
        {
            return "文件在此处意外结束，有元素没有闭合";
        }

        // The parser points at the entity's name, just past its ampersand.
        if (text[at] == '&' || at >= 1 && text[at - 1] == '&')
        {
            return "实体引用无效：XML 只认 &amp; &lt; &gt; &quot; &apos; 和数字字符引用，其他的 & 请写成 &amp;";
        }

        return at >= 2 && text[at - 2] == '<' && text[at - 1] == '/' ? "结束标签与对应的开始标签不一致" : General;
    }

    private static BpmnImportException Malformed(string detail, int? line, int? column, Exception inner)
    {
        var where = line is null ? "" : string.Format(CultureInfo.InvariantCulture, "（第 {0} 行第 {1} 列）",
            line, column ?? 0);
        return new BpmnImportException(BpmnImportErrorCodes.Malformed, $"BPMN 文件不是合法的 XML{where}：{detail}",
            line, column, inner);
    }

    private static BpmnImportException TooLarge(BpmnImportOptions options) => new(BpmnImportErrorCodes.TooLarge,
        string.Format(CultureInfo.InvariantCulture, "BPMN 文件过大：超过上限 {0} 字节", options.MaxBytes));

    private static int? NullIfZero(int? value) => value is null or 0 ? null : value;

    private static byte[] ReadBounded(Stream stream, BpmnImportOptions options)
    {
        if (stream.CanSeek && stream.Length - stream.Position > options.MaxBytes)
        {
            throw TooLarge(options);
        }

        // Bytes are buffered (bounded by the limit) so that a DOCTYPE can be recognised after the parser fails.
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkSize];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > options.MaxBytes)
            {
                throw TooLarge(options);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes enough of the bytes to look at the prolog: UTF-16 by BOM or by the NUL pattern of
    /// <c>&lt;</c>, else ASCII-compatible (UTF-8, GBK, …), which is enough to find the ASCII word DOCTYPE.</summary>
    private static string DecodeForSniffing(byte[] bytes)
    {
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 64 * 1024));
        var bigEndian = head.Length >= 2 && (head[0] == 0xFE && head[1] == 0xFF || head[0] == 0 && head[1] == (byte)'<');
        var littleEndian = head.Length >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == (byte)'<' && head[1] == 0);
        var encoding = bigEndian ? Encoding.BigEndianUnicode : littleEndian ? Encoding.Unicode : Encoding.Latin1;
        return encoding.GetString(head);
    }

    /// <summary>True when a DOCTYPE follows the optional BOM, XML declaration, comments, processing instructions
    /// and whitespace, i.e. where XML allows one.</summary>
    internal static bool PrologHasDoctype(string text)
    {
        var s = text.AsSpan();
        var i = 0;
        while (i < s.Length)
        {
            if (s[i] == '\uFEFF' || s[i] == '\u00FE' || s[i] == '\u00FF' || s[i] == '\u00EF' || s[i] == '\u00BB'
                || s[i] == '\u00BF' || char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            else if (s[i..].StartsWith("<?"))
            {
                var end = s[i..].IndexOf("?>");
                i = end < 0 ? s.Length : i + end + 2;
            }
            else if (s[i..].StartsWith("<!--"))
            {
                var end = s[i..].IndexOf("-->");
                i = end < 0 ? s.Length : i + end + 3;
            }
            else
            {
                return s[i..].StartsWith("<!DOCTYPE", StringComparison.Ordinal);
            }
        }

        return false;
    }
}
