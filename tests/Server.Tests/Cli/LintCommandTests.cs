using System.Diagnostics;
using OneThing.Server.Cli;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Cli;

public sealed class LintCommandTests : IDisposable
{
    private const string Header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:test">
        """;

    private const string CleanProcess = Header + """
          <bpmn:process id="Clean" isExecutable="true">
            <bpmn:startEvent id="Start"/>
            <bpmn:userTask id="Review" camunda:candidateGroups="综合窗口"/>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string ScriptTaskProcess = Header + """
          <bpmn:process id="Scripted" isExecutable="true">
            <bpmn:startEvent id="Start"/>
            <bpmn:scriptTask id="Compute" scriptFormat="javascript"><bpmn:script>next()</bpmn:script></bpmn:scriptTask>
            <bpmn:endEvent id="End"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Compute"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Compute" targetRef="End"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string ImplicitEndProcess = Header + """
          <bpmn:process id="Open" isExecutable="true">
            <bpmn:startEvent id="Start"/>
            <bpmn:manualTask id="Work"/>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("onething-lint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Run_CleanFile_ExitsZeroWithNothingOnStdout()
    {
        var result = Lint(Write("clean.bpmn", CleanProcess));

        Assert.Equal(LintCommand.ExitClean, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal("1 个文件，0 个错误，0 个警告", result.Stderr.Trim());
    }

    [Fact]
    public void Run_ScriptTask_ExitsOneWithFileAsGivenElementSeverityMessageAndCode()
    {
        var given = Path.GetRelativePath(Environment.CurrentDirectory, Write("script.bpmn", ScriptTaskProcess));

        var result = Lint(given);

        Assert.Equal(LintCommand.ExitProblems, result.ExitCode);
        Assert.Equal(
            $"{given}:Compute: error: 出于安全原因不运行脚本任务（scriptFormat=javascript）；请改用 FEEL 表达式或服务任务 [SCRIPT_TASK]",
            Assert.Single(Lines(result.Stdout)));
    }

    [Fact]
    public void Run_WarningsOnly_ExitsZeroAndPrintsWarningLines()
    {
        var file = Write("open.bpmn", ImplicitEndProcess);

        var result = Lint(file);

        Assert.Equal(LintCommand.ExitClean, result.ExitCode);
        var line = Assert.Single(Lines(result.Stdout));
        Assert.StartsWith($"{file}:Work: warning: ", line, StringComparison.Ordinal);
        Assert.EndsWith(" [IMPLICIT_END]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SeveralFiles_SummarisesFilesErrorsAndWarnings()
    {
        var result = Lint(Write("a.bpmn", ScriptTaskProcess), Write("b.bpmn", ImplicitEndProcess),
            Write("c.bpmn", CleanProcess));

        Assert.Equal(LintCommand.ExitProblems, result.ExitCode);
        Assert.Equal("3 个文件，1 个错误，1 个警告", result.Stderr.Trim());
    }

    [Fact]
    public void Run_MalformedXml_ReportsDefinitionsErrorAndExitsOne()
    {
        var file = Write("broken.bpmn", "<bpmn:definitions xmlns:bpmn=\"x\"><unclosed></bpmn:definitions>");

        var result = Lint(file);

        Assert.Equal(LintCommand.ExitProblems, result.ExitCode);
        var line = Assert.Single(Lines(result.Stdout));
        Assert.StartsWith($"{file}:definitions: error: ", line, StringComparison.Ordinal);
        Assert.EndsWith(" [XML_MALFORMED]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Doctype_RefusesFileAndExitsOne()
    {
        var file = Write("dtd.bpmn", """
            <?xml version="1.0"?>
            <!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol2;</bpmn:definitions>
            """);

        var result = Lint(file);

        Assert.Equal(LintCommand.ExitProblems, result.ExitCode);
        var line = Assert.Single(Lines(result.Stdout));
        Assert.StartsWith($"{file}:definitions: error: ", line, StringComparison.Ordinal);
        Assert.EndsWith(" [XML_DTD_REFUSED]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CallTargetInAnotherFileLintedTogether_IsNotReported()
    {
        var caller = Write("caller.bpmn", Header + """
              <bpmn:process id="Caller" isExecutable="true">
                <bpmn:startEvent id="Start"/>
                <bpmn:callActivity id="Call" calledElement="Clean"/>
                <bpmn:endEvent id="End"/>
                <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Call"/>
                <bpmn:sequenceFlow id="f2" sourceRef="Call" targetRef="End"/>
              </bpmn:process>
            </bpmn:definitions>
            """);

        var alone = Lint(caller);
        var together = Lint(caller, Write("callee.bpmn", CleanProcess));

        Assert.Contains("[CALL_TARGET_UNKNOWN]", alone.Stdout, StringComparison.Ordinal);
        Assert.Equal(LintCommand.ExitClean, together.ExitCode);
        Assert.Empty(together.Stdout);
    }

    [Fact]
    public void Run_NoFiles_ExitsTwoWithUsageOnStderr()
    {
        var result = Lint();

        Assert.Equal(LintCommand.ExitUsage, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("用法", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_ExitsTwoBeforeLintingAnything()
    {
        var missing = Path.Combine(_directory, "missing.bpmn");

        var result = Lint(Write("script.bpmn", ScriptTaskProcess), missing);

        Assert.Equal(LintCommand.ExitUsage, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DirectoryInsteadOfFile_ExitsTwo()
    {
        var result = Lint(_directory);

        Assert.Equal(LintCommand.ExitUsage, result.ExitCode);
        Assert.Contains("不是文件", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_ExitsTwo()
    {
        var result = Lint("--strict", Write("clean.bpmn", CleanProcess));

        Assert.Equal(LintCommand.ExitUsage, result.ExitCode);
        Assert.Contains("--strict", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_PrintsUsageToStdoutAndExitsZero()
    {
        var result = Lint("--help");

        Assert.Equal(LintCommand.ExitClean, result.ExitCode);
        Assert.Contains("lint [--] FILE...", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Run_DashNameAfterDoubleDash_IsTakenAsFileNotOption()
    {
        var result = Lint("--", "-odd.bpmn");

        Assert.Equal(LintCommand.ExitUsage, result.ExitCode);
        Assert.Contains("找不到文件：-odd.bpmn", result.Stderr, StringComparison.Ordinal);
    }

    [ConformanceTheory]
    [MemberData(nameof(RepositoryPaths.ConformanceFiles), MemberType = typeof(RepositoryPaths))]
    public void Run_ConformanceFile_ExitsZeroOrOneWithoutExceptionText(string file)
    {
        var result = Lint(Path.Combine(RepositoryPaths.Conformance, file));

        Assert.Contains(result.ExitCode, new[] { LintCommand.ExitClean, LintCommand.ExitProblems });
        AssertNoExceptionText(result.Stdout + result.Stderr);
        Assert.All(Lines(result.Stdout), line => Assert.Matches(@":[^:]+: (error|warning): .+ \[[A-Z0-9_]+\]$", line));
    }

    [Fact]
    public void ServerBinary_LintOnBrokenFiles_PrintsOneLinePerFileAndNoStackTrace()
    {
        var malformed = Write("broken.bpmn", "<definitions><oops></definitions>");
        var binary = Write("binary.bpmn", "\0\u0001\u0002 not xml at all");
        var script = Write("script.bpmn", ScriptTaskProcess);

        var (exitCode, stdout, stderr) = RunServer("lint", malformed, binary, script);

        Assert.Equal(LintCommand.ExitProblems, exitCode);
        Assert.Equal(3, Lines(stdout).Length);
        Assert.Equal("3 个文件，3 个错误，0 个警告", stderr.Trim());
        AssertNoExceptionText(stdout + stderr);
    }

    [Fact]
    public void ServerBinary_LintWithMissingFile_ExitsTwoWithoutStackTrace()
    {
        var (exitCode, stdout, stderr) = RunServer("lint", Path.Combine(_directory, "nope.bpmn"));

        Assert.Equal(LintCommand.ExitUsage, exitCode);
        Assert.Empty(stdout);
        AssertNoExceptionText(stderr);
    }

    private static void AssertNoExceptionText(string output)
    {
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(LintCommand.InternalErrorCode, output, StringComparison.Ordinal);
    }

    private static LintResult Lint(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = LintCommand.Run(args, stdout, stderr);
        return new LintResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built server (copied next to the tests with its runtime config) as its own process, the
    /// way an analyst runs it, so whatever reaches the console is what they would see.</summary>
    private static LintResult RunServer(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OneThing.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the server did not exit within a minute");
        }

        return new LintResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private sealed record LintResult(int ExitCode, string Stdout, string Stderr);
}
