using System.Xml.Linq;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Model;

namespace OneThing.Engine.Tests.Bpmn;

/// <summary>Every public diagram in the shared conformance folders imports and survives a round-trip.</summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> Files() => ConformanceFiles.All();

    [ConformanceFact]
    public void Files_ConformanceFolders_AreFound()
    {
        Assert.True(Files().Count >= 90, $"only {Files().Count} files under {ConformanceFiles.Root}");
    }

    [ConformanceTheory]
    [MemberData(nameof(Files))]
    public void ImportFile_ConformanceFile_ImportsOrRefusesWithImportException(string file)
    {
        var exception = Record.Exception(() => BpmnImporter.ImportFile(ConformanceFiles.PathOf(file)));

        Assert.True(exception is null or BpmnImportException, $"{file}: {exception}");
    }

    [ConformanceTheory]
    [MemberData(nameof(Files))]
    public void Export_ConformanceFile_RoundTripsCanonically(string file)
    {
        BpmnDocument original;
        try
        {
            original = BpmnImporter.ImportFile(ConformanceFiles.PathOf(file));
        }
        catch (BpmnImportException)
        {
            // Refused files (e.g. a pre-release BPMN namespace) have nothing to round-trip; the test above covers them.
            return;
        }

        var exported = BpmnExporter.Export(original);
        var reimported = BpmnImporter.Import(exported);

        Assert.Null(XmlCanonical.FirstDifference(original.Xml, reimported.Xml));
        Assert.Null(XmlCanonical.FirstDifference(XDocument.Load(ConformanceFiles.PathOf(file)), reimported.Xml));
        Assert.Equal(original.Processes.Select(p => p.AllNodes.Count), reimported.Processes.Select(p => p.AllNodes.Count));
    }
}
