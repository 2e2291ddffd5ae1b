namespace OneThing.Engine.Tests.Conformance;

/// <summary>What running a diagram shows.</summary>
public enum DiagramOutcome
{
    /// <summary>The diagram is within the executable subset and runs to the end.</summary>
    RunsToEnd,

    /// <summary>The diagram is within the subset, but by BPMN semantics its parallel join waits for a token that
    /// can never come; bpmn-elements completes it only through its own discard propagation, which BPMN 2.0 does
    /// not define. The test shows where the tokens stop.</summary>
    Deadlocks,

    /// <summary>The file declares no executable process, so deploying it deploys nothing.</summary>
    NotExecutable,
}

/// <summary>Marks a conformance test as the one that classifies <see cref="File"/> (a file name in the
/// bpmn-elements folder) by running it. The test over all files reads these marks, so a diagram only counts as
/// executed when a test executes it.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class DiagramAttribute(string file, DiagramOutcome outcome = DiagramOutcome.RunsToEnd) : Attribute
{
    public string File { get; } = file;

    public DiagramOutcome Outcome { get; } = outcome;
}
