using System.Globalization;

namespace OneThing.Bench.Http;

/// <summary>The command line of bench/http.</summary>
internal sealed record HttpOptions
{
    public const string Usage =
        "usage: Http sqlite|postgres --server DLL [--connection CS] [--clients N] [--seconds S] [--warmup S] [--rounds R]\n" +
        "  --server DLL     the built server (src/Server/bin/Release/net10.0/OneThing.Server.dll; run.sh builds it)\n" +
        "  --connection CS  PostgreSQL: a connection string with the right to CREATE DATABASE (default: the\n" +
        "                   ONETHING_BENCH_POSTGRES environment variable); a fresh database is made and dropped\n" +
        "  --clients N      concurrent HTTP clients in both phases (default 4); each drives its own cases with its own\n" +
        "                   sessions (cookie jar and anti-forgery token per account)\n" +
        "  --seconds S      measured seconds per phase (default 10), after at least --warmup S seconds (default 3; longer\n" +
        "                   while the JIT is still compiling)\n" +
        "  --rounds R       the phases alternate R times (raw, http, raw, http, ...), each measuring S/R seconds (default 5)";

    public required string Database { get; init; }

    public required string Server { get; init; }

    public string? Connection { get; init; }

    public int Clients { get; init; } = 4;

    public double Seconds { get; init; } = 10;

    public double Warmup { get; init; } = 3;

    public int Rounds { get; init; } = 5;

    public static HttpOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("the first argument names the database: sqlite or postgres");
        }

        var connection = Environment.GetEnvironmentVariable("ONETHING_BENCH_POSTGRES");
        string? server = null;
        int clients = 4, rounds = 5;
        double seconds = 10, warmup = 3;
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--server":
                    server = Value();
                    break;
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
                default:
                    throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        if (args[0] == "postgres" && string.IsNullOrEmpty(connection))
        {
            throw new ArgumentException("postgres needs --connection or ONETHING_BENCH_POSTGRES");
        }

        if (server is null || !File.Exists(server))
        {
            throw new ArgumentException($"--server: the server's dll is needed (given: {server ?? "nothing"})");
        }

        return new HttpOptions
        {
            Database = args[0], Server = Path.GetFullPath(server), Connection = connection, Clients = clients,
            Seconds = seconds, Warmup = Math.Max(0, warmup), Rounds = rounds,
        };
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: a positive integer");

    private static double PositiveNumber(string text, string name) =>
        double.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: a positive number");
}
