using OneThing.Cases.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;

namespace OneThing.Server.Accounts;

/// <summary>Outside demo mode the server refuses to start while any account still signs in with the published demo
/// password (<see cref="DemoData.DemoPassword"/>): a database that once ran the demo must not go live with
/// <c>admin</c> / the README's password. Each account's password is hashed at most once for this: a password that
/// does not match, or that was set through <see cref="PasswordPolicy"/> (which refuses the demo password), is marked
/// <see cref="AccountRecord.PasswordVetted"/>.</summary>
public static partial class DemoPasswordCheck
{
    /// <summary>The exit code of a start refused for demo passwords (EX_CONFIG of sysexits.h).</summary>
    public const int ExitDemoPassword = 78;

    /// <summary>The user names of accounts whose password is the demo password; marks every other unvetted account
    /// vetted.</summary>
    public static IReadOnlyList<string> AccountsWithDemoPassword(PlatformDbContext db, IPasswordHasher<AccountRecord> hasher)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(hasher);
        var unvetted = db.Accounts.AsNoTracking().Where(a => !a.PasswordVetted)
            .Select(a => new { a.Id, a.UserName, a.PasswordHash }).ToList();
        var demo = new List<string>();
        var vetted = new List<Guid>();
        foreach (var account in unvetted)
        {
            var probe = new AccountRecord { Id = account.Id, UserName = account.UserName, DisplayName = "" };
            if (hasher.VerifyHashedPassword(probe, account.PasswordHash, DemoData.DemoPassword) == PasswordVerificationResult.Failed)
            {
                vetted.Add(account.Id);
            }
            else
            {
                demo.Add(account.UserName);
            }
        }

        if (vetted.Count > 0)
        {
            db.Accounts.Where(a => vetted.Contains(a.Id)).ExecuteUpdate(u => u.SetProperty(a => a.PasswordVetted, true));
        }

        return demo.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs the check unless demo mode is on. Returns null to go on, or the exit code after logging what to
    /// do.</summary>
    public static int? Run(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<DemoOptions>().Enabled)
        {
            return null;
        }

        using var db = app.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        var demo = AccountsWithDemoPassword(db, app.Services.GetRequiredService<IPasswordHasher<AccountRecord>>());
        if (demo.Count == 0)
        {
            return null;
        }

        LogRefused(app.Logger, demo.Count, string.Join(", ", demo), ExitDemoPassword);
        return ExitDemoPassword;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "拒绝启动：不在演示模式下，但有 {Count} 个账户仍使用公开的演示密码（{Accounts}）。"
        + "请为每个账户设置新密码：dotnet run --project src/Server -- set-password --user 用户名 --password-file 文件"
        + "（或从标准输入读入密码），然后再启动；若只是想运行演示，请加 --demo 或设置 OneThing__Demo=true。退出码 {ExitCode}。")]
    private static partial void LogRefused(ILogger logger, int count, string accounts, int exitCode);
}
