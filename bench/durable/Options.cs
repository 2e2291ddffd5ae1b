using System.Globalization;

namespace OneThing.Bench.Durable;

/// <summary>The command line of the benchmark.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: Durable sqlite|postgres [--connection CS] [--clients N] [--seconds S] [--warmup S] [--bpmn FILE]\n" +
        "                               [--profile N] [--inbox query|view] [--backlog N]\n" +
        "  --connection CS  PostgreSQL: a connection string with the right to CREATE DATABASE (default: the\n" +
        "                   ONETHING_BENCH_POSTGRES environment variable); a fresh database is made and dropped\n" +
        "  --clients N      concurrent clients in both phases (default 4)\n" +
        "  --seconds S      measured seconds per phase (default 10), after at least --warmup S seconds (default 3; longer\n" +
        "                   while the JIT is still compiling)\n" +
        "  --rounds R       the phases alternate R times (raw, engine, raw, engine, ...), each measuring S/R seconds, so a\n" +
        "                   change in the machine's load hits both alike (default 5)\n" +
        "  --bpmn FILE      the diagram (default: bench/engine-vs-peer/qiye-kaiban.bpmn, else workflows/qiye-kaiban.bpmn)\n" +
        "  --profile N      afterwards, one client drives N more instances with SQL interceptors on and prints where\n" +
        "                   the time of a command goes (default 100; 0 = off)\n" +
        "  --inbox          how a client finds the open tasks of its instance: result = from what its last command\n" +
        "                   returned (default, no read), query = one query on ot_wait per step, view = the engine's\n" +
        "                   GetInstance view per step\n" +
        "  --backlog N      before measuring, N cases are started and left waiting at their first task (default 2000),\n" +
        "                   as in a deployment, where the wait table is never nearly empty";

    public required string Database { get; init; }

    public string? Connection { get; init; }

    public int Clients { get; init; } = 4;

    public double Seconds { get; init; } = 10;

    public double Warmup { get; init; } = 3;

    public int Rounds { get; init; } = 5;

    public required string Bpmn { get; init; }

    public int ProfileInstances { get; init; } = 100;

    public InboxMode Inbox { get; init; }

    public int Backlog { get; init; } = 2000;

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("the first argument names the database: sqlite or postgres");
        }

        string? connection = Environment.GetEnvironmentVariable("ONETHING_BENCH_POSTGRES");
        string? bpmn = null;
        int clients = 4, profile = 100, rounds = 5, backlog = 2000;
        double seconds = 10, warmup = 3;
        var inbox = InboxMode.Result;
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--connection":
                    connection = Value();
                    break;
                case "--clients":
                    clients = PositiveInt(Value(), "--clients");
                    break;
                case "--seconds":
                    seconds = PositiveNumber(Value(), "--seconds");
                    break;
                case "--warmup":
                    warmup = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = PositiveInt(Value(), "--rounds");
                    break;
                case "--bpmn":
                    bpmn = Value();
                    break;
                case "--profile":
                    profile = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--inbox":
                    inbox = Value() switch
                    {
                        "result" => InboxMode.Result,
                        "view" => InboxMode.View,
                        "query" => InboxMode.Query,
                        var other => throw new ArgumentException($"--inbox {other}: result, query or view"),
                    };
                    break;
                case "--backlog":
                    backlog = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        if (args[0] == "postgres" && string.IsNullOrEmpty(connection))
        {
            throw new ArgumentException("postgres needs --connection or ONETHING_BENCH_POSTGRES");
        }

        bpmn ??= new[] { "bench/engine-vs-peer/qiye-kaiban.bpmn", "workflows/qiye-kaiban.bpmn" }.FirstOrDefault(File.Exists)
            ?? throw new ArgumentException("no diagram found: pass --bpmn FILE");
        return new BenchOptions
        {
            Database = args[0], Connection = connection, Clients = clients, Seconds = seconds, Warmup = Math.Max(0, warmup), Rounds = rounds,
            Bpmn = bpmn, ProfileInstances = Math.Max(0, profile), Inbox = inbox, Backlog = Math.Max(0, backlog),
        };
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: a positive integer");

    private static double PositiveNumber(string text, string name) =>
        double.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: a positive number");
}
