namespace OneThing.Engine.Tests.Bpmn;

/// <summary>A fact that needs the shared conformance corpus: skipped, with <see cref="ConformanceFiles.MissingReason"/>,
/// when the folder is absent (a fresh clone), and run as any fact when it is there (CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the corpus is missing.</summary>
    public ConformanceFactAttribute() => Skip = ConformanceFiles.MissingReason;
}

/// <summary>A theory that needs the shared conformance corpus; skipped like <see cref="ConformanceFactAttribute"/>.
/// xunit reads the skip before it enumerates the data, so a missing folder is never listed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the corpus is missing.</summary>
    public ConformanceTheoryAttribute() => Skip = ConformanceFiles.MissingReason;
}
