using OneThing.Cases.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Engine.Persistence;
using OneThing.Server.Forms;

namespace OneThing.Server.Accounts;

/// <summary>Departments and one demo account per role, created on start in demo mode (<see cref="DemoOptions"/>).
/// Idempotent: existing rows are left as they are.</summary>
public static class DemoData
{
    /// <summary>The password of every demo account; demo mode only, documented in the README.</summary>
    public const string DemoPassword = "OneThing#2026";

    /// <summary>The departments of the shipped one-things.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Departments =
    [
        ("scjgj", "市场监管局"), ("swj", "税务局"), ("gaj", "公安局"), ("rsj", "人社局"), ("fgj", "房管局"),
        ("ghzyj", "规划资源局"), ("jgw", "建管委"), ("jd", "街道"), ("gjjzx", "公积金中心"), ("yh", "银行"),
        ("zhck", "综合窗口"),
    ];

    /// <summary>One account per role, and one approver per department of 企业开办 so a demo case can run to the end:
    /// user name, display name, roles, departments.</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Roles, string Departments)> Accounts =
    [
        ("applicant", "张三（申请人）", Roles.Applicant, ""),
        ("clerk", "李窗口（综合受理）", Roles.Clerk, "综合窗口"),
        ("approver", "王审批（市场监管局）", Roles.Approver, "市场监管局"),
        ("approver-tax", "赵审批（税务局）", Roles.Approver, "税务局"),
        ("approver-police", "吴审批（公安局）", Roles.Approver, "公安局"),
        ("approver-hrss", "郑审批（人社局）", Roles.Approver, "人社局"),
        ("approver-bank", "冯经办（银行）", Roles.Approver, "银行"),
        ("analyst", "钱分析（业务分析员）", Roles.Analyst, ""),
        ("auditor", "孙监察（审计）", Roles.Auditor, ""),
        ("admin", "周管理（管理员）", Roles.Admin, ""),
    ];

    /// <summary>Creates what is missing.</summary>
    public static void Seed(PlatformDbContext db, IPasswordHasher<AccountRecord> hasher, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(clock);
        var existingDepartments = db.Departments.AsNoTracking().Select(d => d.Code).ToHashSet();
        foreach (var (code, name) in Departments.Where(d => !existingDepartments.Contains(d.Code)))
        {
            db.Departments.Add(new DepartmentRecord { Code = code, Name = name });
        }

        var existingAccounts = db.Accounts.AsNoTracking().Select(a => a.NormalizedUserName).ToHashSet();
        foreach (var (userName, displayName, roles, departments) in Accounts.Where(a =>
                     !existingAccounts.Contains(AccountRecord.Normalize(a.UserName))))
        {
            var account = new AccountRecord
            {
                Id = Guid.CreateVersion7(), UserName = userName, DisplayName = displayName, Roles = roles,
                Departments = departments, CreatedAt = clock.GetUtcNow(),
            };
            account.PasswordHash = hasher.HashPassword(account, DemoPassword);
            db.Accounts.Add(account);
        }

        db.SaveChanges();
    }

    /// <summary>Deploys the shipped one-things (<c>workflows/*.bpmn</c>) and their forms (<c>forms/**/*.form</c>, key =
    /// path without extension) found under <paramref name="root"/>. Idempotent: identical files deploy as no-ops.
    /// </summary>
    public static void DeployShipped(PlatformDbContext db, DurableEngine engine, TimeProvider clock, string root)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(clock);
        var forms = Path.Combine(root, "forms");
        if (Directory.Exists(forms))
        {
            foreach (var file in Directory.EnumerateFiles(forms, "*.form", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var key = Path.ChangeExtension(Path.GetRelativePath(forms, file), null).Replace('\\', '/');
                FormEndpoints.DeployForm(db, key, File.ReadAllText(file), clock.GetUtcNow());
            }
        }

        var workflows = Path.Combine(root, "workflows");
        if (Directory.Exists(workflows))
        {
            foreach (var file in Directory.EnumerateFiles(workflows, "*.bpmn").Order(StringComparer.Ordinal))
            {
                engine.Deploy(Path.GetFileName(file), File.ReadAllText(file));
            }
        }
    }
}
