using Microsoft.EntityFrameworkCore;
using OneThing.CrashHost;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Integration.Tests.Durability;

/// <summary>Every row of the runtime tables at one moment (no host running), and the invariants the durability
/// tests check on them.</summary>
internal sealed class StoreSnapshot
{
    /// <summary>History types of a command that resumed a wait.</summary>
    private static readonly HashSet<string> Resumes = ["complete", "message", "timer", "job"];

    private StoreSnapshot(EngineDbContext db)
    {
        Instances = db.Instances.AsNoTracking().ToList();
        Executions = db.Executions.AsNoTracking().ToList();
        Waits = db.Waits.AsNoTracking().ToList();
        History = db.History.AsNoTracking().ToList();
    }

    public List<InstanceRecord> Instances { get; }

    public List<ExecutionRecord> Executions { get; }

    public List<WaitRecord> Waits { get; }

    public List<HistoryRecord> History { get; }

    public static StoreSnapshot Load(IDbContextFactory<EngineDbContext> contexts)
    {
        using var db = contexts.CreateDbContext();
        return new StoreSnapshot(db);
    }

    public int Count(InstanceState state) => Instances.Count(i => i.State == (int)state);

    /// <summary>Every acknowledged start is an instance; every acknowledged completion is exactly one "complete"
    /// history row of that wait in that instance, and no completion was acknowledged twice.</summary>
    public void AssertAcknowledgedPersisted(IReadOnlyCollection<Ack> acks)
    {
        var instances = Instances.Select(i => i.Id).ToHashSet();
        var starts = acks.Where(a => a.Command == "start").ToList();
        Assert.Equal(starts.Count, starts.Select(a => a.InstanceId).Distinct().Count());
        Assert.All(starts, a => Assert.Contains(a.InstanceId, instances));

        var completes = acks.Where(a => a.Command == "complete").ToList();
        var twice = completes.GroupBy(a => a.WaitId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"completion acknowledged twice for waits {string.Join(", ", twice)}");
        var completed = History.Where(h => h.Type == "complete" && h.WaitId != null).ToLookup(h => h.WaitId!.Value);
        Assert.All(completes, a =>
        {
            var row = Assert.Single(completed[a.WaitId!.Value]);
            Assert.Equal(a.InstanceId, row.InstanceId);
        });
    }

