using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace OneThing.Engine.Feel;

/// <summary>Compiles and evaluates FEEL-lite expressions (the subset described in <c>docs/feel.md</c>) for
/// sequence-flow conditions, input/output mappings, multi-instance collections and conditions, and due dates.
/// Thread-safe. Compiled expressions are cached by their exact text, up to
/// <see cref="FeelOptions.MaxCacheSize"/> entries.</summary>
/// <remarks>
/// <para>Accepted text: plain FEEL (<c>amount &gt; 100</c>); Zeebe's form with a leading <c>=</c>
/// (<c>=amount &gt; 100</c>); Camunda 7's JUEL wrapper <c>${…}</c> or <c>#{…}</c>, whose content must be FEEL
/// but may also use <c>==</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c> and single-quoted strings.</para>
/// <para>Variable values may be any of: null, bool, any CLR number (read as decimal), string, char, Guid,
/// <see cref="IEnumerable{T}"/> (read as a list), <see cref="IReadOnlyDictionary{TKey,TValue}"/> or
/// <see cref="IDictionary{TKey,TValue}"/> with string keys (read as a context), <see cref="DateOnly"/>,
/// <see cref="DateTimeOffset"/>, <see cref="DateTime"/> (unspecified kind read as UTC),
/// <see cref="TimeSpan"/>, <see cref="FeelYearsMonths"/>, and <see cref="System.Text.Json.JsonElement"/> or
/// <see cref="System.Text.Json.Nodes.JsonNode"/> (read as the matching FEEL value).</para>
/// </remarks>
public sealed class FeelEngine
{
    private readonly ConcurrentDictionary<string, FeelExpression> _cache = new(StringComparer.Ordinal);
    private int _cacheCount;

    /// <summary>Creates an engine.</summary>
    /// <param name="clock">The source of <c>today()</c> and <c>now()</c>; <c>today()</c> is the date in
    /// <see cref="TimeProvider.LocalTimeZone"/>.</param>
    /// <param name="options">Limits; <see cref="FeelOptions.Default"/> when null.</param>
    public FeelEngine(TimeProvider clock, FeelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Clock = clock;
        Options = options ?? FeelOptions.Default;
    }

    /// <summary>The clock given at construction.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The limits in force.</summary>
    public FeelOptions Options { get; }

    /// <summary>How many compiled expressions are cached now (approximate under concurrency).</summary>
    internal int CacheCount => Volatile.Read(ref _cacheCount);

    /// <summary>Compiles <paramref name="expression"/>, or returns the cached compilation of the same text
    /// (the same instance).</summary>
    /// <exception cref="FeelException">The text is not valid (<see cref="FeelErrorCodes.Syntax"/>,
    /// <see cref="FeelErrorCodes.UnknownFunction"/>, <see cref="FeelErrorCodes.TooLong"/>,
    /// <see cref="FeelErrorCodes.TooDeep"/>). Failures are not cached.</exception>
    public FeelExpression Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (_cache.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        var compiled = new FeelExpression(expression, ParseSafely(expression, Options), Clock, Options.MaxSteps);
        if (Options.MaxCacheSize == 0)
        {
            return compiled;
        }

        if (_cache.TryAdd(expression, compiled))
        {
            // Emptying the whole cache when full is crude but bounded and lock-free; an engine's expressions
            // come from its deployed models, so in practice the cache fills once and stays.
            if (Interlocked.Increment(ref _cacheCount) > Options.MaxCacheSize)
            {
                _cache.Clear();
                Volatile.Write(ref _cacheCount, 0);
                _cache.TryAdd(expression, compiled);
                Interlocked.Increment(ref _cacheCount);
            }

            return compiled;
        }

        return _cache.TryGetValue(expression, out cached) ? cached : compiled;
    }

    /// <summary>Like <see cref="Compile"/>, but reports a syntax error instead of throwing it.</summary>
    public bool TryCompile(string expression, [NotNullWhen(true)] out FeelExpression? compiled,
        [NotNullWhen(false)] out FeelException? error)
    {
        try
        {
            compiled = Compile(expression);
            error = null;
            return true;
        }
        catch (FeelException e)
        {
            compiled = null;
            error = e;
            return false;
        }
    }

    /// <summary>Compiles (cached) and evaluates <paramref name="expression"/>; see
    /// <see cref="FeelExpression.Evaluate"/> for the result types.</summary>
    /// <exception cref="FeelException">The text is invalid, or the evaluation failed.</exception>
    public object? Evaluate(string expression, IFeelScope scope) => Compile(expression).Evaluate(scope);

    /// <summary>Compiles (cached) and evaluates <paramref name="expression"/> as a condition: true only when the
    /// result is the boolean true; null, false and non-boolean results are false.</summary>
    /// <exception cref="FeelException">The text is invalid, or the evaluation failed.</exception>
    public bool EvaluateCondition(string expression, IFeelScope scope) => Evaluate(expression, scope) is true;

    private static FeelNode ParseSafely(string expression, FeelOptions options)
    {
        try
        {
            return FeelParser.Parse(expression, options);
        }
        catch (FeelException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FeelException(FeelErrorCodes.Syntax, expression, 0, $"cannot compile: {e.Message}", e);
        }
    }
}
