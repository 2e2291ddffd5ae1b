using OneThing.Engine.Model;

namespace OneThing.Engine.Runtime;

/// <summary>Compensation (BPMN 2.0, "Compensation"): an activity with a compensation boundary event that completes
/// installs its handler in its scope; a compensation throw event runs the installed handlers of its own scope, last
/// completed first, and by default waits for them.</summary>
internal sealed partial class Executor
{
    /// <summary>Records that <paramref name="activity"/> completed in <paramref name="scope"/> and may be compensated
    /// while the scope lasts; it ends with the scope.</summary>
    private void InstallCompensation(Execution scope, FlowNode activity) =>
        scope.Instance.AddWait(new WaitState(TimeOrderedId.Next(Now), WaitKind.Compensation, scope, activity.Id, Now));

    /// <summary>Starts the handlers of the compensable activities of the thrower's scope (only the referenced one
    /// when the event names one), most recently completed first; each is compensated once. With
    /// <c>waitForCompletion</c> the handler tokens are children of the thrower, which moves on (completes) when the
    /// last of them ends; otherwise they run beside it. Returns true when the thrower now waits.</summary>
    private bool Compensate(Execution thrower, CompensateEventDefinition compensate)
    {
        var scope = thrower.Parent!;
        var instance = thrower.Instance;
        var installed = instance.WaitsOf(scope)
            .Where(w => w.Kind == WaitKind.Compensation && (compensate.ActivityRef is null || w.NodeId == compensate.ActivityRef))
            .OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Sequence)
            .ToList();
        var owner = compensate.WaitForCompletion ? thrower : scope;
        foreach (var subscription in installed)
        {
            instance.RemoveWait(subscription);
            var handler = instance.Model.FindNode(subscription.NodeId)!.FindCompensationHandler()!;
            Schedule(OpKind.Enter, NewChild(owner, ExecutionRole.Token, handler), handler, null);
        }

        return compensate.WaitForCompletion && installed.Count > 0;
    }
}
