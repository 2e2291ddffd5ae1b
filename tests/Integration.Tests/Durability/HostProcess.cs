using System.Diagnostics;
using System.Globalization;
using System.Text;
using OneThing.CrashHost;
using OneThing.Integration.Tests.Persistence;

namespace OneThing.Integration.Tests.Durability;

/// <summary>A real OneThing.CrashHost process on a test database: its stdout lines (acknowledgements) and stderr
/// are collected as they come; it can be killed with SIGKILL or asked to stop.</summary>
internal sealed class HostProcess : IDisposable
{
    /// <summary>The tests that run host processes take turns: each would slow the others' hosts down.</summary>
    public const string Collection = "host processes";

    /// <summary>Generous bound for a host to start, finish or answer; only a hang reaches it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];

    private HostProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Stdout so far, line by line.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_lock)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Stderr so far, line by line.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>The commands the host acknowledged so far.</summary>
    public IReadOnlyList<Ack> Acks => [.. Output.Select(l => Protocol.TryParseAck(l, out var ack) ? ack : null).OfType<Ack>()];

    /// <summary>Unexpected errors the host reported.</summary>
    public IReadOnlyList<string> Failures => [.. Errors.Where(l => l.StartsWith(Protocol.Fail, StringComparison.Ordinal))];

    /// <summary>The host's last <c>STAT</c> line, for the test log.</summary>
    public string? LastStat => Output.LastOrDefault(l => l.StartsWith(Protocol.Stat, StringComparison.Ordinal));

    /// <summary>Starts <c>dotnet OneThing.CrashHost.dll &lt;provider&gt; &lt;connection&gt; &lt;mode&gt;</c> on
    /// <paramref name="db"/>.</summary>
    public static HostProcess Start(TestDatabase db, string mode, int seed, string? name = null)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "OneThing.CrashHost.dll"), db.Provider, db.ConnectionString, mode,
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var host = new HostProcess(process, name ?? mode);
        process.OutputDataReceived += (_, e) => host.Add(host._output, e.Data);
        process.ErrorDataReceived += (_, e) => host.Add(host._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until a stdout line matches; fails if the host exits first or <see cref="Patience"/> passes.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var exited = _process.HasExited;
            if (Output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (exited)
            {
                // The last lines can still be on their way from the redirected stream when HasExited turns true; the
                // parameterless WaitForExit returns only once the output has been read to its end.
                _process.WaitForExit();
                if (Output.FirstOrDefault(match) is { } last)
                {
                    return last;
                }

                Assert.Fail($"{Name} exited with {_process.ExitCode} before {what}; stderr:\n{string.Join('\n', Errors)}");
            }

            if (clock.Elapsed > Patience)
            {
                Assert.Fail($"{Name}: no {what} within {Patience}; stderr:\n{string.Join('\n', Errors)}");
            }

            await Task.Delay(20);
        }
    }

    public Task<string> WaitForReadyAsync() =>
        WaitForLineAsync(l => l.StartsWith(Protocol.Ready, StringComparison.Ordinal), "READY");

    /// <summary>Sends one command line to the host's stdin.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux), then waits until the process is gone and
    /// everything it had written to its pipes has been read.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Asks the host to stop cleanly (<c>exit</c>) and waits for it; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        try
        {
            Send("exit");
        }
        catch (IOException)
        {
            // It is exiting already (drain does after DONE) and closed its end of the pipe.
        }

        using var timeout = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>The dotnet executable running these tests: the CLI hands its path to child processes.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path))
        {
            return path;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            lines.Add(line);
        }
    }
}
