using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>Elements the engine does not execute, script tasks, user tasks nobody can work on, and call
/// activities whose target will not be there.</summary>
internal static class ActivityRules
{
    public static void Check(ValidationContext context, FlowNode node)
    {
        CheckSupported(context, node);
        if (node is SubProcessNode { TriggeredByEvent: true } eventSubProcess)
        {
            CheckEventSubProcess(context, eventSubProcess);
        }

        switch (node.Kind)
        {
            case ElementKind.ScriptTask:
                var format = string.IsNullOrWhiteSpace(node.ScriptFormat) ? "" : $"（scriptFormat={node.ScriptFormat}）";
                context.Error(node, ProblemCodes.ScriptTask,
                    $"出于安全原因不运行脚本任务{format}；请改用 FEEL 表达式或服务任务");
                break;
            case ElementKind.UserTask when node.Assignment.IsEmpty:
                context.Error(node, ProblemCodes.UserTaskNoCandidate,
                    $"{node} 没有指定办理人、候选部门或候选人，没有人能办理这个任务；请设置 candidateGroups（部门）或 assignee");
                break;
            case ElementKind.CallActivity:
                CheckCallTarget(context, node);
                break;
        }
    }

    private static void CheckSupported(ValidationContext context, FlowNode node)
    {
        var reason = node switch
        {
            { Kind: ElementKind.ComplexGateway } => "复杂网关",
            { Kind: ElementKind.AdHocSubProcess } => "自由子流程（adHocSubProcess）",
            { Kind: ElementKind.Unsupported } => "该元素类型",
            { HasStandardLoop: true } => "标准循环（standardLoopCharacteristics），请改用多实例",
            _ => null,
        };
        if (reason is not null)
        {
            context.Error(node, ProblemCodes.UnsupportedElement, $"不支持执行{reason}：{node}");
        }
    }

    /// <summary>An event sub-process is entered only by its trigger (BPMN 2.0, "Event Sub-Process"): no sequence flows in or
    /// out, no boundary events, no loop, exactly one start event (a missing one is <c>NO_START_EVENT</c>), and an
    /// error start event always interrupts.</summary>
    private static void CheckEventSubProcess(ValidationContext context, SubProcessNode node)
    {
        var reasons = new List<string>();
        if (node.Incoming.Count > 0 || node.Outgoing.Count > 0)
        {
            reasons.Add("不能有顺序流连入或连出（它只由开始事件的触发器启动）");
        }

        if (node.BoundaryEvents.Count > 0)
        {
            reasons.Add("不能附着边界事件");
        }

        if (node.MultiInstance is not null)
        {
            reasons.Add("不能是多实例");
        }

        var starts = node.StartEvents().ToList();
        if (starts.Count > 1)
        {
            reasons.Add($"只能有一个开始事件，实际有 {starts.Count} 个");
        }

        if (starts.Any(s => s is { IsInterrupting: false, EventDefinition: ErrorEventDefinition }))
        {
            reasons.Add("错误开始事件总是中断的，不能设为非中断（isInterrupting=\"false\"）");
        }

        foreach (var reason in reasons)
        {
            context.Error(node, ProblemCodes.EventSubProcessInvalid, $"事件子流程 {node} {reason}");
        }
    }

    private static void CheckCallTarget(ValidationContext context, FlowNode node)
    {
        var target = node.CalledElement?.Trim();
        if (string.IsNullOrEmpty(target))
        {
            context.Error(node, ProblemCodes.CallTargetUnknown, $"调用活动 {node} 没有指定被调用的流程（calledElement）");
            return;
        }

        if (context.KnownProcessIds.Contains(target))
        {
            return;
        }

        // The document's own processes count only when executable: the engine deploys no others, so a call to a
        // non-executable one would fail at run time just like a call to a missing one.
        switch (context.Document.FindProcess(target))
        {
            case { IsExecutable: true }:
                return;
            case not null:
                context.Error(node, ProblemCodes.CallTargetUnknown,
                    $"调用活动 {node} 的目标流程 \"{target}\" 不是可执行流程（isExecutable=\"false\"），不会被部署");
                return;
            default:
                context.Error(node, ProblemCodes.CallTargetUnknown,
                    $"调用活动 {node} 的目标流程 \"{target}\" 既不在本文件中，也不在已部署的流程中");
                return;
        }
    }
}
