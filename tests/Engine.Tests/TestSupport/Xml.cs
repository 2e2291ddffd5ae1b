namespace OneThing.Engine.Tests.TestSupport;

/// <summary>Short-hands for writing small BPMN fixtures inline, next to the test that reads them.</summary>
public static class Xml
{
    private static int _next;

    /// <summary>A sequence flow, optionally with a FEEL condition.</summary>
    public static string Flow(string from, string to, string? condition = null, string? id = null)
    {
        id ??= $"Flow_{from}_{to}_{Interlocked.Increment(ref _next)}";
        return condition is null
            ? $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"/>"""
            : $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"><bpmn:conditionExpression>{System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>""";
    }

    /// <summary>A chain of flows through the given ids.</summary>
    public static string Chain(params string[] ids) =>
        string.Concat(ids.Zip(ids.Skip(1), (a, b) => Flow(a, b)));

    /// <summary>A user task with a candidate department.</summary>
    public static string UserTask(string id, string group = "市场监管局", string extra = "", string inner = "") =>
        $"""<bpmn:userTask id="{id}" camunda:candidateGroups="{group}" {extra}>{inner}</bpmn:userTask>""";
}
