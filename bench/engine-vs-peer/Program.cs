using System.Diagnostics;
using System.Globalization;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Runtime;

namespace OneThing.Bench.EngineVsPeer;

/// <summary>Our side of bench/engine-vs-peer: runs the 企业开办 diagram on the in-memory <see cref="ProcessEngine"/>,
/// N instances one after another, completing every user task as soon as it waits. Prints
/// <c>ours: Y instances/s</c> as its last line.</summary>
internal static class Program
{
    private const string ProcessId = "Process_QiyeKaiban";
    private const string Usage =
        "usage: EngineVsPeer [N] [--seconds T] [--warmup W] [--breakdown]\n" +
        "  N            instances to time (default 1000000); with --seconds T, keep going until T s have passed (at least N)\n" +
        "  --warmup W   untimed instances first, so tiered JIT and PGO have settled (default 20000)\n" +
        "  --breakdown  also time Start and Complete separately and count allocations (adds timer overhead)";

    private static readonly string[] BankTrace =
    [
        "StartEvent_Apply", "Task_Name", "Gateway_Fork", "Task_Seal", "Task_Tax", "Task_Social", "Gateway_Join",
        "Gateway_BankChoice", "Task_Bank", "Gateway_BankMerge", "Task_Delivery", "EndEvent_Done",
    ];

    private static readonly string[] NoBankTrace =
    [
        "StartEvent_Apply", "Task_Name", "Gateway_Fork", "Task_Seal", "Task_Tax", "Task_Social", "Gateway_Join",
        "Gateway_BankChoice", "Gateway_BankMerge", "Task_Delivery", "EndEvent_Done",
    ];

    // The start variables of the two branches; the engine copies them into the instance, so they can be shared.
    private static readonly Dictionary<string, object?> WithBank = new(StringComparer.Ordinal) { ["needsBankAccount"] = true };
    private static readonly Dictionary<string, object?> WithoutBank = new(StringComparer.Ordinal) { ["needsBankAccount"] = false };

    private static int Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"ours: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var diagram = Path.Combine(AppContext.BaseDirectory, "qiye-kaiban.bpmn");
        var parseStarted = Stopwatch.GetTimestamp();
        var document = BpmnImporter.ImportFile(diagram);
        var engine = new ProcessEngine(new EngineOptions { KeepEndedInstances = false });
        engine.Deploy(document);
        var parseTime = Stopwatch.GetElapsedTime(parseStarted);

