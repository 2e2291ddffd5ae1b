using System.Diagnostics;
using OneThing.CrashHost;
using OneThing.Engine.Runtime;
using OneThing.Integration.Tests.Persistence;
using Xunit.Abstractions;

namespace OneThing.Integration.Tests.Durability;

[Collection(HostProcess.Collection)]
public class CrashTests(ITestOutputHelper log)
{
    private const int Kills = 12;

    /// <summary>A host process starts cases, completes tasks (three workers, colliding now and then, repeating some
    /// completions as a retrying client would) and fires the one-second timers and reminders, and is killed with SIGKILL at a
    /// random moment, twelve times. Right after the last kill every acknowledged command is in the database, nothing
    /// was done twice and every case is completed or waits in a state its diagram allows. Then a host finishes
    /// every case: all due timers fired exactly once, every trace is complete.</summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Host_KilledAtRandomMoments_AcknowledgedCommandsPersistedNothingTwiceCasesValid(string provider)
    {
        var seed = Random.Shared.Next(1, 1_000_000);
        log.WriteLine($"{provider}: seed {seed}");
        var random = new Random(seed);
        using var db = TestDatabase.Create(provider);
        var acks = new List<Ack>();
        var failures = new List<string>();
        var total = Stopwatch.StartNew();

        for (var cycle = 0; cycle < Kills; cycle++)
        {
            var started = Stopwatch.StartNew();
            using var host = HostProcess.Start(db, "drive", seed + cycle);
            // Most kills hit a host at work: the random time counts from its first acknowledged command (however
            // long a loaded machine takes to get there). Every fourth counts from the process start, so some land
            // while it starts up and deploys.
            var fromStart = cycle % 4 == 3;
            if (!fromStart)
            {
                await host.WaitForLineAsync(l => Protocol.TryParseAck(l, out _), "a first ACK");
            }

            var working = started.Elapsed;

            var runFor = TimeSpan.FromMilliseconds(random.Next(500, 3000));
            await Task.Delay(runFor);
            Assert.False(host.HasExited, $"the host ended on its own: {string.Join('\n', host.Errors)}");
            host.Kill();
            Assert.Equal(128 + 9, host.ExitCode); // ended by SIGKILL, not by anything of its own

            var cycleAcks = host.Acks;
            acks.AddRange(cycleAcks);
            failures.AddRange(host.Failures);
            log.WriteLine($"kill {cycle + 1}: after {runFor.TotalMilliseconds:0} ms from {(fromStart ? "start" : $"first ACK ({working.TotalMilliseconds:0} ms after start)")}, "
                + $"exit code {host.ExitCode}, {cycleAcks.Count(a => a.Command == "start")} starts and "
                + $"{cycleAcks.Count(a => a.Command == "complete")} completions acknowledged; {host.LastStat ?? "no STAT yet"}");
        }

        var crashed = StoreSnapshot.Load(db);
        log.WriteLine($"after {Kills} kills: {crashed.Instances.Count} instances ({crashed.Count(InstanceState.Completed)} "
            + $"completed), {crashed.Waits.Count} open waits, {acks.Count} acknowledged commands, "
            + $"{crashed.History.Count(h => h.Type == "timer")} timers fired");
        Assert.Empty(failures);
        Assert.True(acks.Count(a => a.Command == "complete") > 0, "no completion was acknowledged");
        crashed.AssertAcknowledgedPersisted(acks);
        crashed.AssertNothingTwice();
        crashed.AssertCrashCasesValid();

        using (var drain = HostProcess.Start(db, "drain", seed))
        {
            await drain.WaitForLineAsync(l => l == Protocol.Done, "DONE");
            var exitCode = await drain.StopAsync();
            Assert.True(exitCode == 0, $"drain exited with {exitCode}: {string.Join('\n', drain.Errors)}");
            Assert.Empty(drain.Failures);
            acks.AddRange(drain.Acks);
            log.WriteLine($"drain: {drain.Acks.Count} completions, {drain.Output.LastOrDefault(l => l.StartsWith(Protocol.Jobs, StringComparison.Ordinal))} timers fired");
        }

        var drained = StoreSnapshot.Load(db);
        drained.AssertAcknowledgedPersisted(acks);
        drained.AssertNothingTwice();
        drained.AssertCrashCasesValid();
        drained.AssertCrashCasesFinished();
        var reminders = drained.History.Count(h => h.Type == "timer" && h.NodeId == Diagrams.CrashReminder);
        log.WriteLine($"{provider}: {drained.Instances.Count} cases finished; "
            + $"{drained.History.Count(h => h.Type == "timer" && h.NodeId == Diagrams.CrashTimer)} intermediate timers "
            + $"fired once each; {reminders} reminders fired, {drained.Instances.Count - reminders} cancelled with their "
            + $"task; {acks.Count} acknowledged commands persisted; {total.Elapsed.TotalSeconds:0.0} s");
    }
}
