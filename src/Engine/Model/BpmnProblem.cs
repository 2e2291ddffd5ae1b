namespace OneThing.Engine.Model;

/// <summary>How serious a problem is: errors stop a deployment, warnings do not.</summary>
public enum ProblemSeverity
{
    Warning,
    Error,
}

/// <summary>A problem found in a diagram, attributed to one element.</summary>
/// <param name="ElementId">The element's id (the document's root id, or <c>definitions</c>, for file-level
/// problems).</param>
/// <param name="ElementType">The BPMN element type (XML local name).</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable English code such as <c>NO_START_EVENT</c>.</param>
/// <param name="Message">The message for people, in Chinese.</param>
public sealed record BpmnProblem(string ElementId, string ElementType, ProblemSeverity Severity, string Code,
    string Message);
