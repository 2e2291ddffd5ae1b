using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OneThing.Cases.Forms;

/// <summary>A form-js schema reduced to what the server checks: the input fields, their types and their
/// validation rules. Layout and display components are ignored; groups are flattened.</summary>
public sealed class FormSchema
{
    /// <summary>Largest schema accepted.</summary>
    public const int MaxJsonLength = 512 * 1024;

    /// <summary>Longest text value accepted when a field sets no <c>maxLength</c>.</summary>
    public const int DefaultMaxTextLength = 2000;

    /// <summary>The <c>validate.validationType</c> that checks a text field as a 统一社会信用代码 with
    /// <see cref="Casework.UnifiedSocialCreditCode"/>, the same check an enterprise applicant's code gets.</summary>
    public const string CreditCodeValidation = "unifiedSocialCreditCode";

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private static readonly HashSet<string> TextTypes = ["textfield", "textarea"];
    private static readonly HashSet<string> ChoiceTypes = ["select", "radio"];
    private static readonly HashSet<string> MultiChoiceTypes = ["checklist", "taglist"];
    private static readonly HashSet<string> ContainerTypes = ["group", "dynamiclist", "iframe"];

    private FormSchema(IReadOnlyList<FormField> fields) => Fields = fields;

    /// <summary>The input fields, in schema order.</summary>
    public IReadOnlyList<FormField> Fields { get; }

