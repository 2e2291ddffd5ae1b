namespace OneThing.Engine.Bpmn;

/// <summary>Limits applied while a BPMN file is read, so that a hostile or broken upload cannot exhaust memory
/// or CPU. Each limit is enforced while the XML is being read, before the whole tree exists.</summary>
public sealed class BpmnImportOptions
{
    /// <summary>Default <see cref="MaxBytes"/>: 10 MiB, far above any hand-drawn diagram.</summary>
    public const long DefaultMaxBytes = 10L * 1024 * 1024;

    /// <summary>Default <see cref="MaxDepth"/>: deep enough for sub-processes nested many times over.</summary>
    public const int DefaultMaxDepth = 100;

    /// <summary>Default <see cref="MaxElements"/>.</summary>
    public const int DefaultMaxElements = 100_000;

    /// <summary>The shared default options.</summary>
    public static BpmnImportOptions Default { get; } = new();

    /// <summary>Largest accepted input, in bytes (UTF-8 bytes for string input).</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Deepest accepted element nesting; the root element is at depth 1.</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>Most elements accepted in one file.</summary>
    public int MaxElements { get; init; } = DefaultMaxElements;
}
