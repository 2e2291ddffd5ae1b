using System.Collections.Frozen;

namespace OneThing.Engine.Feel;

/// <summary>A built-in function body. Arguments arrive evaluated; wrong types give null, never an exception.</summary>
internal delegate object? FeelFunctionBody(ReadOnlySpan<object?> args, ref FeelContext ctx, int position);

/// <summary>A built-in function and how many arguments it takes (checked at compile time).</summary>
internal sealed record FeelFunction(string Name, int MinArgs, int MaxArgs, FeelFunctionBody Body);

/// <summary>The table of built-in functions. Names may contain spaces (<c>string length</c>,
/// <c>date and time</c>); the parser joins the words before looking a name up.</summary>
internal static partial class FeelFunctions
{
    /// <summary>Marks functions that take any number of arguments.</summary>
    private const int Many = int.MaxValue;

    /// <summary>Handled by the parser (it needs the argument's syntax, not its value).</summary>
    public const string IsDefined = "is defined";

    private static readonly FrozenDictionary<string, FeelFunction> Table = Build();

    /// <summary>Every name with more than one word, split into words, longest first, so the parser can try the
    /// longest match (<c>date and time</c> before <c>date</c>).</summary>
    public static IReadOnlyList<string[]> MultiWordNames { get; } = Table.Keys.Append(IsDefined)
        .Where(name => name.Contains(' ', StringComparison.Ordinal))
        .Select(name => name.Split(' '))
        .OrderByDescending(words => words.Length)
        .ToArray();

    public static bool TryGet(string name, out FeelFunction function) =>
        Table.TryGetValue(name, out function!);

    private static FrozenDictionary<string, FeelFunction> Build()
    {
        var functions = new List<FeelFunction>();
        AddStringFunctions(functions);
        AddListFunctions(functions);
        AddNumberFunctions(functions);
        AddTemporalFunctions(functions);
        functions.Add(new FeelFunction("not", 1, 1, Not));
        return functions.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }

    private static object? Not(ReadOnlySpan<object?> args, ref FeelContext ctx, int position) =>
        args[0] is bool b ? FeelValue.Box(!b) : null;

    /// <summary>Reads an integer argument (FEEL numbers are decimals); false for fractions and huge values.</summary>
    private static bool TryInt(object? value, out int result)
    {
        result = 0;
        if (value is not decimal d || d != decimal.Truncate(d) || d is > int.MaxValue or < int.MinValue)
        {
            return false;
        }

        result = (int)d;
        return true;
    }

    /// <summary>The items a list function works on: <c>f(list)</c> uses the list, <c>f(a, b, c)</c> the
    /// arguments. Elements are normalized as they are copied.</summary>
    private static List<object?>? Items(ReadOnlySpan<object?> args, ref FeelContext ctx, int position)
    {
        if (args.Length == 1 && args[0] is IReadOnlyList<object?> list)
        {
            ctx.Steps(list.Count, position);
            var copy = new List<object?>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                copy.Add(FeelValue.Element(list, i));
            }

            return copy;
        }

        if (args.Length == 1 && args[0] is null)
        {
            return null;
        }

        return [.. args];
    }
}
