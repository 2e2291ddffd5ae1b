using OneThing.Engine.Bpmn;
using OneThing.Engine.Model;
using OneThing.Engine.Tests.Bpmn;
using OneThing.Engine.Tests.TestSupport;

namespace OneThing.Engine.Tests.Conformance;

/// <summary>bpmn-elements' test diagrams in the shared conformance folder (read where they lie, never copied into
/// the project), deployed on an in-memory engine.</summary>
internal static class BpmnElementsDiagrams
{
    private const string Folder = "bpmn-elements";

    /// <summary>The file names of every diagram, in ordinal order.</summary>
    public static IReadOnlyList<string> All() =>
    [
        .. Directory.EnumerateFiles(Path.Combine(ConformanceFiles.Root, Folder), "*.bpmn")
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal),
    ];

    public static BpmnDocument Import(string file) => BpmnImporter.ImportFile(ConformanceFiles.PathOf($"{Folder}/{file}"));

    /// <summary>A fresh engine with the whole document deployed (every executable process of the file).</summary>
    public static EngineHarness Deploy(string file)
    {
        var harness = new EngineHarness();
        harness.Engine.Deploy(Import(file));
        return harness;
    }

    /// <summary>The variable <c>environment</c> = <c>{ variables: { … } }</c>. bpmn-elements writes conditions and
    /// mappings in its own syntax, <c>${environment.variables.x}</c>; our FEEL strips the <c>${…}</c> wrapper and
    /// reads <c>environment.variables.x</c> as an ordinary FEEL path into a context variable named
    /// <c>environment</c>. Starting an instance with this variable is therefore plain FEEL path semantics, not an
    /// emulation of bpmn-elements' JavaScript environment.</summary>
    public static Dictionary<string, object?> Environment(params (string Name, object? Value)[] variables) =>
        new(StringComparer.Ordinal) { ["environment"] = Context(("variables", EngineHarness.Vars(variables))) };

    /// <summary>A FEEL context value.</summary>
    public static Dictionary<string, object?> Context(params (string Name, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
}
