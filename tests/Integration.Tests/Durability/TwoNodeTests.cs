using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneThing.CrashHost;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Integration.Tests.Persistence;
using Xunit.Abstractions;

namespace OneThing.Integration.Tests.Durability;

[Collection(HostProcess.Collection)]
public class TwoNodeTests(ITestOutputHelper log)
{
    private const int Timers = 2_000;

    /// <summary>How far ahead of the deployment the shared due moment lies. The instances are created before any
    /// node runs, so no timer fires early however long that takes; the nodes usually start before the moment and
    /// meet all 2,000 timers falling due at once, otherwise they start with 2,000 overdue timers — the same race.
    /// </summary>
    private static readonly TimeSpan Ahead = TimeSpan.FromSeconds(10);

    /// <summary>Two host processes run job executors on one PostgreSQL database; 2,000 timers fall due at the same
    /// moment. Each fires exactly once in total and both nodes take part. A task can be completed through either
    /// node, one after the other on the same case, and the same task sent to both nodes at once is completed by
    /// exactly one. Fails (does not skip) without PostgreSQL: ./test.sh provides it.</summary>
    [Fact]
    public async Task JobsNodes_TwoHostsOnOnePostgres_EachTimerFiresOnceTasksCompleteThroughEither()
    {
        using var db = TestDatabase.Create("postgres");
        var engine = new DurableEngine(db, new EngineOptions { Clock = TimeProvider.System });
        engine.Deploy("tasks.bpmn", Diagrams.NodeTasks);
        var now = TimeProvider.System.GetUtcNow();
        var dueAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + Ahead;
        engine.Deploy("timer.bpmn", Diagrams.TimerAt(dueAt));
        var creating = Stopwatch.StartNew();
        var ids = new ConcurrentBag<Guid>();
        Parallel.For(0, Timers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => ids.Add(engine.Start(Diagrams.TimerProcess)));
        log.WriteLine($"{Timers} instances created in {creating.Elapsed.TotalSeconds:0.0} s, all due at {dueAt:O}");

        using var node1 = HostProcess.Start(db, "jobs", 1, "node1");
        using var node2 = HostProcess.Start(db, "jobs", 2, "node2");
        HostProcess[] nodes = [node1, node2];
        await Task.WhenAll(nodes.Select(n => n.WaitForReadyAsync()));
        log.WriteLine($"both nodes ready {(dueAt - TimeProvider.System.GetUtcNow()).TotalSeconds:0.0} s before the due moment");

        // Tasks through either node, while they fire timers: case 1 node1 then node2, case 2 the other way round.
        foreach (var (first, second) in new[] { (node1, node2), (node2, node1) })
        {
            var id = engine.Start(Diagrams.TasksProcess);
            await CompleteThroughAsync(first, engine, id, "First");
            await CompleteThroughAsync(second, engine, id, "Second");
            Assert.Equal(InstanceState.Completed, engine.GetInstance(id)!.State);
        }

        // The same task sent to both nodes at once: one completes it, the other is refused.
        var raced = engine.Start(Diagrams.TasksProcess);
        var task = engine.GetInstance(raced)!.Waits.Single().Id;
        var command = string.Create(CultureInfo.InvariantCulture, $"complete {raced:D} {task:D}");
        Array.ForEach(nodes, n => n.Send(command));
        var answers = await Task.WhenAll(nodes.Select(n => n.WaitForLineAsync(l => l.Contains(task.ToString("D"), StringComparison.Ordinal), "an answer")));
        Assert.Single(answers, a => a.StartsWith(Protocol.AckPrefix + " ", StringComparison.Ordinal));
        Assert.Single(answers, a => a.StartsWith(Protocol.Nack + " ", StringComparison.Ordinal));
        log.WriteLine($"same task through both nodes: {string.Join(" / ", answers)}");

        var waiting = Stopwatch.StartNew();
        while (CompletedTimerInstances(db) < Timers)
        {
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(180),
                $"only {CompletedTimerInstances(db)} of {Timers} completed within 180 s");
            Assert.All(nodes, n => Assert.False(n.HasExited, $"{n.Name} exited: {string.Join('\n', n.Errors)}"));
            await Task.Delay(200);
        }

        log.WriteLine($"all {Timers} fired {(TimeProvider.System.GetUtcNow() - dueAt).TotalSeconds:0.0} s after the due moment");
        var jobs = new List<long>();
        foreach (var node in nodes)
        {
            Assert.Equal(0, await node.StopAsync());
            Assert.Empty(node.Failures);
            var count = long.Parse(node.Output.Last(l => l.StartsWith(Protocol.Jobs, StringComparison.Ordinal))
                .AsSpan(Protocol.Jobs.Length + 1), CultureInfo.InvariantCulture);
            jobs.Add(count);
            log.WriteLine($"{node.Name}: fired {count} timers; {node.LastStat}");
        }

        var store = StoreSnapshot.Load(db);
        store.AssertNothingTwice();
        var timerInstances = ids.ToHashSet();
        Assert.Equal(Timers, timerInstances.Count);
        var fired = store.History.Where(h => h.Type == "timer").ToList();
        Assert.Equal(Timers, fired.Count);
        Assert.Equal(Timers, fired.Select(h => h.WaitId).Distinct().Count());
        Assert.True(timerInstances.SetEquals(fired.Select(h => h.InstanceId)), "a timer fired in the wrong instance");
        Assert.DoesNotContain(store.Waits, w => timerInstances.Contains(w.InstanceId));
        Assert.Equal(Timers, jobs.Sum());
        Assert.All(jobs, count => Assert.True(count > 0, $"a node fired no timer: {string.Join(" + ", jobs)}"));
    }

    private static int CompletedTimerInstances(TestDatabase db)
    {
        using var context = db.CreateDbContext();
        return context.Instances.AsNoTracking()
            .Count(i => i.ProcessId == Diagrams.TimerProcess && i.State == (int)InstanceState.Completed);
    }

    private static async Task CompleteThroughAsync(HostProcess node, DurableEngine engine, Guid instanceId, string taskId)
    {
        var wait = engine.GetInstance(instanceId)!.Waits.Single(w => w.NodeId == taskId).Id;
        node.Send(string.Create(CultureInfo.InvariantCulture, $"complete {instanceId:D} {wait:D}"));
        var answer = await node.WaitForLineAsync(l => l.Contains(wait.ToString("D"), StringComparison.Ordinal), "an answer");
        Assert.Equal(Protocol.Format(new Ack("complete", instanceId, wait)), answer);
    }
}