    /// <summary>No wait was resumed twice (completed, fired, delivered); a wait that was resumed is gone; every
    /// instance's history is gap-free.</summary>
    public void AssertNothingTwice()
    {
        var resumed = History.Where(h => Resumes.Contains(h.Type)).ToList();
        Assert.All(resumed, h => Assert.NotNull(h.WaitId));
        var twice = resumed.GroupBy(h => h.WaitId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {g.Count()}").ToList();
        Assert.True(twice.Count == 0, $"waits resumed more than once: {string.Join(", ", twice)}");
        var resumedIds = resumed.Select(h => h.WaitId!.Value).ToHashSet();
        Assert.DoesNotContain(Waits, w => resumedIds.Contains(w.Id));

        var history = History.ToLookup(h => h.InstanceId);
        Assert.All(Instances, i =>
            Assert.Equal(Enumerable.Range(0, i.HistoryCount), history[i.Id].Select(h => h.Seq).Order()));
    }

    /// <summary>The crash diagram has no loops: per instance every element is visited at most once and each task or
    /// timer resumed at most once, and only after it was visited; a wait still open was never resumed. Every
    /// instance is completed (no waits, no tokens left) or running in one of the diagram's wait configurations, with
    /// its execution tree intact.</summary>
    public void AssertCrashCasesValid()
    {
        var executions = Executions.ToLookup(e => e.InstanceId);
        var waits = Waits.ToLookup(w => w.InstanceId);
        var history = History.ToLookup(h => h.InstanceId);
        var failures = new List<string>();
        foreach (var instance in Instances.Where(i => i.ProcessId == Diagrams.CrashProcess))
        {
            var problem = CrashCaseProblem(instance, [.. executions[instance.Id]], [.. waits[instance.Id]],
                [.. history[instance.Id]]);
            if (problem is not null)
            {
                failures.Add($"{instance.Id}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    /// <summary>After the drain: every case completed with the whole trace exactly once, so every intermediate
    /// timer — all of them due by then — fired exactly once and left no wait behind; each reminder fired once
    /// (its token visiting the boundary event and its end) or was cancelled with its task, never both.</summary>
    public void AssertCrashCasesFinished()
    {
        Assert.All(Instances, i => Assert.Equal(InstanceState.Completed, (InstanceState)i.State));
        Assert.Empty(Waits);
        var history = History.ToLookup(h => h.InstanceId);
        string[] trace = ["S", "A", "Fork", "T1", "B", "C", "Join", "E"];
        string[] reminded = [.. trace, Diagrams.CrashReminder, "Reminded"];
        Assert.All(Instances, i =>
        {
            var rows = history[i.Id].ToList();
            var timers = rows.Where(h => h.Type == "timer").Select(h => h.NodeId!).Order(StringComparer.Ordinal).ToList();
            Assert.True(timers is [Diagrams.CrashTimer] or [Diagrams.CrashReminder, Diagrams.CrashTimer],
                $"timers fired: {string.Join(", ", timers)}");
            Assert.Equal((timers.Count == 1 ? trace : reminded).Order(),
                rows.Where(h => h.Type == "visit").SelectMany(h => h.Visited()).Order());
            Assert.Equal(["A", "B", "C"], rows.Where(h => h.Type == "complete").Select(h => h.NodeId!).Order());
        });
    }

    private static string? CrashCaseProblem(InstanceRecord instance, List<ExecutionRecord> executions,
        List<WaitRecord> waits, List<HistoryRecord> history)
    {
        var visits = history.Where(h => h.Type == "visit").SelectMany(h => h.Visited()).GroupBy(n => n)
            .ToDictionary(g => g.Key, g => g.Count());
        if (visits.FirstOrDefault(v => v.Value > 1) is { Key: not null } again)
        {
            return $"{again.Key} visited {again.Value} times";
        }

        foreach (var resumed in history.Where(h => Resumes.Contains(h.Type)).GroupBy(h => h.NodeId!))
        {
            if (resumed.Count() > 1 || !visits.ContainsKey(resumed.Key))
            {
                return $"{resumed.Key} resumed {resumed.Count()} times, visited {visits.GetValueOrDefault(resumed.Key)}";
            }
        }

        if (waits.FirstOrDefault(w => history.Any(h => Resumes.Contains(h.Type) && h.NodeId == w.NodeId)) is { } stale)
        {
            return $"wait at {stale.NodeId} still open although it was resumed";
        }

        var root = executions.SingleOrDefault(e => e.Id == instance.Id);
        if (root is null || root.ParentId is not null)
        {
            return "no root execution";
        }

        var byId = executions.ToDictionary(e => e.Id);
        if (executions.FirstOrDefault(e => e.Id != instance.Id && (e.ParentId is not { } p || !byId.ContainsKey(p))) is { } orphan)
        {
            return $"execution {orphan.Id} at {orphan.NodeId} has no parent in the instance";
        }

        var tokens = executions.Where(e => e.Id != instance.Id).ToList();
        switch ((InstanceState)instance.State)
        {
            case InstanceState.Completed:
                return waits.Count > 0 || tokens.Count > 0 || instance.EndedAt is null
                    ? $"completed but {waits.Count} waits, {tokens.Count} tokens, ended at {instance.EndedAt}"
                    : null;
            case InstanceState.Running:
                break;
            default:
                return $"state {(InstanceState)instance.State}";
        }

        foreach (var wait in waits)
        {
            var timer = wait.NodeId is Diagrams.CrashTimer or Diagrams.CrashReminder;
            var on = wait.NodeId == Diagrams.CrashReminder ? "C" : wait.NodeId;
            var attachedTo = on == wait.NodeId ? null : on;
            if (!byId.TryGetValue(wait.ExecutionId, out var at) || at.NodeId != on || wait.AttachedToNodeId != attachedTo
                || (WaitKind)wait.Kind != (timer ? WaitKind.Timer : WaitKind.UserTask) || timer != wait.DueAt.HasValue)
            {
                return $"wait {wait.Id} ({(WaitKind)wait.Kind} at {wait.NodeId}) does not match its execution";
            }
        }

        // Each token waits at a task or the timer (exactly one wait there; C may also have its reminder) or is
        // parked at the join (no wait).
        foreach (var token in tokens)
        {
            var own = waits.Where(w => w.ExecutionId == token.Id).Select(w => w.NodeId).Order(StringComparer.Ordinal).ToList();
            var fits = token.NodeId switch
            {
                "Join" => own.Count == 0,
                "C" => own is ["C"] or ["C", Diagrams.CrashReminder],
                _ => own.Count == 1 && own[0] == token.NodeId,
            };
            if (!fits)
            {
                return $"token at {token.NodeId} has waits [{string.Join(", ", own)}]";
            }
        }

        var positions = string.Join(",", tokens.Select(t => t.NodeId == "Join" ? $"Join<{t.ArrivedViaFlowId}" : t.NodeId)
            .Order(StringComparer.Ordinal));
        string[] valid = ["A", "C,T1", "B,C", "Join<f7,T1", "B,Join<f7", "C,Join<f5"];
        return valid.Contains(positions) ? null : $"running with tokens at [{positions}]";
    }
}