    /// <summary>Reads a form-js schema.</summary>
    /// <exception cref="FormSchemaException">Not JSON, not a form-js schema, or a field is malformed.</exception>
    public static FormSchema Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxJsonLength)
        {
            throw new FormSchemaException($"表单定义不能超过 {MaxJsonLength / 1024} KB");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            // The parser's own text is English; the position is what helps the author.
            throw new FormSchemaException($"表单定义不是有效的 JSON{Where(json, ex.LineNumber, ex.BytePositionInLine)}："
                + "请检查该处的引号、逗号、括号是否成对，以及是否有多余的逗号或注释");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("components", out var components)
                || components.ValueKind != JsonValueKind.Array)
            {
                throw new FormSchemaException("表单定义应为 form-js 格式：顶层对象须有 components 数组");
            }

            var fields = new List<FormField>();
            Collect(components, fields);
            var duplicate = fields.GroupBy(f => f.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new FormSchemaException($"字段 \"{duplicate.Key}\" 重复出现");
            }

            return new FormSchema(fields);
        }
    }

    /// <summary>"（第 2 行第 5 列）" from the parser's zero-based line and UTF-8 byte offset in it, counted in characters.
    /// </summary>
    private static string Where(string json, long? line, long? bytePosition)
    {
        if (line is null)
        {
            return "";
        }

        var lines = json.Split('\n');
        var text = line < lines.Length ? lines[(int)line] : "";
        var column = 1;
        var bytes = 0L;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes >= (bytePosition ?? 0))
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            column++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"（第 {line + 1} 行第 {column} 列）");
    }

    /// <summary>Checks submitted values: every key must be a field, every value of the field's type and within its
    /// rules, every required field present. Returns the values converted for the process (numbers as decimal,
    /// text trimmed of nothing) and the errors per field, in Chinese.</summary>
    public FormCheck Check(JsonElement data, bool partial = false)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Fail(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(message);
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            Fail("", "表单数据应为 JSON 对象");
            return new FormCheck(values, Freeze(errors));
        }

        var byKey = Fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var property in data.EnumerateObject())
        {
            if (!byKey.TryGetValue(property.Name, out var field))
            {
                Fail(property.Name, "表单中没有这个字段");
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var error = field.Convert(property.Value, out var value);
            if (error is not null)
            {
                Fail(field.Key, error);
            }
            else if (value is not null)
            {
                values[field.Key] = value;
            }
        }

        foreach (var field in Fields.Where(f => !partial && f.Required && !values.ContainsKey(f.Key) && !errors.ContainsKey(f.Key)))
        {
            Fail(field.Key, $"请填写“{field.Label}”");
        }

        return new FormCheck(values, Freeze(errors));
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    private static void Collect(JsonElement components, List<FormField> fields)
    {
        foreach (var component in components.EnumerateArray())
        {
            if (component.ValueKind != JsonValueKind.Object)
            {
                throw new FormSchemaException("components 的每一项都应为对象");
            }

            var type = Text(component, "type") ?? throw new FormSchemaException("组件缺少 type");
            if (ContainerTypes.Contains(type) && component.TryGetProperty("components", out var inner)
                && inner.ValueKind == JsonValueKind.Array)
            {
                Collect(inner, fields);
                continue;
            }

            var key = Text(component, "key");
            if (key is null || !(TextTypes.Contains(type) || ChoiceTypes.Contains(type) || MultiChoiceTypes.Contains(type)
                || type is "number" or "checkbox" or "datetime"))
            {
                // Display components (text, image, spacer, button…) carry no value.
                continue;
            }

            fields.Add(ReadField(component, type, key));
        }
    }

    private static FormField ReadField(JsonElement component, string type, string key)
    {
        var validate = component.TryGetProperty("validate", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        Regex? pattern = null;
        if (Text(validate, "pattern") is { } patternText)
        {
            try
            {
                pattern = new Regex($"^(?:{patternText})$", RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException)
            {
                throw new FormSchemaException($"字段 \"{key}\" 的 pattern 不是有效的正则表达式");
            }
        }

        var options = component.TryGetProperty("values", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(o => Text(o, "value")).OfType<string>().ToList()
            : null;
        if ((ChoiceTypes.Contains(type) || MultiChoiceTypes.Contains(type)) && options is null)
        {
            throw new FormSchemaException($"字段 \"{key}\" 是选择题，须有 values 选项列表");
        }

        var kind = type switch
        {
            "number" => FormFieldKind.Number,
            "checkbox" => FormFieldKind.Boolean,
            "datetime" => FormFieldKind.Date,
            _ when ChoiceTypes.Contains(type) => FormFieldKind.Choice,
            _ when MultiChoiceTypes.Contains(type) => FormFieldKind.MultiChoice,
            _ => FormFieldKind.Text,
        };
        return new FormField(key, Text(component, "label") ?? key, kind, Bool(validate, "required"),
            Number(validate, "minLength"), Number(validate, "maxLength"), Number(validate, "min"), Number(validate, "max"),
            pattern, options, TextTypes.Contains(type) && Text(validate, "validationType") == CreditCodeValidation);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString() : null;

    private static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.True;

    private static decimal? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p)
            && p.ValueKind == JsonValueKind.Number && p.TryGetDecimal(out var d) ? d : null;
}

/// <summary>The kinds of value a form field holds.</summary>
public enum FormFieldKind
{
    /// <summary>textfield, textarea.</summary>
    Text,
    /// <summary>number.</summary>
    Number,
    /// <summary>checkbox.</summary>
    Boolean,
    /// <summary>datetime (a date, <c>yyyy-MM-dd</c>).</summary>
    Date,
    /// <summary>select, radio: one of the values.</summary>
    Choice,
    /// <summary>checklist, taglist: several of the values.</summary>
    MultiChoice,
}

/// <summary>One input field of a form and its rules.</summary>
public sealed record FormField(string Key, string Label, FormFieldKind Kind, bool Required, decimal? MinLength,
    decimal? MaxLength, decimal? Min, decimal? Max, Regex? Pattern, IReadOnlyList<string>? Options,
    bool IsCreditCode = false)
{
    /// <summary>Converts a JSON value, or says in Chinese why it is not acceptable.</summary>
    public string? Convert(JsonElement json, out object? value)
    {
        value = null;
        switch (Kind)
        {
            case FormFieldKind.Text:
                if (json.ValueKind != JsonValueKind.String)
                {
                    return $"“{Label}”应为文本";
                }

                var text = json.GetString()!;
                if (text.Length > (MaxLength ?? FormSchema.DefaultMaxTextLength))
                {
                    return $"“{Label}”不能超过 {MaxLength ?? FormSchema.DefaultMaxTextLength} 个字符";
                }

                if (MinLength is { } min && text.Length < min)
                {
                    return $"“{Label}”至少 {min} 个字符";
                }

                if (Pattern is not null && text.Length > 0 && !Matches(Pattern, text))
                {
                    return $"“{Label}”格式不正确";
                }

                if (IsCreditCode && text.Length > 0)
                {
                    if (Casework.UnifiedSocialCreditCode.Validate(text, out var code) is { } error)
                    {
                        return $"“{Label}”无效：{error.Message}";
                    }

                    text = code!.ToString();
                }

                // An empty required text counts as missing (reported by Check unless the data may be partial).
                value = Required && text.Length == 0 ? null : text;
                return null;
            case FormFieldKind.Number:
                if (json.ValueKind != JsonValueKind.Number || !json.TryGetDecimal(out var number))
                {
                    return $"“{Label}”应为数字";
                }

                if (Min is { } low && number < low)
                {
                    return $"“{Label}”不能小于 {low}";
                }

                if (Max is { } high && number > high)
                {
                    return $"“{Label}”不能大于 {high}";
                }

                value = number;
                return null;
            case FormFieldKind.Boolean:
                if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return $"“{Label}”应为是或否";
                }

                value = json.GetBoolean();
                return null;
            case FormFieldKind.Date:
                if (json.ValueKind != JsonValueKind.String
                    || !DateOnly.TryParseExact(json.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return $"“{Label}”应为日期（yyyy-MM-dd）";
                }

                value = json.GetString();
                return null;
            case FormFieldKind.Choice:
                if (json.ValueKind != JsonValueKind.String || !Options!.Contains(json.GetString()!))
                {
                    return $"“{Label}”应为给定选项之一";
                }

                value = json.GetString();
                return null;
            default:
                if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() > Options!.Count
                    || json.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || !Options.Contains(e.GetString()!)))
                {
                    return $"“{Label}”应为给定选项中的若干项";
                }

                value = json.EnumerateArray().Select(e => (object?)e.GetString()).ToList();
                return null;
        }
    }

    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>The result of <see cref="FormSchema.Check"/>.</summary>
public sealed record FormCheck(IReadOnlyDictionary<string, object?> Values, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>True when nothing failed.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A form schema that cannot be used.</summary>
public sealed class FormSchemaException(string message) : Exception(message);
