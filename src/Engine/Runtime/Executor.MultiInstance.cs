using System.Collections;
using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

internal sealed partial class Executor
{
    /// <summary>Loop variables, named as in Camunda and Zeebe so existing diagrams keep working.</summary>
    internal const string LoopCounter = "loopCounter";
    internal const string NrOfInstances = "nrOfInstances";
    internal const string NrOfCompletedInstances = "nrOfCompletedInstances";
    internal const string NrOfActiveInstances = "nrOfActiveInstances";

    private void EnterMultiInstanceBody(Execution body, FlowNode node)
    {
        var loop = node.MultiInstance!;
        IReadOnlyList<object?>? items = null;
        int total;
        if (loop.InputCollection is not null)
        {
            items = _feel.Evaluate(loop.InputCollection, body) switch
            {
                IReadOnlyList<object?> list => list,
                IEnumerable sequence and not string => sequence.Cast<object?>().ToList(),
                var other => throw new ExecutionFailure("MI_COLLECTION_INVALID",
                    $"多实例 \"{node.Id}\" 的集合表达式 {loop.InputCollection} 的结果不是列表（{other ?? "null"}）"),
            };
            total = items.Count;
        }
        else if (loop.LoopCardinality is not null)
        {
            total = _feel.Evaluate(loop.LoopCardinality, body) switch
            {
                decimal d when d >= 0 && d <= int.MaxValue => (int)d,
                int i when i >= 0 => i,
                var other => throw new ExecutionFailure("MI_CARDINALITY_INVALID",
                    $"多实例 \"{node.Id}\" 的实例数 {loop.LoopCardinality} 不是非负整数（{other ?? "null"}）"),
            };
        }
        else
        {
            throw new ExecutionFailure("MI_CARDINALITY_INVALID", $"多实例 \"{node.Id}\" 既没有集合也没有实例数");
        }

        body.Role = ExecutionRole.MultiInstanceBody;
        body.MultiInstance = new MultiInstanceState
        {
            Total = total,
            Items = items,
            Outputs = loop.OutputCollection is null ? null : new object?[total],
        };
        var locals = body.EnsureLocals();
        locals[NrOfInstances] = (decimal)total;
        locals[NrOfCompletedInstances] = 0m;
        locals[NrOfActiveInstances] = 0m;
        CreateBoundaryWaits(body, node);
        if (total == 0)
        {
            CompleteBody(body, node);
            return;
        }

        var first = loop.IsSequential ? 1 : total;
        for (var i = 0; i < first; i++)
        {
            StartItem(body, node);
        }
    }

    private void StartItem(Execution body, FlowNode node)
    {
        var state = body.MultiInstance!;
        var index = state.Started++;
        var item = NewChild(body, ExecutionRole.MultiInstanceItem, node);
        item.ItemIndex = index;
        var locals = item.EnsureLocals();
        locals[LoopCounter] = (decimal)(index + 1);
        if (node.MultiInstance!.InputElement is { } element)
        {
            locals[element] = state.Items?[index];
        }

        body.LocalVariables![NrOfActiveInstances] = (decimal)(state.Started - state.Completed);
        Schedule(OpKind.Enter, item, node, null);
    }

    /// <summary>One instance finished: collect its output, then either finish the body (all done, or the
    /// completion condition holds — 或签/票签) or, when sequential, start the next.</summary>
    private void CompleteItem(Execution item)
    {
        var body = item.Parent!;
        var node = body.Node!;
        var loop = node.MultiInstance!;
        var state = body.MultiInstance!;
        state.Completed++;
        var locals = body.LocalVariables!;
        locals[NrOfCompletedInstances] = (decimal)state.Completed;
        locals[NrOfActiveInstances] = (decimal)(state.Started - state.Completed);
        if (state.Outputs is not null)
        {
            state.Outputs[item.ItemIndex] = loop.OutputElement is null
                ? (loop.InputElement is null ? null : item.LocalVariables?.GetValueOrDefault(loop.InputElement))
                : _feel.Evaluate(loop.OutputElement, item);
            // Visible while the loop runs, so a completion condition can count votes (票签).
            locals[loop.OutputCollection!] = state.Outputs.ToList();
        }

        var done = state.Completed == state.Total
            || loop.CompletionCondition is not null && _feel.EvaluateCondition(loop.CompletionCondition, item);
        DetachEnded(item);
        if (done)
        {
            foreach (var other in body.Children.ToList())
            {
                Cancel(other);
            }

            CompleteBody(body, node);
        }
        else if (loop.IsSequential && state.Started < state.Total)
        {
            StartItem(body, node);
        }
    }

    private void CompleteBody(Execution body, FlowNode node)
    {
        var loop = node.MultiInstance!;
        var outputs = body.MultiInstance!.Outputs;
        RemoveWaitsOf(body);
        body.ClearLocals();
        body.MultiInstance = null;
        body.Role = ExecutionRole.Token;
        if (outputs is not null)
        {
            SetVariable(body.Parent!, loop.OutputCollection!, outputs.ToList());
        }

        Schedule(OpKind.Leave, body, node, null);
    }
}
