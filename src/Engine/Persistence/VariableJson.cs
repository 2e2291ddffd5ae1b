using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OneThing.Engine.Feel;

namespace OneThing.Engine.Persistence;

/// <summary>Stores variable values as JSON without losing their FEEL type: numbers come back as decimal, and
/// dates, date-times and durations are tagged objects (<c>{"$date":"2026-11-22"}</c>). Keys of user objects that
/// start with <c>$</c> are escaped by doubling it, so a tag can never be forged by data.</summary>
public static class VariableJson
{
    private const string DateTag = "$date";
    private const string DateTimeTag = "$dateTime";
    private const string DurationTag = "$duration";
    private const string YearsMonthsTag = "$yearsMonths";

    /// <summary>Serialises a scope's variables; null for none.</summary>
    public static string? Serialize(IReadOnlyDictionary<string, object?>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in variables)
            {
                writer.WritePropertyName(name);
                Write(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote.</summary>
    public static Dictionary<string, object?>? Deserialize(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result[property.Name] = Read(property.Value);
        }

        return result;
    }

    /// <summary>Converts one JSON value (for example from an API request) into a variable value.</summary>
    public static object? Read(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.GetDecimal(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Array => element.EnumerateArray().Select(Read).ToList(),
        _ => ReadObject(element),
    };

    private static object? ReadObject(JsonElement element)
    {
        var properties = element.EnumerateObject().ToList();
        if (properties.Count == 1 && properties[0].Name is [ '$', not '$', ..] tag)
        {
            var text = properties[0].Value.ToString();
            return tag switch
            {
                DateTag => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeTag => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture),
                DurationTag => TimeSpan.ParseExact(text, "c", CultureInfo.InvariantCulture),
                YearsMonthsTag => new FeelYearsMonths(properties[0].Value.GetInt32()),
                _ => throw new JsonException($"unknown variable tag {tag}"),
            };
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            map[property.Name.StartsWith("$$", StringComparison.Ordinal) ? property.Name[1..] : property.Name] =
                Read(property.Value);
        }

        return map;
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            case int or long or short or byte or uint or ulong or double or float:
                writer.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                WriteTagged(writer, DateTag, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset at:
                WriteTagged(writer, DateTimeTag, at.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTime at:
                WriteTagged(writer, DateTimeTag, new DateTimeOffset(at).ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                WriteTagged(writer, DurationTag, span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case FeelYearsMonths ym:
                writer.WriteStartObject();
                writer.WriteNumber(YearsMonthsTag, ym.TotalMonths);
                writer.WriteEndObject();
                break;
            case JsonElement element:
                Write(writer, Read(element));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key.StartsWith('$') ? "$" + key : key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"变量值类型 {value.GetType().Name} 不能保存", nameof(value));
        }
    }

    private static void WriteTagged(Utf8JsonWriter writer, string tag, string text)
    {
        writer.WriteStartObject();
        writer.WriteString(tag, text);
        writer.WriteEndObject();
    }
}
