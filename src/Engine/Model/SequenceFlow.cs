namespace OneThing.Engine.Model;

/// <summary>A sequence flow between two nodes of one scope.</summary>
public sealed class SequenceFlow
{
    /// <summary>Creates a flow; the importer links it into both nodes.</summary>
    public SequenceFlow(string id, FlowNode source, FlowNode target, string? condition)
    {
        Id = id;
        Source = source;
        Target = target;
        Condition = condition;
    }

    /// <summary>The BPMN <c>id</c>.</summary>
    public string Id { get; }

    /// <summary>The BPMN <c>name</c>, if any.</summary>
    public string? Name { get; init; }

    /// <summary>Where the flow starts.</summary>
    public FlowNode Source { get; }

    /// <summary>Where the flow ends.</summary>
    public FlowNode Target { get; }

    /// <summary>The condition expression text (FEEL), if any.</summary>
    public string? Condition { get; }

    /// <summary>The <c>language</c> attribute of the condition expression, if set (for example <c>javascript</c>);
    /// kept so the validator can refuse conditions that are not FEEL.</summary>
    public string? ConditionLanguage { get; init; }

    /// <summary>True when this flow is its source's default flow.</summary>
    public bool IsDefault => ReferenceEquals(Source.DefaultFlow, this);

    /// <inheritdoc />
    public override string ToString() => $"sequenceFlow \"{Id}\"";
}
