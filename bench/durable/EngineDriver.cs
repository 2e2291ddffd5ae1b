using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Bench.Durable;

/// <summary>How a client learns the open tasks of its case.</summary>
internal enum InboxMode
{
    /// <summary>From the result of its last command (<see cref="CommandResult.Waits"/>): no read of its own.</summary>
    Result,

    /// <summary>One query on ot_wait per step.</summary>
    Query,

    /// <summary>The engine's <see cref="DurableEngine.GetInstance"/> view per step.</summary>
    View,
}

/// <summary>Drives the 企业开办 diagram on the durable engine like its users would: a client starts a case, learns
/// the case's open tasks (by default from what each command returns), completes each (every Start and every Complete is its own command and transaction), until
/// the case is done, then starts the next. Cases alternate between the bank branch and the no-bank branch.</summary>
internal sealed class EngineDriver
{
    private static readonly Dictionary<string, object?> WithBank = new(StringComparer.Ordinal)
    {
        ["applicant"] = "上海某某科技有限公司", ["needsBankAccount"] = true,
    };

    private static readonly Dictionary<string, object?> WithoutBank = new(StringComparer.Ordinal)
    {
        ["applicant"] = "上海某某科技有限公司", ["needsBankAccount"] = false,
    };

    private static readonly Dictionary<string, object?> Approved = new(StringComparer.Ordinal) { ["approved"] = true };

    // The task inbox of one case: the open waits, oldest first (the index on ot_wait.InstanceId serves it).
    private static readonly Func<EngineDbContext, Guid, IEnumerable<Guid>> OpenTasks = EF.CompileQuery(
        (EngineDbContext db, Guid instanceId) =>
            db.Waits.AsNoTracking().Where(w => w.InstanceId == instanceId).OrderBy(w => w.CreatedAt).Select(w => w.Id));

    private readonly IDbContextFactory<EngineDbContext> _contexts;
    private readonly DurableEngine _engine;
    private readonly string _processId;
    private readonly InboxMode _inbox;

    public EngineDriver(IDbContextFactory<EngineDbContext> contexts, string bpmnPath, InboxMode inbox)
    {
        _contexts = contexts;
        _engine = new DurableEngine(contexts, new EngineOptions());
        _inbox = inbox;
        var deployment = _engine.Deploy(Path.GetFileName(bpmnPath), File.ReadAllText(bpmnPath));
        _processId = deployment.Definitions.Single().ProcessId;
    }

    public string ProcessId => _processId;

    /// <summary>Runs one case of each branch to its end and checks the stored outcome.</summary>
    public void Check()
    {
        foreach (var bank in new[] { true, false })
        {
            var commands = 0;
            var id = RunCase(bank, null, () => commands++);
            var view = _engine.GetInstance(id) ?? throw new InvalidOperationException("the case was not stored");
            if (view.State != InstanceState.Completed || view.Waits.Count != 0
                || view.Trace.Count == 0 || !view.Variables.ContainsKey("approved"))
            {
                throw new InvalidOperationException($"the case did not complete: {view.State}, trace {string.Join(' ', view.Trace)}");
            }

            Console.WriteLine($"check: a case {(bank ? "with" : "without")} the bank branch took {commands} commands and " +
                $"visited {view.Trace.Count} elements");
        }
    }

    /// <summary>Starts <paramref name="cases"/> cases that stay open at their first task: a deployment's wait table
    /// holds the tasks of every open case, and the planner's choices for a nearly empty table are not its choices
    /// there.</summary>
    public void Seed(int cases, int clients) =>
        Parallel.For(0, cases, new ParallelOptions { MaxDegreeOfParallelism = clients },
            n => _engine.StartInstance(_processId, n % 2 == 0 ? WithBank : WithoutBank));

    public PhaseResult Run(int clients, TimeSpan warmup, TimeSpan window) => Phase.Run(clients, warmup, window, (_, phase) =>
    {
        for (var n = 0; !phase.Stopping; n++)
        {
            RunCase(n % 2 == 0, phase, null);
        }
    });

    /// <summary>Runs cases with the profiler timing each command; the last line of the report says where it went.
    /// </summary>
    public void Profile(int cases, Profiler profiler)
    {
        for (var n = 0; n < cases; n++)
        {
            RunCase(n % 2 == 0, null, null, profiler);
        }
    }

    private Guid RunCase(bool bank, Phase? phase, Action? onCommand, Profiler? profiler = null)
    {
        T Timed<T>(string kind, Func<T> action)
        {
            if (profiler is not null)
            {
                return profiler.Measure(kind, action);
            }

            var started = Stopwatch.GetTimestamp();
            var result = action();
            if (kind != "read")
            {
                phase?.Took(Stopwatch.GetTimestamp() - started);
            }

            return result;
        }

        var result = Timed("start", () => _engine.StartInstance(_processId, bank ? WithBank : WithoutBank));
        var id = result.InstanceId;
        var stale = false;
        phase?.Add(Counter.Done);
        phase?.Add(Counter.Starts);
        onCommand?.Invoke();
        while (phase?.Stopping != true)
        {
            // By default the client goes on from what its last command returned (the instance's open waits after
            // it), as a real client would; --inbox query|view look the tasks up instead, one read per step.
            IReadOnlyList<Guid> open;
            if (_inbox == InboxMode.Result && !stale)
            {
                open = result.Waits.Count == 0 ? [] : [result.Waits[0].Id];
            }
            else
            {
                open = Timed("read", () => Inbox(id));
                phase?.Add(Counter.Reads);
                stale = false;
            }

            if (open.Count == 0)
            {
                phase?.Add(Counter.Instances);
                break;
            }

            // The open tasks keep their ids while others are completed, so one look-up serves a parallel fan-out.
            foreach (var waitId in open)
            {
                if (phase?.Stopping == true)
                {
                    break;
                }

                try
                {
                    result = Timed("complete", () => _engine.Complete(id, waitId, Approved));
                    phase?.Add(Counter.Done);
                    phase?.Add(Counter.Completions);
                    onCommand?.Invoke();
                }
                catch (ConcurrencyConflictException)
                {
                    // What the client knew is stale: it looks the open tasks up before going on.
                    stale = true;
                    phase?.Add(Counter.Conflicts);
                }
            }
        }

        return id;
    }

    private List<Guid> Inbox(Guid instanceId)
    {
        if (_inbox != InboxMode.Query)
        {
            return _engine.GetInstance(instanceId)!.Waits.Select(w => w.Id).ToList();
        }

        using var db = _contexts.CreateDbContext();
        return OpenTasks(db, instanceId).ToList();
    }
}
