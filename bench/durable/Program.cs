using System.Globalization;
using OneThing.Engine.Persistence;

namespace OneThing.Bench.Durable;

/// <summary>bench/durable: the durable engine's command rate on the 企业开办 diagram against the database's own rate
/// of single-row commits, with the same clients and the same durability settings. The last line is
/// <c>ratio: X</c> (engine commands/s ÷ raw commits/s).</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"durable: {e.Message}");
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        using var database = BenchDatabase.Create(options.Database, options.Connection);
        Console.WriteLine($"database: {database.Description}");
        Console.WriteLine(Invariant($"method: {options.Clients} concurrent clients in both phases; the phases alternate ") +
            Invariant($"{options.Rounds} times (the first time after a warm-up of at least {options.Warmup:0.#} s, until the JIT has ") +
            Invariant($"settled), counting {options.Seconds / options.Rounds:0.#} s each time: {options.Seconds:0.#} s counted per phase"));
        Console.WriteLine($"diagram: {options.Bpmn}");

        var contexts = EngineDbContext.PooledFactory(database.EngineOptions());
        var driver = new EngineDriver(contexts, options.Bpmn, options.Inbox);
        driver.Check();
        driver.Seed(options.Backlog, options.Clients);
        Console.WriteLine($"backlog: {options.Backlog} cases waiting at their first task before measuring");

        var raw = PhaseResult.Empty;
        var engine = PhaseResult.Empty;
        var window = TimeSpan.FromSeconds(options.Seconds / options.Rounds);
        for (var round = 0; round < options.Rounds; round++)
        {
            // The first round warms up until the JIT has settled; later rounds only ramp the clients up again.
            var warmup = TimeSpan.FromSeconds(round == 0 ? options.Warmup : Math.Min(options.Warmup, 0.5));
            raw = raw.Plus(RawCommits.Run(database, options.Clients, warmup, window));
            engine = engine.Plus(driver.Run(options.Clients, warmup, window));
        }

        Console.WriteLine(Invariant($"raw: {raw.Rate:F0} commits/s ({raw[Counter.Done]} single-row INSERT transactions in ") +
            Invariant($"{raw.Elapsed.TotalSeconds:F2} s; client CPU {raw.ProcessCpu.TotalMicroseconds / raw[Counter.Done]:F0} µs/commit; ") +
            Invariant($"warm-ups {raw.Warmup.TotalSeconds:F1} s; latency p50 {raw.LatencyMs(0.5):F2} ms, p99 {raw.LatencyMs(0.99):F2} ms, ") +
            Invariant($"max {raw.LatencyMs(1):F0} ms)"));
        Console.WriteLine(Invariant($"engine: {engine.Rate:F0} commands/s ({engine[Counter.Done]} commands = ") +
            Invariant($"{engine[Counter.Starts]} starts + {engine[Counter.Completions]} completions in {engine.Elapsed.TotalSeconds:F2} s; ") +
            Invariant($"{engine[Counter.Instances]} cases finished; {engine[Counter.Reads]} task look-ups beside them; ") +
            Invariant($"{engine[Counter.Conflicts]} conflicts; warm-ups {engine.Warmup.TotalSeconds:F1} s; latency p50 ") +
            Invariant($"{engine.LatencyMs(0.5):F2} ms, p99 {engine.LatencyMs(0.99):F2} ms, max {engine.LatencyMs(1):F0} ms)"));
        Console.WriteLine(Invariant($"engine: client CPU {engine.ProcessCpu.TotalMicroseconds / engine[Counter.Done]:F0} µs/command, ") +
            Invariant($"{engine.AllocatedBytes / 1024.0 / engine[Counter.Done]:F0} KiB allocated/command; ") +
            Invariant($"GCs gen0/1/2 {string.Join('/', engine.Collections)}; {engine.JitCompiled} methods JIT-compiled while counting"));

        if (options.ProfileInstances > 0)
        {
            using var profiler = new Profiler();
            var profiled = new EngineDriver(EngineDbContext.PooledFactory(database.EngineOptions(profiler)), options.Bpmn, options.Inbox);
            profiled.Profile(Math.Min(20, options.ProfileInstances), profiler); // warm the profiled path up
            profiler.Reset();
            profiled.Profile(options.ProfileInstances, profiler);
            Console.WriteLine(Invariant($"profile: 1 client, {options.ProfileInstances} cases, interceptors on; per command:"));
            Console.WriteLine(profiler.Report());
        }

        Console.WriteLine(Invariant($"ratio: {engine.Rate / raw.Rate:F2}"));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
