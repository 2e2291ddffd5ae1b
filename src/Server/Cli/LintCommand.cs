using OneThing.Engine.Bpmn;
using OneThing.Engine.Feel;
using OneThing.Engine.Model;
using OneThing.Engine.Validation;

namespace OneThing.Server.Cli;

/// <summary><c>lint FILE...</c>: imports and validates BPMN files and prints one line per problem,
/// <c>FILE:ELEMENT_ID: error|warning: message [CODE]</c>, to stdout, then a summary to stderr.</summary>
/// <remarks>Exit codes: 0 when no file has an error (warnings allowed), 1 when some file has an error or cannot be
/// imported, 2 when the arguments are unusable (no file, a file that does not exist or cannot be read, an unknown
/// option). Call activities may target any executable process of the files linted together, since those would be
/// deployed together.</remarks>
public static class LintCommand
{
    /// <summary>The exit code when no file has an error.</summary>
    public const int ExitClean = 0;

    /// <summary>The exit code when some file has an error or cannot be imported.</summary>
    public const int ExitProblems = 1;

    /// <summary>The exit code when the arguments are unusable.</summary>
    public const int ExitUsage = 2;

    /// <summary>The id printed for problems of the file as a whole (it cannot be imported).</summary>
    public const string FileElementId = "definitions";

    /// <summary>The code of a file the engine failed on unexpectedly (a bug to report, not a fault of the file).</summary>
    public const string InternalErrorCode = "INTERNAL_ERROR";

    private const string Usage = """
        用法: OneThing.Server lint [--] FILE...

        导入并校验 BPMN 2.0 文件，每个问题输出一行：
          FILE:ELEMENT_ID: error|warning: 说明 [CODE]
        最后在标准错误输出汇总。一起校验的文件中的可执行流程可以互为调用活动的目标。

        退出码: 0 没有错误（可以有警告）；1 有错误或文件无法导入；2 参数不可用（没有文件、文件不存在或不可读）。
        校验规则见 docs/modelling.md。
        """;

    /// <summary>Runs the command. Never throws: every failure becomes a one-line message and an exit code.</summary>
    /// <param name="args">The arguments after <c>lint</c>.</param>
    /// <param name="stdout">Receives the problem lines (and the usage text for <c>--help</c>).</param>
    /// <param name="stderr">Receives the summary and argument errors.</param>
    /// <returns>The process exit code: <see cref="ExitClean"/>, <see cref="ExitProblems"/> or
    /// <see cref="ExitUsage"/>.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            return RunChecked(args, stdout, stderr);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lint: 无法读取文件：{OneLine(ex.Message)}");
            return ExitUsage;
        }
#pragma warning disable CA1031 // The command line must never show a stack trace; any fault becomes one line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"lint: 内部错误：{OneLine(ex.Message)}");
            return ExitUsage;
        }
    }

    private static int RunChecked(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var files = new List<string>();
        var optionsEnded = false;
        foreach (var arg in args)
        {
            if (!optionsEnded && arg is "--help" or "-h" or "-?")
            {
                stdout.WriteLine(Usage);
                return ExitClean;
            }

            if (!optionsEnded && arg == "--")
            {
                optionsEnded = true;
            }
            else if (!optionsEnded && arg.StartsWith('-') && arg.Length > 1)
            {
                return UsageError(stderr, $"未知选项：{arg}");
            }
            else
            {
                files.Add(arg);
            }
        }

        if (files.Count == 0)
        {
            return UsageError(stderr, "没有指定要校验的文件");
        }

        // Every file is checked before any is linted, so a typo in the last name does not come after pages of output.
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            return UsageError(stderr, Directory.Exists(missing) ? $"不是文件：{missing}" : $"找不到文件：{missing}");
        }

        var imported = files.Select(Import).ToList();
        var deployable = imported.SelectMany(r => r.Document?.Processes ?? []).Where(p => p.IsExecutable)
            .Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var validator = new BpmnValidator(new FeelEngine(TimeProvider.System));
        int errors = 0, warnings = 0;
        foreach (var (file, document, failure) in imported)
        {
            var problems = document is null ? [failure!] : Validate(validator, document, deployable);
            foreach (var problem in problems)
            {
                var isError = problem.Severity == ProblemSeverity.Error;
                stdout.WriteLine($"{file}:{problem.ElementId}: {(isError ? "error" : "warning")}: "
                    + $"{OneLine(problem.Message)} [{problem.Code}]");
                if (isError)
                {
                    errors++;
                }
                else
                {
                    warnings++;
                }
            }
        }

        stderr.WriteLine($"{files.Count} 个文件，{errors} 个错误，{warnings} 个警告");
        return errors > 0 ? ExitProblems : ExitClean;
    }

    /// <summary>Imports one file; a file that is not BPMN becomes a problem of the file rather than an exception.
    /// I/O failures propagate: an unreadable file is an unusable argument.</summary>
    private static ImportResult Import(string file)
    {
        try
        {
            return new ImportResult(file, BpmnImporter.ImportFile(file), null);
        }
        catch (BpmnImportException ex)
        {
            // The importer's message already says where (line and column) when it knows.
            return new ImportResult(file, null, FileProblem(ex.Code, ex.Message));
        }
#pragma warning disable CA1031 // A bug on one odd file must not hide the results of the others, nor print a trace.
        catch (Exception ex) when (ex is not (IOException or UnauthorizedAccessException))
#pragma warning restore CA1031
        {
            return new ImportResult(file, null, Internal(ex));
        }
    }

    private static IReadOnlyList<BpmnProblem> Validate(BpmnValidator validator, BpmnDocument document,
        IReadOnlySet<string> deployable)
    {
        try
        {
            return validator.Validate(document, deployable);
        }
#pragma warning disable CA1031 // As in Import: one line for the file, and the other files still get checked.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return [Internal(ex)];
        }
    }

    /// <summary>A fault of the engine itself, named so that tests over many files can spot it.</summary>
    private static BpmnProblem Internal(Exception ex) =>
        FileProblem(InternalErrorCode, $"校验时发生内部错误（{ex.GetType().Name}）：{OneLine(ex.Message)}");

    private static BpmnProblem FileProblem(string code, string message) =>
        new(FileElementId, "definitions", ProblemSeverity.Error, code, message);

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"lint: {message}");
        stderr.WriteLine("用法: OneThing.Server lint [--] FILE...（--help 查看说明）");
        return ExitUsage;
    }

    /// <summary>One problem is one line, whatever a message picked up from XML or an exception contains.</summary>
    private static string OneLine(string text) => string.Join(' ',
        text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed record ImportResult(string File, BpmnDocument? Document, BpmnProblem? Failure);
}
