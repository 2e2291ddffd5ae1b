using System.Text;
using System.Xml.Linq;
using OneThing.Engine.Bpmn;

namespace OneThing.Engine.Tests.Bpmn;

/// <summary>Export writes the retained XML back faithfully, so nothing an analyst drew is lost.</summary>
public sealed class ExportTests
{
    [Fact]
    public void Export_HandMadeFileWithForeignExtensionAndDi_CanonicallyEqualToInput()
    {
        var path = Fixtures.PathOf("foreign-and-di.bpmn");

        var exported = BpmnExporter.Export(BpmnImporter.ImportFile(path));

        Assert.Null(XmlCanonical.FirstDifference(XDocument.Load(path), XDocument.Parse(exported)));
        Assert.Contains("<acme:property name=\"owner\" value=\"窗口 &amp; 后台\" />", exported, StringComparison.Ordinal);
        Assert.Contains("<![CDATA[受理要点 <一次告知>]]>", exported, StringComparison.Ordinal);
        Assert.Contains("<!-- 手工编写", exported, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_HandMadeFile_KeepsDeclarationAndWhitespaceLayout()
    {
        var text = File.ReadAllText(Fixtures.PathOf("foreign-and-di.bpmn"));

        var exported = BpmnExporter.Export(BpmnImporter.Import(text));

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--", exported, StringComparison.Ordinal);
        // Indentation inside the root survives, so a diff against the original shows only real changes.
        Assert.Contains("\n    <bpmn:startEvent id=\"Start\" name=\"申请\" />\n", exported, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_LineBreakInAttribute_SurvivesReimport()
    {
        var document = Fixtures.Import("foreign-and-di.bpmn");

        var reimported = BpmnImporter.Import(BpmnExporter.Export(document));

        Assert.Equal("受理\n（窗口）", reimported.Processes[0].FindNode("Accept")!.Name);
    }

    [Fact]
    public void Export_GbkInput_WrittenAsUtf8WithMatchingDeclaration()
    {
        var xml = Fixtures.Wrap("""<bpmn:task id="T" name="营业执照核发"/>""")
            .Replace("encoding=\"UTF-8\"", "encoding=\"GB18030\"", StringComparison.Ordinal);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var input = new MemoryStream(Encoding.GetEncoding("GB18030").GetBytes(xml));
        var document = BpmnImporter.Import(input);

        using var output = new MemoryStream();
        BpmnExporter.Export(document, output);
        var bytes = output.ToArray();

        Assert.Equal("营业执照核发", document.Processes[0].FindNode("T")!.Name);
        Assert.NotEqual(0xEF, bytes[0]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", text, StringComparison.Ordinal);
        Assert.Contains("营业执照核发", text, StringComparison.Ordinal);
        Assert.Equal("营业执照核发", BpmnImporter.Import(new MemoryStream(bytes)).Processes[0].FindNode("T")!.Name);
    }

    [Fact]
    public void Export_NoDeclaration_NoneAdded()
    {
        var xml = $"""<bpmn:definitions xmlns:bpmn="{BpmnNamespaces.Bpmn}" id="D"><bpmn:process id="P"/></bpmn:definitions>""";

        Assert.Equal(xml.Replace("\"/>", "\" />", StringComparison.Ordinal),
            BpmnExporter.Export(BpmnImporter.Import(xml)));
    }

    [Fact]
    public void Export_StreamOverload_LeavesStreamOpen()
    {
        using var output = new MemoryStream();

        BpmnExporter.Export(Fixtures.Import("ot-extensions.bpmn"), output);

        Assert.True(output.CanWrite);
        Assert.True(output.Length > 0);
    }
}
