namespace OneThing.Engine.Feel;

/// <summary>Limits that keep FEEL evaluation safe on untrusted expressions.</summary>
public sealed class FeelOptions
{
    /// <summary>Default for <see cref="MaxLength"/>.</summary>
    public const int DefaultMaxLength = 4000;

    /// <summary>Default for <see cref="MaxSteps"/>.</summary>
    public const int DefaultMaxSteps = 100_000;

    /// <summary>Default for <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Default for <see cref="MaxCacheSize"/>.</summary>
    public const int DefaultMaxCacheSize = 10_000;

    /// <summary>The shared default options.</summary>
    public static FeelOptions Default { get; } = new();

    /// <summary>The longest expression text accepted, in UTF-16 characters; longer text fails to compile with
    /// <see cref="FeelErrorCodes.TooLong"/>.</summary>
    public int MaxLength { get; init => field = Positive(value); } = DefaultMaxLength;

    /// <summary>How many evaluation steps (one per operator, name, literal, function call and list element
    /// visited) one evaluation may take before it stops with <see cref="FeelErrorCodes.Steps"/>.</summary>
    public int MaxSteps { get; init => field = Positive(value); } = DefaultMaxSteps;

    /// <summary>The deepest nesting of the syntax tree (parentheses, operators, calls, lists) accepted; deeper
    /// expressions fail to compile with <see cref="FeelErrorCodes.TooDeep"/>.</summary>
    public int MaxDepth { get; init => field = Positive(value); } = DefaultMaxDepth;

    /// <summary>How many compiled expressions a <see cref="FeelEngine"/> keeps; when the cache is full it is
    /// emptied and refilled. Zero disables caching.</summary>
    public int MaxCacheSize { get; init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)); } =
        DefaultMaxCacheSize;

    private static int Positive(int value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be positive.");
}
