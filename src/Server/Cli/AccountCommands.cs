using OneThing.Cases.Persistence;
using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using OneThing.Cases.Accounts;
using OneThing.Server.Accounts;
using OneThing.Server.Persistence;

namespace OneThing.Server.Cli;

/// <summary><c>create-admin --user NAME [--display-name NAME] [--password-file FILE] [--data-dir DIR]</c> creates an
/// administrator (the first one of a fresh production database); <c>set-password --user NAME [--password-file FILE]
/// [--data-dir DIR]</c> sets an account's password and ends its sessions. The password is read from the file's first
/// line, or from the first line of standard input — never from the command line, where other users of the machine
/// and the shell's history would see it — and must pass <see cref="PasswordPolicy"/>. Both create or upgrade the
/// schema of the configured database first and record a security event.</summary>
/// <remarks>Exit codes: 0 done, 1 refused (password policy, name taken or unknown), 2 unusable arguments or
/// database.</remarks>
public static class AccountCommands
{
    /// <summary>The exit code when the account was created or its password set.</summary>
    public const int ExitDone = 0;

    /// <summary>The exit code when the password, the name or the account is refused.</summary>
    public const int ExitRefused = 1;

    /// <summary>The exit code when the arguments or the database are unusable.</summary>
    public const int ExitUsage = 2;

    private const string CreateUsage = "用法: OneThing.Server create-admin --user 用户名 [--display-name 姓名] [--password-file 文件] [--data-dir 目录]"
        + "（不给 --password-file 时从标准输入读入密码的第一行）";

    private const string SetUsage = "用法: OneThing.Server set-password --user 用户名 [--password-file 文件] [--data-dir 目录]"
        + "（不给 --password-file 时从标准输入读入密码的第一行）";

    /// <summary>Runs <c>create-admin</c>. Never throws.</summary>
    public static int CreateAdmin(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        Guarded("create-admin", stderr, () => Execute(args, stdin, stdout, stderr, create: true));

    /// <summary>Runs <c>set-password</c>. Never throws.</summary>
    public static int SetPassword(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        Guarded("set-password", stderr, () => Execute(args, stdin, stdout, stderr, create: false));

    private static int Execute(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr, bool create)
    {
        var name = create ? "create-admin" : "set-password";
        var usage = create ? CreateUsage : SetUsage;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h" or "-?")
            {
                stdout.WriteLine(usage);
                return ExitDone;
            }

            if (args[i] is "--password" or "-p")
            {
                return Fail(stderr, name, ExitUsage, "密码不能写在命令行上（其他用户和命令历史看得到）；请用 --password-file 或标准输入", usage);
            }

            var known = args[i] is "--user" or "--password-file" or "--data-dir" || (create && args[i] == "--display-name");
            if (!known)
            {
                return Fail(stderr, name, ExitUsage, args[i].StartsWith('-') ? $"未知选项：{args[i]}" : $"多余的参数：{args[i]}", usage);
            }

            if (i + 1 >= args.Count)
            {
                return Fail(stderr, name, ExitUsage, $"选项 {args[i]} 缺少值", usage);
            }

            options[args[i]] = args[++i];
        }

        if (!options.TryGetValue("--user", out var userName))
        {
            return Fail(stderr, name, ExitUsage, "缺少 --user", usage);
        }

        if (create && !NameRules.IsUserName(userName))
        {
            return Fail(stderr, name, ExitRefused, NameRules.UserNameRule, null);
        }

        var displayName = options.GetValueOrDefault("--display-name") ?? userName;
        if (!NameRules.IsDisplayName(displayName))
        {
            return Fail(stderr, name, ExitRefused, "姓名应为 1 至 100 个字符，不含控制字符、换行或零宽字符", null);
        }

        var password = options.TryGetValue("--password-file", out var file) ? FirstLine(File.OpenText(file)) : FirstLine(stdin);
        if (PasswordPolicy.Check(userName, password) is { } problem)
        {
            return Fail(stderr, name, ExitRefused, problem, null);
        }

        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (options.TryGetValue("--data-dir", out var dataDir))
        {
            overrides[DatabaseExtensions.DataDirKey] = dataDir;
        }

        var settings = DatabaseSettings.From(DatabaseSettings.LoadConfiguration(overrides));
        using var db = new PlatformDbContext(settings.ContextOptions());
        PlatformSchema.Migrate(db);
        var hasher = new PasswordHasher<AccountRecord>();
        var events = new SecurityEvents(NullLogger<SecurityEvents>.Instance, TimeProvider.System);
        var normalized = AccountRecord.Normalize(userName);
        var account = db.Accounts.FirstOrDefault(a => a.UserName == userName)
            ?? db.Accounts.FirstOrDefault(a => a.NormalizedUserName == normalized);
        if (create)
        {
            if (account is not null)
            {
                return Fail(stderr, name, ExitRefused, $"用户名 {account.UserName} 已存在（用户名不区分大小写）；要重设其密码请用 set-password", null);
            }

            account = new AccountRecord
            {
                Id = Guid.CreateVersion7(), UserName = userName, DisplayName = displayName.Trim(), Roles = Roles.Admin,
                Departments = "", CreatedAt = TimeProvider.System.GetUtcNow(), PasswordVetted = true,
            };
            account.PasswordHash = hasher.HashPassword(account, password!);
            db.Accounts.Add(account);
            events.SaveAsync(db, [new SecurityEvent(SecurityEvents.Created, "cli", "cli", account.UserName, After: $"角色 {Roles.Admin}")],
                CancellationToken.None).GetAwaiter().GetResult();
            stdout.WriteLine($"已创建管理员 {account.UserName}");
            return ExitDone;
        }

        if (account is null)
        {
            return Fail(stderr, name, ExitRefused, $"用户 {userName} 不存在", null);
        }

        account.PasswordHash = hasher.HashPassword(account, password!);
        account.PasswordVetted = true;
        var ended = SessionStore.EndAllAsync(db, account.Id, null, CancellationToken.None).GetAwaiter().GetResult();
        events.SaveAsync(db, [new SecurityEvent(SecurityEvents.PasswordReset, "cli", "cli", account.UserName,
            Detail: $"结束 {ended} 个会话")], CancellationToken.None).GetAwaiter().GetResult();
        stdout.WriteLine($"已设置 {account.UserName} 的密码，结束其 {ended} 个会话");
        return ExitDone;
    }

    private static string? FirstLine(TextReader reader)
    {
        using (reader as StreamReader)
        {
            return reader.ReadLine();
        }
    }

    private static int Guarded(string name, TextWriter stderr, Func<int> run)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            return run();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ArgumentException
                                       or TimeoutException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{name}: 无法完成：{ex.Message.ReplaceLineEndings(" ")}");
            return ExitUsage;
        }
    }

    private static int Fail(TextWriter stderr, string name, int exit, string message, string? usage)
    {
        stderr.WriteLine($"{name}: {message}");
        if (usage is not null)
        {
            stderr.WriteLine(usage);
        }

        return exit;
    }
}
