using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneThing.Engine.Feel;

/// <summary>Maps the CLR values variables may hold onto the FEEL value types: null, bool, decimal, string,
/// <see cref="IReadOnlyList{T}"/> of object, <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string to object,
/// <see cref="DateOnly"/>, <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>, <see cref="FeelYearsMonths"/>
/// and <see cref="FeelRange"/>. Anything else passes through as an opaque value that only equals itself.</summary>
internal static partial class FeelValue
{
    /// <summary>Upper bound on elements copied from a foreign sequence, so a lazy endless one cannot hang us.</summary>
    public const int MaxCopiedElements = 1_000_000;

    public static readonly object True = true;
    public static readonly object False = false;

    public static object Box(bool value) => value ? True : False;

    public static object? Box(bool? value) => value is { } b ? Box(b) : null;

    public static object? Normalize(object? value) => value switch
    {
        null or decimal or string or bool => value,
        int i => (decimal)i,
        long l => (decimal)l,
        double d => FromDouble(d),
        float f => FromDouble(f),
        short s => (decimal)s,
        byte b => (decimal)b,
        sbyte sb => (decimal)sb,
        ushort us => (decimal)us,
        uint ui => (decimal)ui,
        ulong ul => (decimal)ul,
        DateOnly or DateTimeOffset or TimeSpan or FeelYearsMonths or FeelRange => value,
        DateTime dt => FromDateTime(dt),
        char c => c.ToString(),
        Guid g => g.ToString(),
        JsonElement e => FromJson(e, 0),
        JsonNode n => FromJsonNode(n, 0),
        IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> => value,
        IDictionary<string, object?> generic => new Dictionary<string, object?>(generic, StringComparer.Ordinal),
        IDictionary map => CopyMap(map),
        IEnumerable sequence => CopyList(sequence),
        _ => value,
    };

    public static object? FromDouble(double d)
    {
        if (!double.IsFinite(d) || Math.Abs(d) >= 7.9e28)
        {
            return null;
        }

        return (decimal)d;
    }

    /// <summary>An element of a list, normalized (lists from variables may hold ints, JSON elements, …).</summary>
    public static object? Element(IReadOnlyList<object?> list, int index) => Normalize(list[index]);

    // Without an offset the instant is ambiguous; UTC keeps it independent of the server's time zone. Local
    // values were produced on this machine, so the machine's offset is what they mean.
    private static DateTimeOffset FromDateTime(DateTime dt) => dt.Kind == DateTimeKind.Local
        ? new DateTimeOffset(dt)
        : new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc), TimeSpan.Zero);

    private static List<object?>? CopyList(IEnumerable sequence)
    {
        var list = new List<object?>();
        foreach (var item in sequence)
        {
            if (list.Count >= MaxCopiedElements)
            {
                return null;
            }

            list.Add(item);
        }

        return list;
    }

    private static Dictionary<string, object?> CopyMap(IDictionary map)
    {
        var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            copy[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = entry.Value;
        }

        return copy;
    }

    private const int MaxJsonDepth = 256;

    private static object? FromJson(JsonElement e, int depth)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return e.GetString();
            case JsonValueKind.Number:
                return e.TryGetDecimal(out var d) ? d : e.TryGetDouble(out var dbl) ? FromDouble(dbl) : null;
            case JsonValueKind.True:
                return True;
            case JsonValueKind.False:
                return False;
            case JsonValueKind.Array when depth < MaxJsonDepth:
                var list = new List<object?>(e.GetArrayLength());
                foreach (var item in e.EnumerateArray())
                {
                    list.Add(FromJson(item, depth + 1));
                }

                return list;
            case JsonValueKind.Object when depth < MaxJsonDepth:
                var context = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in e.EnumerateObject())
                {
                    context[property.Name] = FromJson(property.Value, depth + 1);
                }

                return context;
            default:
                return null;
        }
    }

    private static object? FromJsonNode(JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array when depth < MaxJsonDepth:
                var list = new List<object?>(array.Count);
                foreach (var item in array)
                {
                    list.Add(FromJsonNode(item, depth + 1));
                }

                return list;
            case JsonObject obj when depth < MaxJsonDepth:
                var context = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, item) in obj)
                {
                    context[key] = FromJsonNode(item, depth + 1);
                }

                return context;
            case JsonValue value:
                return value.TryGetValue<JsonElement>(out var element) ? FromJson(element, depth)
                    : value.TryGetValue<object>(out var raw) && raw is not JsonNode ? Normalize(raw)
                    : null;
            default:
                return null;
        }
    }
}
