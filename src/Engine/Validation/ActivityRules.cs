using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>Elements the engine does not execute, script tasks, user tasks nobody can work on, and call
/// activities whose target will not be there.</summary>
internal static class ActivityRules
{
    public static void Check(ValidationContext context, FlowNode node)
    {
        CheckSupported(context, node);
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
            { Kind: ElementKind.Transaction } => "事务子流程",
            { Kind: ElementKind.AdHocSubProcess } => "自由子流程（adHocSubProcess）",
            SubProcessNode { TriggeredByEvent: true } => "事件子流程（triggeredByEvent）",
            { Kind: ElementKind.Unsupported } => "该元素类型",
            { HasStandardLoop: true } => "标准循环（standardLoopCharacteristics），请改用多实例",
            { IsForCompensation: true } => "补偿活动（isForCompensation）",
            _ => null,
        };
        if (reason is not null)
        {
            context.Error(node, ProblemCodes.UnsupportedElement, $"不支持执行{reason}：{node}");
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
