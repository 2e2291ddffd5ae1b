using OneThing.Engine.Bpmn;
using OneThing.Engine.Feel;
using OneThing.Engine.Model;
using OneThing.Engine.Tests.TestSupport;
using OneThing.Engine.Validation;

namespace OneThing.Engine.Tests.Validation;

/// <summary>Loads the fixture diagrams next to these tests and validates them.</summary>
internal static class ValidationFixture
{
    public static BpmnDocument Load(string name) =>
        BpmnImporter.ImportFile(Path.Combine(AppContext.BaseDirectory, "Validation", "Fixtures", name));

    public static IReadOnlyList<BpmnProblem> Validate(string name, IReadOnlySet<string>? knownProcessIds = null) =>
        Validator().Validate(Load(name), knownProcessIds);

    public static IReadOnlyList<BpmnProblem> ValidateXml(string xml) => Validator().Validate(BpmnImporter.Import(xml));

    public static BpmnValidator Validator() => new(new FeelEngine(new FakeClock()));

    /// <summary>The element id and code of each problem, in order: what the rule tests assert.</summary>
    public static (string ElementId, string Code)[] Ids(IEnumerable<BpmnProblem> problems) =>
        [.. problems.Select(p => (p.ElementId, p.Code))];

    /// <summary>Wraps process content into a minimal executable BPMN file.</summary>
    public static string Wrap(string processBody, string declarations = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:test">
          {declarations}
          <bpmn:process id="P" isExecutable="true">
            {processBody}
          </bpmn:process>
        </bpmn:definitions>
        """;
}
