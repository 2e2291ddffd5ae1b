using OneThing.Engine.Model;
using OneThing.Engine.Timers;

namespace OneThing.Engine.Validation;

/// <summary>Every expression the runtime will evaluate compiles now, at deployment, rather than failing as an
/// incident in a citizen's case weeks later; timers and due dates parse.</summary>
internal static class ExpressionRules
{
    /// <summary>Values of a condition's <c>language</c> attribute that mark it as a script. Anything else (FEEL,
    /// JUEL, XPath, none) is compiled as FEEL and stands or falls by that.</summary>
    private static readonly HashSet<string> ScriptLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "js", "ecmascript", "nashorn", "graal.js", "groovy", "python", "jython", "ruby", "jruby",
    };

    /// <summary>Fragments that only occur in the JavaScript conditions of other engines (bpmn-elements'
    /// <c>next(null, …)</c> callback and its <c>environment</c> object), whatever the language attribute says.</summary>
    private static readonly string[] ScriptMarkers = ["next(", "this.environment", "environment."];

    public static void Check(ValidationContext context, FlowNode node)
    {
        if (node.MultiInstance is { } loop)
        {
            CheckFeel(context, node, "多实例循环基数（loopCardinality）", loop.LoopCardinality);
            CheckFeel(context, node, "多实例输入集合（inputCollection）", loop.InputCollection);
            CheckFeel(context, node, "多实例输出元素（outputElement）", loop.OutputElement);
            CheckFeel(context, node, "多实例完成条件（completionCondition）", loop.CompletionCondition);
        }

        foreach (var input in node.Inputs)
        {
            CheckFeel(context, node, $"输入映射 \"{input.Target}\"", input.Source);
        }

        foreach (var output in node.Outputs)
        {
            CheckFeel(context, node, $"输出映射 \"{output.Target}\"", output.Source);
        }

        // Literal assignees and correlation keys are plain text; only wrapped ones are evaluated.
        if (IsWrapped(node.Assignment.Assignee))
        {
            CheckFeel(context, node, "办理人（assignee）", node.Assignment.Assignee);
        }

        foreach (var message in node.EventDefinitions.OfType<MessageEventDefinition>())
        {
            if (IsWrapped(message.CorrelationKey))
            {
                CheckFeel(context, node, "消息关联键（correlationKey）", message.CorrelationKey);
            }
        }

        CheckDueDate(context, node);
        foreach (var timer in node.EventDefinitions.OfType<TimerEventDefinition>())
        {
            CheckTimer(context, node, timer);
        }
    }

    public static void Check(ValidationContext context, SequenceFlow flow)
    {
        if (!GatewayRules.HasCondition(flow))
        {
            return;
        }

        var language = flow.ConditionLanguage;
        var problem = language is not null && ScriptLanguages.Contains(language.Trim())
            ? ScriptMessage("条件表达式", flow.Condition!, $"（language={language}）")
            : Diagnose(context, "条件表达式", flow.Condition!);
        if (problem is not null)
        {
            context.Add(flow.Id, "sequenceFlow", ProblemSeverity.Error, ProblemCodes.FeelInvalid, problem);
        }
    }

    private static void CheckFeel(ValidationContext context, FlowNode node, string what, string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return;
        }

        if (Diagnose(context, what, expression) is { } problem)
        {
            context.Error(node, ProblemCodes.FeelInvalid, problem);
        }
    }

    /// <summary>Why <paramref name="expression"/> cannot run, or null when it compiles.</summary>
    private static string? Diagnose(ValidationContext context, string what, string expression)
    {
        if (ScriptMarkers.Any(m => expression.Contains(m, StringComparison.Ordinal)))
        {
            return ScriptMessage(what, expression, "");
        }

        // FeelException.Position is 0-based; people count characters from one.
        return context.Feel.TryCompile(expression, out _, out var error)
            ? null
            : $"{what}无效（第 {error.Position + 1} 个字符）：{error.Reason}；表达式：{Shorten(expression)}";
    }

    private static string ScriptMessage(string what, string expression, string language) =>
        $"{what}是脚本{language}：出于安全原因表达式中不允许使用脚本，请改用 FEEL 表达式；表达式：{Shorten(expression)}";

    private static void CheckDueDate(ValidationContext context, FlowNode node)
    {
        var dueDate = node.DueDate?.Trim();
        if (string.IsNullOrEmpty(dueDate))
        {
            return;
        }

        if (IsWrapped(dueDate))
        {
            CheckFeel(context, node, "到期时间（dueDate）", dueDate);
        }
        else if (!Iso8601.TryParseDateTime(dueDate, out _) && !Iso8601.TryParseDuration(dueDate, out _))
        {
            context.Error(node, ProblemCodes.DueDateInvalid,
                $"到期时间 \"{dueDate}\" 既不是 ISO-8601 日期时间（如 2025-06-30T17:00:00+08:00）也不是时长（如 P5D），"
                + "也不是以 = 开头的 FEEL 表达式");
        }
    }

    private static void CheckTimer(ValidationContext context, FlowNode node, TimerEventDefinition timer)
    {
        var text = timer.Expression.Trim();
        // An empty timer is the importer's TIMER_VALUE_MISSING already; saying it twice helps nobody.
        if (text.Length == 0)
        {
            return;
        }

        if (IsWrapped(text))
        {
            if (Diagnose(context, "定时器表达式", text) is { } problem)
            {
                context.Error(node, ProblemCodes.TimerInvalid, problem);
            }

            return;
        }

        var (valid, example) = timer.Kind switch
        {
            TimerKind.Date => (Iso8601.TryParseDateTime(text, out _), "日期时间，如 2025-06-30T09:00:00+08:00"),
            TimerKind.Duration => (Iso8601.TryParseDuration(text, out _), "时长，如 PT2H 或 P3D"),
            _ => (Iso8601.TryParseCycle(text, out _), "重复周期，如 R3/PT10M"),
        };
        if (!valid)
        {
            context.Error(node, ProblemCodes.TimerInvalid,
                $"{node} 的定时器值 \"{text}\" 不是有效的 ISO-8601 {example}；也可以写以 = 开头的 FEEL 表达式");
        }
    }

    /// <summary>True for the Zeebe (<c>=expr</c>) and Camunda 7 (<c>${expr}</c>) expression wrappers, which the
    /// runtime evaluates; other text in these attributes is taken literally.</summary>
    private static bool IsWrapped(string? text)
    {
        var trimmed = text?.TrimStart();
        return trimmed is not null && (trimmed.StartsWith('=') || trimmed.StartsWith("${", StringComparison.Ordinal));
    }

    /// <summary>Keeps a long expression readable on one line of a lint report.</summary>
    private static string Shorten(string expression)
    {
        const int MaxShown = 80;
        var oneLine = string.Join(' ', expression.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Trim())).Trim();
        return oneLine.Length <= MaxShown ? oneLine : string.Concat(oneLine.AsSpan(0, MaxShown), "…");
    }
}
