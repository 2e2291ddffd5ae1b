using System.Globalization;
using OneThing.Bench.Durable;

namespace OneThing.Bench.Http;

/// <summary>bench/http: the figure users get. N clients drive 企业开办 cases from application to rating through the
/// real server's public API (Kestrel on 127.0.0.1, a child process), against the same database's raw rate of
/// single-row commits with the same clients and durability. The last line is <c>ratio: X</c> (case commands/s ÷ raw
/// commits/s).</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        HttpOptions options;
        try
        {
            options = HttpOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"http: {e.Message}");
            Console.Error.WriteLine(HttpOptions.Usage);
            return 2;
        }

        // The database first (fresh; the raw table only): the server then migrates it on start, as on a first run.
        using var database = BenchDatabase.Create(options.Database, options.Connection, migrateEngine: false);
        var dataDir = database is SqliteBenchDatabase sqlite
            ? sqlite.Folder
            : Directory.CreateTempSubdirectory("onething-bench-http-").FullName;
        var postgres = (database as PostgresBenchDatabase)?.ConnectionString;
        try
        {
            return Measure(options, database, dataDir, postgres);
        }
        finally
        {
            if (postgres is not null)
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static int Measure(HttpOptions options, BenchDatabase database, string dataDir, string? postgres)
    {
        Console.WriteLine($"database: {database.Description}");
        using var server = ServerProcess.Start(options.Server, dataDir, postgres);
        Console.WriteLine($"server: {options.Server} at {server.Address} (child process, demo mode, data directory " +
            $"{dataDir}; rate limits raised through OneThing:RateLimits:*)");
        Console.WriteLine(Invariant($"method: {options.Clients} concurrent clients in both phases; the phases alternate ") +
            Invariant($"{options.Rounds} times (the first time after a warm-up of at least {options.Warmup:0.#} s, until the JIT has ") +
            Invariant($"settled), counting {options.Seconds / options.Rounds:0.#} s each time: {options.Seconds:0.#} s counted per phase"));
        Console.WriteLine(Invariant($"case: {CaseClient.CommandsPerCase} case commands (state-changing requests) and ") +
            Invariant($"{CaseClient.ReadsPerCase} reads (GET of the case by the next person to act, to find their task) ") +
            "from draft to rating; each client signs its six people in once, before measuring, from a loopback address of its own");

        var clients = Enumerable.Range(0, options.Clients).Select(i => new CaseClient(server.Address, i)).ToList();
        try
        {
            clients[0].RunCase(null); // checks the flow end to end before anything is counted
            WarmUpServer(server, clients, options.Warmup);
            var raw = PhaseResult.Empty;
            var http = PhaseResult.Empty;
            var serverCpu = TimeSpan.Zero;
            var window = TimeSpan.FromSeconds(options.Seconds / options.Rounds);
            for (var round = 0; round < options.Rounds; round++)
            {
                var warmup = TimeSpan.FromSeconds(round == 0 ? options.Warmup : Math.Min(options.Warmup, 0.5));
                raw = raw.Plus(RawCommits.Run(database, options.Clients, warmup, window));
                var cpuAtOpen = TimeSpan.Zero;
                http = http.Plus(Phase.Run(options.Clients, warmup, window, (client, phase) =>
                {
                    while (!phase.Stopping)
                    {
                        clients[client].RunCase(phase);
                    }
                }, open =>
                {
                    if (open)
                    {
                        cpuAtOpen = server.CpuTime();
                    }
                    else
                    {
                        serverCpu += server.CpuTime() - cpuAtOpen;
                    }
                }));
            }

            Report(raw, http, serverCpu);
            return 0;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Runs cases until the server's CPU per case command has settled: the server is a process of its
    /// own, so the client's JIT settling (what <see cref="Phase"/> waits for) says nothing about it, and on a busy
    /// machine its tiered compilation takes a minute or more to reach the code a long-running server runs.</summary>
    private static void WarmUpServer(ServerProcess server, List<CaseClient> clients, double minimumSeconds)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var previous = double.MaxValue;
        var steps = new List<string>();
        while (true)
        {
            var cpuBefore = server.CpuTime();
            var result = Phase.Run(clients.Count, TimeSpan.Zero, WarmUpStep, (client, phase) =>
            {
                while (!phase.Stopping)
                {
                    clients[client].RunCase(phase);
                }
            });
            var perCommand = (server.CpuTime() - cpuBefore).TotalMicroseconds / Math.Max(1, result[Counter.Done]);
            steps.Add(Invariant($"{perCommand:F0}"));
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (elapsed > MaxServerWarmUp || elapsed.TotalSeconds >= minimumSeconds && perCommand > previous * SettledRatio)
            {
                Console.WriteLine(Invariant($"server warm-up: {elapsed.TotalSeconds:F0} s, until its CPU per case command stopped ") +
                    Invariant($"falling (µs per {WarmUpStep.TotalSeconds:F0} s step: {string.Join(", ", steps)})"));
                return;
            }

            previous = Math.Min(previous, perCommand);
        }
    }

    // A warm-up step, and how much lower than the best step before it the next one must be to count as still falling.
    private static readonly TimeSpan WarmUpStep = TimeSpan.FromSeconds(5);
    private const double SettledRatio = 0.95;
    private static readonly TimeSpan MaxServerWarmUp = TimeSpan.FromMinutes(4);

    private static void Report(PhaseResult raw, PhaseResult http, TimeSpan serverCpu)
    {
        var commands = http[Counter.Done];
        var reads = http[Counter.Reads];
        Console.WriteLine(Invariant($"raw: {raw.Rate:F0} commits/s ({raw[Counter.Done]} single-row INSERT transactions in ") +
            Invariant($"{raw.Elapsed.TotalSeconds:F2} s; latency p50 {raw.LatencyMs(0.5):F2} ms, p99 {raw.LatencyMs(0.99):F2} ms)"));
        Console.WriteLine(Invariant($"http: {http.Rate:F0} case commands/s ({commands} commands in {http.Elapsed.TotalSeconds:F2} s; ") +
            Invariant($"{http[Counter.Instances]} cases rated; {http[Counter.Conflicts]} commands answered 409 CONFLICT and sent again ") +
            Invariant($"(not counted); {reads} reads beside them, {reads / http.Elapsed.TotalSeconds:F0}/s, ") +
            Invariant($"not counted as commands; warm-ups {http.Warmup.TotalSeconds:F1} s)"));
        Console.WriteLine(Invariant($"http: latency per case command p50 {http.LatencyMs(0.5):F2} ms, p99 {http.LatencyMs(0.99):F2} ms, ") +
            Invariant($"max {http.LatencyMs(1):F0} ms"));
        Console.WriteLine(Invariant($"http: server CPU {serverCpu.TotalMicroseconds / (commands + reads):F0} µs per request ") +
            Invariant($"({serverCpu.TotalSeconds:F2} s over {commands + reads} requests; {serverCpu.TotalMicroseconds / commands:F0} µs ") +
            Invariant($"per case command with the reads charged to them); client CPU ") +
            Invariant($"{http.ProcessCpu.TotalMicroseconds / (commands + reads):F0} µs per request"));
        Console.WriteLine(Invariant($"ratio: {http.Rate / raw.Rate:F2}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
