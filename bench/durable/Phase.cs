using System.Diagnostics;
using System.Runtime;

namespace OneThing.Bench.Durable;

/// <summary>Counters of a phase, read at the start and at the end of its measured window.</summary>
internal enum Counter
{
    /// <summary>What the phase's rate counts: engine commands or raw commits.</summary>
    Done,
    Starts,
    Completions,
    Reads,
    Instances,
    Conflicts,
}

/// <summary>What a phase measured in its windows (summed over rounds).</summary>
internal sealed record PhaseResult(long[] Counts, TimeSpan Elapsed, TimeSpan ProcessCpu, long AllocatedBytes, int[] Collections,
    long JitCompiled, TimeSpan Warmup, long[] Latencies)
{
    public static PhaseResult Empty { get; } = new(new long[Enum.GetValues<Counter>().Length], TimeSpan.Zero, TimeSpan.Zero, 0,
        [0, 0, 0], 0, TimeSpan.Zero, []);

    public long this[Counter counter] => Counts[(int)counter];

    public double Rate => this[Counter.Done] / Elapsed.TotalSeconds;

    public PhaseResult Plus(PhaseResult other) => new(Counts.Zip(other.Counts, (a, b) => a + b).ToArray(), Elapsed + other.Elapsed,
        ProcessCpu + other.ProcessCpu, AllocatedBytes + other.AllocatedBytes,
        Collections.Zip(other.Collections, (a, b) => a + b).ToArray(), JitCompiled + other.JitCompiled, Warmup + other.Warmup,
        [.. Latencies, .. other.Latencies]);

    /// <summary>The latency of one operation at a quantile (0..1), in milliseconds.</summary>
    public double LatencyMs(double quantile)
    {
        if (Latencies.Length == 0)
        {
            return 0;
        }

        var sorted = Latencies.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(quantile * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>Runs N clients on their own threads: a warm-up that is not counted, then a measured window; the clients
/// stop after the window.</summary>
internal sealed class Phase
{
    // The warm-up goes on until the JIT has settled: fewer than this many methods compiled in the last second.
    private const int SettledJitPerSecond = 20;
    private static readonly TimeSpan MaxWarmup = TimeSpan.FromSeconds(60);

    private readonly long[] _counts = new long[Enum.GetValues<Counter>().Length];
    private readonly System.Collections.Concurrent.ConcurrentQueue<long> _latencies = new();
    private volatile bool _stopping;
    private volatile bool _counting;

    public bool Stopping => _stopping;

    public void Add(Counter counter) => Interlocked.Increment(ref _counts[(int)counter]);

    /// <summary>Notes how long one counted operation took (Stopwatch ticks), if the window is open.</summary>
    public void Took(long ticks)
    {
        if (_counting)
        {
            _latencies.Enqueue(ticks);
        }
    }

    /// <summary>Runs the clients for at least <paramref name="warmup"/> (longer while the JIT is still busy), then
    /// counts for <paramref name="window"/>. <paramref name="onWindow"/>, if given, is told when the counted window
    /// opens (true) and closes (false), e.g. to read another process's CPU time over the same window.</summary>
    public static PhaseResult Run(int clients, TimeSpan warmup, TimeSpan window, Action<int, Phase> client,
        Action<bool>? onWindow = null)
    {
        var phase = new Phase();
        Exception? failure = null;
        var threads = Enumerable.Range(0, clients).Select(index => new Thread(() =>
        {
            try
            {
                client(index, phase);
            }
#pragma warning disable CA1031 // The first failure of any client is rethrown on the main thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                phase._stopping = true;
            }
        })
        { IsBackground = true, Name = $"client {index}" }).ToList();
        threads.ForEach(t => t.Start());

        var warmupStarted = Stopwatch.GetTimestamp();
        Thread.Sleep(warmup);
        while (Stopwatch.GetElapsedTime(warmupStarted) < MaxWarmup && !phase.Stopping)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            Thread.Sleep(1000);
            if (JitInfo.GetCompiledMethodCount() - compiled < SettledJitPerSecond)
            {
                break;
            }
        }

        var warmedUp = Stopwatch.GetElapsedTime(warmupStarted);
        var before = phase.Snapshot();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var jitBefore = JitInfo.GetCompiledMethodCount();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        onWindow?.Invoke(true);
        var started = Stopwatch.GetTimestamp();
        phase._counting = true;
        Thread.Sleep(window);
        phase._counting = false;
        onWindow?.Invoke(false);
        var after = phase.Snapshot();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var jit = JitInfo.GetCompiledMethodCount() - jitBefore;
        int[] collections = [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1],
            GC.CollectionCount(2) - collectionsBefore[2]];
        phase._stopping = true;
        threads.ForEach(t => t.Join());
        if (failure is not null)
        {
            throw new InvalidOperationException($"a client failed: {failure.Message}", failure);
        }

        return new PhaseResult(after.Zip(before, (a, b) => a - b).ToArray(), elapsed, cpu, allocated, collections, jit, warmedUp,
            [.. phase._latencies]);
    }

    private long[] Snapshot() => _counts.Select((_, i) => Interlocked.Read(ref _counts[i])).ToArray();
}
