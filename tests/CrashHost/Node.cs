using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.CrashHost;

/// <summary>One engine node: a <see cref="DurableEngine"/> on the shared database, its job executor and, depending on
/// the mode, workers that drive cases. Every command that returns is acknowledged on stdout at once.</summary>
internal sealed class Node(IDbContextFactory<EngineDbContext> contexts, LineWriter output, int seed)
{
    private static readonly JobExecutorOptions ExecutorOptions = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(100),
        ErrorDelay = TimeSpan.FromMilliseconds(200),
    };

    private readonly DurableEngine _engine = new(contexts, new EngineOptions { Clock = TimeProvider.System });
    private long _starts;
    private long _completes;
    private long _conflicts;
    private long _retriesRejected;
    private long _failures;

    public int Run(string mode, int workers)
    {
        using var stop = new CancellationTokenSource();
        if (mode == "drive")
        {
            _engine.Deploy("crash.bpmn", Diagrams.Crash);
        }
        else
        {
            // Builds the EF model and opens the first connection, so READY means "ready to work".
            _engine.NextJobDueAt();
        }

        var executor = new JobExecutor(_engine, ExecutorOptions, TimeProvider.System);
        executor.Failed += ex => Fail("job executor", ex);
        var tasks = new List<Task>
        {
            LongRunning(() => executor.RunAsync(stop.Token)),
            LongRunning(() => Stats(executor, stop.Token)),
        };
        if (mode == "drive")
        {
            tasks.AddRange(Enumerable.Range(0, workers).Select(i => LongRunning(() => Drive(i, stop.Token))));
        }
        else if (mode == "drain")
        {
            tasks.Add(LongRunning(() => Drain(stop)));
        }

        // Stdin is read on a background thread: a blocked read must not keep the process alive after DONE.
        new Thread(() => ReadCommands(stop)) { IsBackground = true, Name = "stdin" }.Start();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Protocol.Ready} {mode} seed={seed}"));
        Task.WaitAll(tasks);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Protocol.Jobs} {executor.JobsRun}"));
        return Interlocked.Read(ref _failures) == 0 ? 0 : 1;
    }

    private static Task LongRunning(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .Unwrap();

    private static Task LongRunning(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>A worker: mostly completes one of the oldest open tasks (sometimes one of the very oldest, so
    /// workers collide), sometimes starts a case; now and then repeats a completion that already succeeded, as a
    /// client retrying after a lost response would — that must be refused.</summary>
    private void Drive(int worker, CancellationToken stop)
    {
        var random = new Random(seed * 31 + worker);
        var by = string.Create(CultureInfo.InvariantCulture, $"worker{worker}");
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var open = OpenTasks(random.Next(3) == 0 ? 3 : 50);
                if (open.Count == 0 || random.NextDouble() < 0.25)
                {
                    var id = _engine.Start(Diagrams.CrashProcess, new Dictionary<string, object?> { ["startedBy"] = by });
                    Acknowledge(new Ack("start", id, null));
                    Interlocked.Increment(ref _starts);
                    continue;
                }

                var (waitId, instanceId) = open[random.Next(open.Count)];
                var variables = new Dictionary<string, object?> { ["completedBy"] = by };
                _engine.Complete(instanceId, waitId, variables);
                Acknowledge(new Ack("complete", instanceId, waitId));
                Interlocked.Increment(ref _completes);
                if (random.NextDouble() < 0.1)
                {
                    try
                    {
                        _engine.Complete(instanceId, waitId, variables);
                        // Reaching this line is the bug the test looks for: the ACK makes it visible there.
                        Acknowledge(new Ack("complete", instanceId, waitId));
                    }
                    catch (ConcurrencyConflictException)
                    {
                        Interlocked.Increment(ref _retriesRejected);
                    }
                }
            }
            catch (ConcurrencyConflictException)
            {
                Interlocked.Increment(ref _conflicts);
            }
#pragma warning disable CA1031 // Reported on stderr (the test fails on it); the worker goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fail(by, ex);
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Completes every open user task until no instance runs any more (timers are the executor's).</summary>
    private void Drain(CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var open = OpenTasks(int.MaxValue);
                foreach (var (waitId, instanceId) in open)
                {
                    try
                    {
                        _engine.Complete(instanceId, waitId, new Dictionary<string, object?> { ["completedBy"] = "drain" });
                        Acknowledge(new Ack("complete", instanceId, waitId));
                    }
                    catch (ConcurrencyConflictException)
                    {
                        // The timer of the same instance fired at that moment; the task is picked up next round.
                        Interlocked.Increment(ref _conflicts);
                    }
                }

                if (open.Count == 0)
                {
                    using var db = contexts.CreateDbContext();
                    if (!db.Instances.Any(i => i.State == (int)InstanceState.Running))
                    {
                        output.WriteLine(Protocol.Done);
                        stop.Cancel();
                        return;
                    }

                    Thread.Sleep(100);
                }
            }
#pragma warning disable CA1031 // Reported on stderr (the test fails on it); draining goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fail("drain", ex);
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Commands from stdin: <c>complete &lt;instance&gt; &lt;wait&gt;</c>; <c>exit</c> or end of input stops.
    /// </summary>
    private void ReadCommands(CancellationTokenSource stop)
    {
        while (Console.In.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["exit"])
            {
                break;
            }

            if (parts is ["complete", var instance, var wait]
                && Guid.TryParse(instance, out var instanceId) && Guid.TryParse(wait, out var waitId))
            {
                try
                {
                    _engine.Complete(instanceId, waitId, new Dictionary<string, object?> { ["completedBy"] = "stdin" });
                    Acknowledge(new Ack("complete", instanceId, waitId));
                }
#pragma warning disable CA1031 // The refusal is the answer to the caller.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    var reason = ex is EngineException engine ? engine.Code : ex.GetType().Name;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{Protocol.Nack} complete {instanceId:D} {waitId:D} {reason}"));
                }
            }
            else
            {
                output.WriteLine($"{Protocol.Nack} {line}");
            }
        }

        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Run finished first (drain ends on its own after DONE) and disposed the source: nothing left to stop. An
            // exception here would abort the process (exit 134) while it exits normally.
        }
    }

    private async Task Stats(JobExecutor executor, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Protocol.Stat} starts={Interlocked.Read(ref _starts)} completes={Interlocked.Read(ref _completes)} jobs={executor.JobsRun} conflicts={Interlocked.Read(ref _conflicts)} retriesRejected={Interlocked.Read(ref _retriesRejected)} failures={Interlocked.Read(ref _failures)}"));
        }
    }

    private List<(Guid WaitId, Guid InstanceId)> OpenTasks(int take)
    {
        using var db = contexts.CreateDbContext();
        return db.Waits.AsNoTracking().Where(w => w.Kind == (int)WaitKind.UserTask)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).Take(take)
            .Select(w => new { w.Id, w.InstanceId }).AsEnumerable()
            .Select(w => (w.Id, w.InstanceId)).ToList();
    }

    private void Acknowledge(Ack ack) => output.WriteLine(Protocol.Format(ack));

    private void Fail(string where, Exception ex)
    {
        Interlocked.Increment(ref _failures);
        var text = ex.ToString().ReplaceLineEndings(" | ");
        Console.Error.WriteLine($"{Protocol.Fail} {where}: {text}");
    }
}
