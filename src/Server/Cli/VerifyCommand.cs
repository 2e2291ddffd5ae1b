using OneThing.Cases.Persistence;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Audit;
using OneThing.Server.Persistence;

namespace OneThing.Server.Cli;

/// <summary><c>verify [--case ID] [--data-dir DIR]</c>: recomputes the audit chains (审计链) of every case, or of one,
/// in the database the server is configured with (<c>OneThing:Database</c> from <c>appsettings.json</c> and the
/// environment, as for the server), and the case facts each chain sealed against the rows stored now. Prints one line
/// per broken case to stdout, naming the case (number and id), its first broken link or the fact (table and column)
/// that no longer matches, and a summary to stderr.</summary>
/// <remarks>Exit codes: 0 when every chain is intact, 1 when some chain is broken, 2 when the arguments are unusable
/// or the database cannot be read (missing, unreachable, not upgraded to the current schema).</remarks>
public static class VerifyCommand
{
    /// <summary>The exit code when every chain is intact.</summary>
    public const int ExitIntact = 0;

    /// <summary>The exit code when some chain is broken.</summary>
    public const int ExitBroken = 1;

    /// <summary>The exit code when the arguments or the database are unusable.</summary>
    public const int ExitUsage = 2;

    private const string Usage = """
        用法: OneThing.Server verify [--case 办件ID] [--data-dir 目录]

        重新计算审计链，检查审计记录是否被修改、删除、插入或调换，
        并检查办件数据（表单、审批意见、评价、材料、任务……）是否与审计链封存的摘要一致。
        数据库取自服务器的配置（appsettings.json、环境变量 OneThing__Database__Provider /
        OneThing__Database__ConnectionString），SQLite 数据文件在 --data-dir 目录下（默认 data）。
        每个审计链被破坏的办件输出一行（办件编号、ID、不符的数据 表.列），指出第一处断裂；最后在标准错误输出汇总。

        退出码: 0 全部完好；1 有审计链被破坏；2 参数不可用或数据库无法访问。
        """;

    /// <summary>Runs the command. Never throws: every failure becomes a one-line message and an exit code.</summary>
    /// <param name="args">The arguments after <c>verify</c>.</param>
    /// <param name="stdout">Receives one line per broken case (and the usage text for <c>--help</c>).</param>
    /// <param name="stderr">Receives the summary and errors.</param>
    /// <returns><see cref="ExitIntact"/>, <see cref="ExitBroken"/> or <see cref="ExitUsage"/>.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            return RunChecked(args, stdout, stderr);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ArgumentException
                                       or TimeoutException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"verify: 无法读取数据库：{OneLine(ex.Message)}");
            return ExitUsage;
        }
#pragma warning disable CA1031 // The command line must never show a stack trace; any fault becomes one line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"verify: 内部错误（{ex.GetType().Name}）：{OneLine(ex.Message)}");
            return ExitUsage;
        }
    }

    private static int RunChecked(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        Guid? caseId = null;
        string? dataDir = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h" or "-?":
                    stdout.WriteLine(Usage);
                    return ExitIntact;
                case "--case" when i + 1 < args.Count:
                    if (!Guid.TryParse(args[++i], out var id))
                    {
                        return UsageError(stderr, $"不是有效的办件 ID：{args[i]}");
                    }

                    caseId = id;
                    break;
                case "--data-dir" when i + 1 < args.Count:
                    dataDir = args[++i];
                    break;
                case "--case" or "--data-dir":
                    return UsageError(stderr, $"选项 {args[i]} 缺少值");
                default:
                    return UsageError(stderr, args[i].StartsWith('-') ? $"未知选项：{args[i]}" : $"多余的参数：{args[i]}");
            }
        }

        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (dataDir is not null)
        {
            overrides[DatabaseExtensions.DataDirKey] = dataDir;
        }

        var settings = DatabaseSettings.From(DatabaseSettings.LoadConfiguration(overrides));
        // Opening a SQLite file that is not there would create an empty one and report "nothing to verify".
        if (settings.SqliteFile is { } file && !File.Exists(file))
        {
            return UsageError(stderr, $"找不到数据库文件：{file}（用 --data-dir 指定数据目录）");
        }

        using var db = new PlatformDbContext(settings.ContextOptions());
        if (PlatformSchema.Pending(db).FirstOrDefault() is { } pending)
        {
            stderr.WriteLine($"verify: 数据库结构不是最新版本（缺少迁移 {pending}），请先启动一次服务器完成升级");
            return ExitUsage;
        }

        IReadOnlyList<AuditVerification> results = caseId is { } one ? [AuditTrail.Verify(db, one)] : AuditTrail.VerifyAll(db);
        var broken = 0;
        foreach (var result in results.Where(r => !r.Intact))
        {
            broken++;
            stdout.WriteLine(Line(result));
        }

        // The security chain is reported on a line of its own, not counted among the cases.
        var security = results.FirstOrDefault(r => r.CaseId == SecurityChain.Id);
        if (security is not null)
        {
            stderr.WriteLine($"{SecurityChain.Name}：{security.Events} 条记录，{(security.Intact ? "完好" : "被破坏")}");
            results = [.. results.Where(r => r.CaseId != SecurityChain.Id)];
        }

        var events = results.Sum(r => r.Events);
        if (caseId is not null && events == 0)
        {
            stderr.WriteLine($"办件 {caseId} 没有审计记录");
            return ExitIntact;
        }

        stderr.WriteLine(broken == 0
            ? $"{results.Count} 个办件，{events} 条记录，全部完好"
            : $"{results.Count} 个办件，{events} 条记录，{results.Count(r => !r.Intact)} 个办件的审计链被破坏");
        return broken == 0 ? ExitIntact : ExitBroken;
    }

    /// <summary>One broken case: its number (when the row has one) and id, the fact as <c>table.column</c> when a
    /// stored fact no longer matches, and the problem.</summary>
    internal static string Line(AuditVerification result) =>
        result.CaseId == SecurityChain.Id
            ? $"{SecurityChain.Name}: {result.Problem}"
            : (result.CaseNumber is { } number ? $"办件 {number}（{result.CaseId}）" : $"办件 {result.CaseId}")
              + (result.Fact is { } fact ? $" [{fact}]" : "") + $": {result.Problem}";

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"verify: {message}");
        stderr.WriteLine("用法: OneThing.Server verify [--case 办件ID] [--data-dir 目录]（--help 查看说明）");
        return ExitUsage;
    }

    private static string OneLine(string text) => string.Join(' ',
        text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