        try
        {
            CheckOnce(engine);
            var phases = new Phases();
            for (var i = 0; i < options.Warmup; i++)
            {
                RunOne(engine, i % 2 == 0, null);
            }

            var gen0 = GC.CollectionCount(0);
            var gen1 = GC.CollectionCount(1);
            var gen2 = GC.CollectionCount(2);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var deadline = TimeSpan.FromSeconds(options.Seconds);
            long done = 0;
            var cpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            TimeSpan elapsed;
            var breakdown = options.Breakdown ? phases : null;
            do
            {
                RunOne(engine, done % 2 == 0, breakdown); // alternate needsBankAccount true / false
                done++;
                elapsed = Stopwatch.GetElapsedTime(started);
            }
            while (done < options.Count || elapsed < deadline);

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStarted;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var rate = done / elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ours: OneThing.Engine on .NET {Environment.Version}, import+deploy once {parseTime.TotalMilliseconds:F1} ms, " +
                $"warm-up {options.Warmup}, timed {done} instances in {elapsed.TotalSeconds:F2} s " +
                $"({elapsed.TotalMicroseconds / done:F2} µs/instance, {allocated / done} B allocated/instance, " +
                $"GCs gen0/1/2 {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2})"));
            // Process CPU time (all threads, GC included): steadier than wall time when the machine is shared.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ours: cpu {cpu.TotalSeconds:F2} s, {done / cpu.TotalSeconds:F1} instances/cpu-s"));
            if (breakdown is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ours: breakdown per instance: Start {breakdown.Start.TotalMicroseconds / done:F2} µs, " +
                    $"{(double)breakdown.Completes / done:F1} Complete calls {breakdown.Complete.TotalMicroseconds / done:F2} µs, " +
                    $"loop (finding the wait, checks, timers) {(elapsed - breakdown.Start - breakdown.Complete).TotalMicroseconds / done:F2} µs"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours: {rate:F1} instances/s"));
            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"ours: FAILED: {e.Message}");
            return 1;
        }
    }

    /// <summary>One instance of each branch, with its trace checked, so the benchmark cannot time a broken engine.</summary>
    private static void CheckOnce(ProcessEngine engine)
    {
        foreach (var needsBank in new[] { true, false })
        {
            var instance = RunOne(engine, needsBank, null);
            var expected = needsBank ? BankTrace : NoBankTrace;
            if (!instance.Trace.SequenceEqual(expected, StringComparer.Ordinal))
            {
                throw new InvalidOperationException(
                    $"needsBankAccount={needsBank}: trace {string.Join(",", instance.Trace)} != {string.Join(",", expected)}");
            }
        }
    }

    /// <summary>Starts one instance and completes its first open user task until it ends; throws unless it ended
    /// after exactly the user tasks of its branch (6 with the bank, 5 without).</summary>
    private static ProcessInstance RunOne(ProcessEngine engine, bool needsBank, Phases? phases)
    {
        var t0 = phases is null ? 0 : Stopwatch.GetTimestamp();
        var instance = engine.Start(ProcessId, needsBank ? WithBank : WithoutBank);
        if (phases is not null)
        {
            phases.Start += Stopwatch.GetElapsedTime(t0);
        }

        var completed = 0;
        while (!instance.IsEnded)
        {
            var wait = FirstUserTask(instance)
                ?? throw new InvalidOperationException($"instance not ended and no user task waits: {string.Join(", ", instance.Waits)}");
            var t1 = phases is null ? 0 : Stopwatch.GetTimestamp();
            engine.Complete(instance, wait.Id);
            if (phases is not null)
            {
                phases.Complete += Stopwatch.GetElapsedTime(t1);
                phases.Completes++;
            }

            completed++;
        }

        var expected = needsBank ? 6 : 5;
        if (completed != expected || instance.State != InstanceState.Completed)
        {
            throw new InvalidOperationException(
                $"needsBankAccount={needsBank}: {completed} user tasks (expected {expected}), state {instance.State}");
        }

        return instance;
    }

    private static WaitState? FirstUserTask(ProcessInstance instance)
    {
        foreach (var wait in instance.Waits)
        {
            if (wait.Kind == WaitKind.UserTask)
            {
                return wait;
            }
        }

        return null;
    }

    private sealed class Phases
    {
        public TimeSpan Start { get; set; }

        public TimeSpan Complete { get; set; }

        public long Completes { get; set; }
    }

    private sealed record Options(long Count, double Seconds, int Warmup, bool Breakdown)
    {
        public static Options Parse(string[] args)
        {
            long count = 1_000_000;
            double seconds = 0;
            var warmup = 20_000;
            var breakdown = false;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--seconds":
                        seconds = ParseNumber(Value(args, ref i), "--seconds");
                        break;
                    case "--warmup":
                        warmup = (int)ParseNumber(Value(args, ref i), "--warmup");
                        break;
                    case "--breakdown":
                        breakdown = true;
                        break;
                    default:
                        count = (long)ParseNumber(args[i], "N");
                        if (count <= 0)
                        {
                            throw new ArgumentException("N must be > 0");
                        }

                        break;
                }
            }

            return new Options(count, seconds, warmup, breakdown);
        }

        private static string Value(string[] args, ref int i) =>
            ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

        private static double ParseNumber(string text, string what) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw new ArgumentException($"{what}: not a non-negative number: {text}");
    }
}
