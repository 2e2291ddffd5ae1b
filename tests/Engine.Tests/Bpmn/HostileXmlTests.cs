using System.Text;
using OneThing.Engine.Bpmn;

namespace OneThing.Engine.Tests.Bpmn;

/// <summary>Hostile or broken input ends in a <see cref="BpmnImportException"/> with the right code, and never in
/// any other exception.</summary>
public sealed class HostileXmlTests
{
    private const string Minimal = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:t">
          <bpmn:process id="P"><bpmn:startEvent id="S"/></bpmn:process>
        </bpmn:definitions>
        """;

    private static BpmnImportException Refused(string xml, BpmnImportOptions? options = null) =>
        Assert.Throws<BpmnImportException>(() => BpmnImporter.Import(xml, options));

    [Fact]
    public void Import_BillionLaughs_RefusedAsDtd()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol3;</bpmn:definitions>
            """;

        var ex = Refused(xml);

        Assert.Equal(BpmnImportErrorCodes.DtdRefused, ex.Code);
        Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ExternalEntity_RefusedAsDtdWithoutReadingTheFile()
    {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment before the doctype -->
            <!DOCTYPE bpmn:definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
              <bpmn:process id="P" name="&xxe;"/>
            </bpmn:definitions>
            """;

        var ex = Refused(xml);

        Assert.Equal(BpmnImportErrorCodes.DtdRefused, ex.Code);
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_DoctypeInUtf16Stream_RefusedAsDtd()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x SYSTEM \"http://example.com/x.dtd\"><x/>";
        using var stream = new MemoryStream(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray());

        var ex = Assert.Throws<BpmnImportException>(() => BpmnImporter.Import(stream));

        Assert.Equal(BpmnImportErrorCodes.DtdRefused, ex.Code);
    }

    [Fact]
    public void Import_UndeclaredEntityWithoutDoctype_Malformed()
    {
        var ex = Refused(Minimal.Replace("id=\"S\"", "id=\"S\" name=\"&xxe;\"", StringComparison.Ordinal));

        Assert.Equal(BpmnImportErrorCodes.Malformed, ex.Code);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Import_ManyPredefinedAndCharacterEntities_Accepted()
    {
        var text = string.Concat(Enumerable.Repeat("&amp;&lt;&#x4E2D;&quot;", 5000));
        var document = BpmnImporter.Import(Minimal.Replace("id=\"S\"", $"id=\"S\" name=\"{text}\"", StringComparison.Ordinal));

        Assert.Equal(20_000, document.Processes[0].FindNode("S")!.Name!.Length);
    }

    [Fact]
    public void Import_StringOverLimit_TooLarge()
    {
        var ex = Refused(Minimal, new BpmnImportOptions { MaxBytes = 100 });

        Assert.Equal(BpmnImportErrorCodes.TooLarge, ex.Code);
    }

    [Fact]
    public void Import_MultiByteTextOverLimit_CountsUtf8Bytes()
    {
        // 40 Chinese characters are 40 chars but 120 UTF-8 bytes.
        var xml = Minimal.Replace("id=\"S\"", $"id=\"S\" name=\"{new string('办', 40)}\"", StringComparison.Ordinal);
        var limit = Encoding.UTF8.GetByteCount(xml) - 1;

        Assert.Equal(BpmnImportErrorCodes.TooLarge, Refused(xml, new BpmnImportOptions { MaxBytes = limit }).Code);
        Assert.Single(BpmnImporter.Import(xml, new BpmnImportOptions { MaxBytes = limit + 1 }).Processes);
    }

    [Fact]
    public void Import_UnseekableStreamOverLimit_StopsReadingAtTheLimit()
    {
        using var stream = new EndlessStream();

        var ex = Assert.Throws<BpmnImportException>(() =>
            BpmnImporter.Import(stream, new BpmnImportOptions { MaxBytes = 1_000_000 }));

        Assert.Equal(BpmnImportErrorCodes.TooLarge, ex.Code);
        Assert.True(stream.BytesRead <= 1_000_000 + 81_920, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public void Import_NestingOverLimit_TooDeep()
    {
        var depth = 30;
        var xml = $"""<bpmn:definitions xmlns:bpmn="{BpmnNamespaces.Bpmn}">{string.Concat(Enumerable.Repeat("<a>", depth))}{string.Concat(Enumerable.Repeat("</a>", depth))}</bpmn:definitions>""";

        var ex = Refused(xml, new BpmnImportOptions { MaxDepth = 20 });

        Assert.Equal(BpmnImportErrorCodes.TooDeep, ex.Code);
        Assert.Equal(1, ex.Line);
        Assert.NotNull(BpmnImporter.Import(xml, new BpmnImportOptions { MaxDepth = depth + 1 }));
    }

    [Fact]
    public void Import_HugeNestingWithDefaults_TooDeepWithoutStackOverflow()
    {
        var xml = $"""<bpmn:definitions xmlns:bpmn="{BpmnNamespaces.Bpmn}">{string.Concat(Enumerable.Repeat("<a>", 100_000))}""";

        Assert.Equal(BpmnImportErrorCodes.TooDeep, Refused(xml).Code);
    }

    [Fact]
    public void Import_ElementsOverLimit_TooManyElements()
    {
        var xml = $"""<bpmn:definitions xmlns:bpmn="{BpmnNamespaces.Bpmn}">{string.Concat(Enumerable.Repeat("<x/>", 50))}</bpmn:definitions>""";

        var ex = Refused(xml, new BpmnImportOptions { MaxElements = 40 });

        Assert.Equal(BpmnImportErrorCodes.TooManyElements, ex.Code);
        Assert.NotNull(BpmnImporter.Import(xml, new BpmnImportOptions { MaxElements = 51 }));
    }

    [Fact]
    public void Import_UnclosedElement_MalformedWithLineAndColumn()
    {
        var xml = "<?xml version=\"1.0\"?>\n<bpmn:definitions xmlns:bpmn=\"" + BpmnNamespaces.Bpmn + "\">\n  <bpmn:process id=\"P\">\n</bpmn:definitions>";

        var ex = Refused(xml);

        Assert.Equal(BpmnImportErrorCodes.Malformed, ex.Code);
        Assert.Equal(4, ex.Line);
        Assert.NotNull(ex.Column);
        Assert.StartsWith("BPMN 文件不是合法的 XML（第 4 行第", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not xml at all")]
    [InlineData("<a><b></a>")]
    [InlineData("<a/><b/>")]
    [InlineData("<a xmlns:p=\"\"/>")]
    [InlineData("\0")]
    public void Import_NotWellFormed_Malformed(string xml)
    {
        Assert.Equal(BpmnImportErrorCodes.Malformed, Refused(xml).Code);
    }

    [Theory]
    [InlineData("", "文件为空")]
    [InlineData("not xml at all", "请检查该处")]
    [InlineData("<a><b></a>", "结束标签与对应的开始标签不一致")]
    [InlineData("<a/><b/>", "请检查该处")]
    [InlineData("<a><b>", "意外结束")]
    [InlineData("<a x=\"&xxe;\"/>", "实体引用无效")]
    [InlineData("<a x=1/>", "属性值是否加了引号")]
    public void Import_NotWellFormed_ExplainsInChineseWithoutParserText(string xml, string hint)
    {
        var ex = Refused(xml);

        Assert.Equal(BpmnImportErrorCodes.Malformed, ex.Code);
        Assert.StartsWith("BPMN 文件不是合法的 XML", ex.Message, StringComparison.Ordinal);
        Assert.Contains(hint, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ex.InnerException!.Message, ex.Message, StringComparison.Ordinal);
        var english = System.Text.RegularExpressions.Regex.Matches(ex.Message, "[A-Za-z]{2,}").Select(m => m.Value)
            .Except(["BPMN", "XML", "UTF", "amp", "lt", "gt", "quot", "apos"]);
        Assert.Empty(english);
        if (xml.Length > 0)
        {
            Assert.Matches("（第 1 行第 [0-9]+ 列）", ex.Message);
        }
    }

    [Fact]
    public void Import_BytesInUnknownEncoding_Malformed()
    {
        using var stream = new MemoryStream("<?xml version=\"1.0\" encoding=\"x-unknown\"?><a/>"u8.ToArray());

        var ex = Assert.Throws<BpmnImportException>(() => BpmnImporter.Import(stream));

        Assert.Equal(BpmnImportErrorCodes.Malformed, ex.Code);
        Assert.DoesNotContain(ex.InnerException!.Message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<definitions/>")]
    [InlineData("<bpmn:definitions xmlns:bpmn=\"http://schema.omg.org/spec/BPMN/2.0\"/>")]
    [InlineData("<bpmn:process xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"/>")]
    [InlineData("<html><body>上传错了</body></html>")]
    public void Import_OtherRoot_NotDefinitions(string xml)
    {
        var ex = Refused(xml);

        Assert.Equal(BpmnImportErrorCodes.NotDefinitions, ex.Code);
        Assert.Contains("BPMN 2.0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_EveryTruncationOfARealFile_OnlyImportExceptionsEscape()
    {
        var text = File.ReadAllText(Fixtures.PathOf("zeebe-extensions.bpmn"));
        for (var length = 0; length < text.Length; length += 7)
        {
            var exception = Record.Exception(() => BpmnImporter.Import(text[..length]));
            Assert.True(exception is null or BpmnImportException, $"length {length}: {exception}");
        }
    }

    [Fact]
    public void Import_RandomlyMutatedFiles_OnlyImportExceptionsEscape()
    {
        var random = new Random(20240601);
        var sources = new[] { "zeebe-extensions.bpmn", "camunda7-extensions.bpmn", "ot-extensions.bpmn" }
            .Select(name => File.ReadAllBytes(Fixtures.PathOf(name))).ToArray();
        const string Alphabet = "<>/=\"' &;:!?-[]#x0aZ中\n";
        for (var round = 0; round < 600; round++)
        {
            var bytes = (byte[])sources[round % sources.Length].Clone();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                bytes[random.Next(bytes.Length)] = (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            using var stream = new MemoryStream(bytes);
            var exception = Record.Exception(() => BpmnImporter.Import(stream));
            Assert.True(exception is null or BpmnImportException, $"round {round}: {exception}");
        }
    }

    /// <summary>A stream that never ends and cannot seek, like a network upload of unknown length.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
