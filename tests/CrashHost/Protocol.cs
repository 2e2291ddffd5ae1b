using System.Globalization;
using System.Text;

namespace OneThing.CrashHost;

/// <summary>A command the host acknowledged: it returned successfully, so its transaction committed.</summary>
/// <param name="Command"><c>start</c> or <c>complete</c>.</param>
/// <param name="InstanceId">The instance started or completed in.</param>
/// <param name="WaitId">For <c>complete</c>: the wait completed.</param>
public sealed record Ack(string Command, Guid InstanceId, Guid? WaitId);

/// <summary>The host's line protocol. Stdout: <c>READY &lt;mode&gt;</c> once set up; <c>ACK start &lt;instance&gt;</c>
/// and <c>ACK complete &lt;instance&gt; &lt;wait&gt;</c> after a command returned; <c>NACK complete … &lt;reason&gt;</c>
/// when a command read from stdin failed; <c>STAT …</c> now and then; <c>DONE</c> when <c>drain</c> finished;
/// <c>JOBS &lt;n&gt;</c> (jobs this process ran) on a clean exit. Stderr: <c>FAIL …</c> for anything unexpected.
/// Stdin: <c>complete &lt;instance&gt; &lt;wait&gt;</c>, or <c>exit</c> (or end of input) to stop cleanly.</summary>
public static class Protocol
{
    public const string Ready = "READY";

    public const string AckPrefix = "ACK";

    public const string Nack = "NACK";

    public const string Done = "DONE";

    public const string Jobs = "JOBS";

    public const string Stat = "STAT";

    public const string Fail = "FAIL";

    /// <summary>Reads an acknowledgement line; anything else, including a line cut short, is not one.</summary>
    public static bool TryParseAck(string? line, out Ack? ack)
    {
        ack = null;
        var parts = line?.Split(' ') ?? [];
        if (parts.Length < 3 || parts[0] != AckPrefix || !Guid.TryParseExact(parts[2], "D", out var instance))
        {
            return false;
        }

        if (parts is [_, "start", _])
        {
            ack = new Ack("start", instance, null);
        }
        else if (parts is [_, "complete", _, var wait] && Guid.TryParseExact(wait, "D", out var waitId))
        {
            ack = new Ack("complete", instance, waitId);
        }

        return ack is not null;
    }

    /// <summary>Formats an acknowledgement.</summary>
    public static string Format(Ack ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return ack.WaitId is { } wait
            ? string.Create(CultureInfo.InvariantCulture, $"{AckPrefix} {ack.Command} {ack.InstanceId:D} {wait:D}")
            : string.Create(CultureInfo.InvariantCulture, $"{AckPrefix} {ack.Command} {ack.InstanceId:D}");
    }
}

/// <summary>Writes whole lines to stdout, one <c>write</c> call each and flushed at once: a line shorter than the
/// pipe buffer is either entirely in the pipe or not at all when the process is killed, and once it is in the pipe
/// the reader gets it even after the writer died.</summary>
public sealed class LineWriter : IDisposable
{
    private readonly Stream _out;
    private readonly Lock _lock = new();

    public LineWriter(Stream output) => _out = output;

    public void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_lock)
        {
            _out.Write(bytes);
            _out.Flush();
        }
    }

    public void Dispose() => _out.Dispose();
}
