using System.Text;

namespace OneThing.Server.Cli;

/// <summary>Dispatches the command-line sub-commands of the server executable
/// (<c>dotnet run --project src/Server -- lint FILE...</c>, <c>… -- verify</c>, <c>… -- create-admin</c>,
/// <c>… -- set-password</c>).</summary>
public static class CliCommands
{
    /// <summary>A sub-command: takes its arguments (without its own name) and the two output streams, returns the
    /// process exit code.</summary>
    public delegate int Command(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr);

    private static readonly Dictionary<string, Command> Commands = new(StringComparer.Ordinal)
    {
        ["lint"] = LintCommand.Run,
        ["verify"] = VerifyCommand.Run,
        ["create-admin"] = (args, stdout, stderr) => AccountCommands.CreateAdmin(args, Console.In, stdout, stderr),
        ["set-password"] = (args, stdout, stderr) => AccountCommands.SetPassword(args, Console.In, stdout, stderr),
        ["master-key"] = MasterKeyCommand.Run,
    };

    /// <summary>The names of the known sub-commands.</summary>
    public static IReadOnlyCollection<string> Names => Commands.Keys;

    /// <summary>Runs the sub-command named by <paramref name="args"/>[0], if it is one, on the console.</summary>
    /// <returns>True with the command's exit code when a sub-command ran; false when the arguments are for the web
    /// host.</returns>
    public static bool TryRun(string[] args, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            exitCode = 0;
            return false;
        }

        // Messages are Chinese; a console left on a legacy code page would print them as question marks.
        Console.OutputEncoding = Encoding.UTF8;
        exitCode = command(args[1..], Console.Out, Console.Error);
        return true;
    }
}
