using OneThing.Engine.Bpmn;
using OneThing.Engine.Model;

namespace OneThing.Engine.Tests.Bpmn;

/// <summary>Access to the fixture diagrams in Bpmn/Fixtures (copied to the output directory), and a wrapper
/// for inline process bodies.</summary>
public static class Fixtures
{
    public const string Namespaces = """
        xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
        xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
        xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
        xmlns:ot="urn:onething:bpmn:1"
        """;

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Bpmn", "Fixtures", name);

    public static BpmnDocument Import(string name) => BpmnImporter.ImportFile(PathOf(name));

    /// <summary>A definitions element around <paramref name="body"/> in process "P".</summary>
    public static string Wrap(string body, string declarations = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions {Namespaces} id="Defs" targetNamespace="urn:test">
          {declarations}
          <bpmn:process id="P" isExecutable="true">
            {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Imports an inline process body and returns process "P" and the document's problems.</summary>
    public static (ProcessModel Process, IReadOnlyList<BpmnProblem> Problems) ImportBody(string body,
        string declarations = "")
    {
        var document = BpmnImporter.Import(Wrap(body, declarations));
        return (Assert.Single(document.Processes), document.ImportProblems);
    }
}
