using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;

namespace OneThing.CrashHost;

/// <summary>
/// <c>dotnet OneThing.CrashHost.dll &lt;sqlite|postgres&gt; &lt;connection string&gt; &lt;mode&gt; [--workers N] [--seed N]
/// [--migrate]</c>; the tests hand it a migrated database, <c>--migrate</c> is for trying it by hand. Modes:
/// <list type="bullet">
/// <item><c>drive</c>: deploy <see cref="Diagrams.Crash"/> (a no-op when deployed), then start cases and complete
/// open tasks from several worker threads, forever, with a job executor in the same process.</item>
/// <item><c>jobs</c>: only a job executor (a second node); tasks can be completed through stdin.</item>
/// <item><c>drain</c>: job executor plus completing every open user task until no instance is running; then
/// <c>DONE</c> and exit.</item>
/// </list>
/// See <see cref="Protocol"/> for what goes in and out.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 3 || args[2] is not ("drive" or "jobs" or "drain"))
        {
            Console.Error.WriteLine(
                "usage: OneThing.CrashHost <sqlite|postgres> <connection string> <drive|jobs|drain> [--workers N] [--seed N] [--migrate]");
            return 2;
        }

        var workers = Option(args, "--workers", 3);
        var seed = Option(args, "--seed", Environment.ProcessId);
        var contexts = Contexts(args[0], args[1]);
        if (args.Contains("--migrate"))
        {
            using var db = contexts.CreateDbContext();
            db.Database.Migrate();
        }

        using var output = new LineWriter(Console.OpenStandardOutput());
        var node = new Node(contexts, output, seed);
        return node.Run(args[2], workers);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static IDbContextFactory<EngineDbContext> Contexts(string provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<EngineDbContext>();
        switch (provider)
        {
            case "sqlite":
                builder.UseSqlite(connectionString).AddInterceptors(SqliteDurability.Instance);
                break;
            case "postgres":
                builder.UseNpgsql(PostgresConnectionSettings.Apply(connectionString));
                break;
            default:
                throw new ArgumentException($"unknown provider '{provider}' (sqlite or postgres)", nameof(provider));
        }

        return EngineDbContext.PooledFactory(builder);
    }
}
