using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OneThing.Bench.Http;

/// <summary>The real server (OneThing.Server's Program on Kestrel) as a child process on 127.0.0.1 and a free port,
/// in demo mode (the demo accounts and the shipped one-things), so its CPU time is its own.</summary>
internal sealed class ServerProcess : IDisposable
{
    // Far above what the bench sends; Period / Permits must stay at least a tick (the token bucket's refill step).
    private const string UnlimitedPermits = "100000000";
    private const string UnlimitedPeriod = "00:01:40";
    private static readonly string[] LimitedRules = ["WritesPerUser", "WritesPerAddress", "DraftsPerUser", "UrgesPerUser"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the server on the data directory (and, when given, on PostgreSQL) and waits until it answers
    /// its health check.</summary>
    public static ServerProcess Start(string dll, string dataDir, string? postgres)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--demo", "--data-dir", dataDir, "--urls", address.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The rate limits are raised through configuration, as an operator would, not switched off.
        foreach (var rule in LimitedRules)
        {
            start.Environment[$"OneThing__RateLimits__{rule}__Permits"] = UnlimitedPermits;
            start.Environment[$"OneThing__RateLimits__{rule}__Period"] = UnlimitedPeriod;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (postgres is not null)
        {
            start.Environment["OneThing__Database__Provider"] = "PostgreSql";
            start.Environment["OneThing__Database__ConnectionString"] = postgres;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, address);
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode}:\n{string.Join('\n', log)}");
            }

            try
            {
                using var health = probe.Send(new HttpRequestMessage(HttpMethod.Get, "/healthz"));
                if (health.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetElapsedTime(started) > StartTimeout)
            {
                server.Dispose();
                throw new InvalidOperationException($"the server did not answer /healthz within {StartTimeout}:\n{string.Join('\n', log)}");
            }

            Thread.Sleep(200);
        }
    }

    /// <summary>The server process's CPU time so far (user + system), from /proc where there is one.</summary>
    public TimeSpan CpuTime()
    {
        var stat = $"/proc/{_process.Id}/stat";
        if (!File.Exists(stat))
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }

        // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 14th, stime the 15th.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    // USER_HZ: 100 on every Linux the bench runs on (sysconf(_SC_CLK_TCK)).
    private const int ClockTicksPerSecond = 100;

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > 200 && log.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
