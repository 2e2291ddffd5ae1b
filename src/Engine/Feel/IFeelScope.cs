namespace OneThing.Engine.Feel;

/// <summary>Where a FEEL expression looks up the variables it names.</summary>
public interface IFeelScope
{
    /// <summary>Looks a variable up by its exact (case-sensitive) name.</summary>
    /// <param name="name">The variable name as written in the expression.</param>
    /// <param name="value">The value, in any of the CLR types FEEL accepts (see <see cref="FeelEngine"/>).</param>
    /// <returns>False when no variable of that name exists; the expression then sees <c>null</c>.</returns>
    bool TryGetVariable(string name, out object? value);
}

/// <summary>A scope over a plain dictionary of variables.</summary>
public sealed class DictionaryFeelScope : IFeelScope
{
    private readonly IReadOnlyDictionary<string, object?> _variables;

    /// <summary>Creates a scope that reads <paramref name="variables"/> (not copied, so later changes show).</summary>
    public DictionaryFeelScope(IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = variables;
    }

    /// <summary>A scope without variables.</summary>
    public static DictionaryFeelScope Empty { get; } =
        new(new Dictionary<string, object?>(StringComparer.Ordinal));

    /// <inheritdoc />
    public bool TryGetVariable(string name, out object? value) => _variables.TryGetValue(name, out value);
}
