using OneThing.Engine.Model;

namespace OneThing.Engine.Validation;

/// <summary>Gateways whose choice is well defined: every branch of an exclusive or inclusive decision is either
/// conditioned or the default, conditions sit only where they are read, and an event-based gateway waits for
/// events only.</summary>
internal static class GatewayRules
{
    public static void Check(ValidationContext context, FlowNode node)
    {
        switch (node.Kind)
        {
            case ElementKind.ExclusiveGateway or ElementKind.InclusiveGateway:
                CheckDecision(context, node);
                break;
            case ElementKind.ParallelGateway:
                foreach (var flow in node.Outgoing.Where(HasCondition))
                {
                    context.Add(flow.Id, "sequenceFlow", ProblemSeverity.Warning, ProblemCodes.ParallelFlowCondition,
                        $"并行网关 \"{node.Id}\" 的出口 \"{flow.Id}\" 上的条件会被忽略：并行网关总是走所有出口");
                }

                break;
            case ElementKind.EventBasedGateway:
                CheckEventGateway(context, node);
                break;
        }

        // Activities may have default flows too; wherever it is, a condition on the default is never read.
        if (node.DefaultFlow is { } defaultFlow && HasCondition(defaultFlow))
        {
            context.Add(defaultFlow.Id, "sequenceFlow", ProblemSeverity.Warning, ProblemCodes.DefaultFlowCondition,
                $"默认流 \"{defaultFlow.Id}\" 上的条件会被忽略：默认流只在其他出口的条件都不成立时走");
        }
    }

    private static void CheckDecision(ValidationContext context, FlowNode gateway)
    {
        if (gateway.Outgoing.Count < 2)
        {
            return;
        }

        // The runtime counts an unconditioned flow as true, so an exclusive gateway would always take the first
        // such flow and an inclusive one would always take it too: almost never what the analyst meant.
        var unconditioned = gateway.Outgoing.Where(f => !HasCondition(f) && !f.IsDefault).Select(f => $"\"{f.Id}\"")
            .ToList();
        if (unconditioned.Count > 0)
        {
            context.Error(gateway, ProblemCodes.GatewayBranchUnconditioned,
                $"{gateway} 有 {gateway.Outgoing.Count} 个出口，其中 {string.Join("、", unconditioned)} 既没有条件也不是默认流；"
                + "请为它们设置条件，或把其中一个设为默认流");
        }
    }

    private static void CheckEventGateway(ValidationContext context, FlowNode gateway)
    {
        if (gateway.Outgoing.Count < 2)
        {
            context.Error(gateway, ProblemCodes.EventGatewayTargets,
                $"事件网关 {gateway} 只有 {gateway.Outgoing.Count} 个出口；事件网关用于在至少两个事件中等先发生的一个");
        }

        var wrong = gateway.Outgoing.Select(f => f.Target).Where(t => !IsEventTarget(t)).Select(t => t.ToString())
            .ToList();
        if (wrong.Count > 0)
        {
            context.Error(gateway, ProblemCodes.EventGatewayTargets,
                $"事件网关 {gateway} 的出口只能连到定时器或消息中间捕获事件或接收任务，但连到了 {string.Join("、", wrong)}");
        }
    }

    private static bool IsEventTarget(FlowNode target) =>
        target.Kind == ElementKind.ReceiveTask
        || (target.Kind == ElementKind.IntermediateCatchEvent
            && target.EventDefinition is TimerEventDefinition or MessageEventDefinition);

    internal static bool HasCondition(SequenceFlow flow) => !string.IsNullOrWhiteSpace(flow.Condition);
}
