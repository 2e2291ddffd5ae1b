using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Accounts;
using OneThing.Engine.Persistence;
using OneThing.Server.Api;

namespace OneThing.Server.Accounts;

/// <summary>An account as administrators see it (never the password hash).</summary>
public sealed record UserItem(string UserName, string DisplayName, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Departments, bool Locked, DateTimeOffset CreatedAt)
{
    /// <summary>From the stored account.</summary>
    public static UserItem Of(AccountRecord a, DateTimeOffset now) =>
        new(a.UserName, a.DisplayName, a.RoleList, a.DepartmentList, a.LockedUntil > now, a.CreatedAt);
}

/// <summary><c>POST /api/admin/users</c>.</summary>
public sealed record CreateUserRequest(string UserName, string DisplayName, string Password, IReadOnlyList<string> Roles,
    IReadOnlyList<string>? Departments);

/// <summary><c>PUT /api/admin/users/{userName}</c>: what to change (absent = unchanged).</summary>
public sealed record UpdateUserRequest(string? DisplayName, string? Password, IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Departments, bool? Unlock);

/// <summary>A department.</summary>
public sealed record DepartmentItem(string Code, string Name);

/// <summary>管理: users and departments, for administrators. Everyone signed in may list departments (转办 needs
/// them).</summary>
public static partial class AdminEndpoints
{
    /// <summary>Shortest password an administrator may set.</summary>
    public const int MinPasswordLength = 10;

    /// <summary>Maps <c>/api/admin/*</c> and <c>GET /api/departments</c>.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("管理 Administration").RequireAuthorization(Roles.Admin);
        admin.MapGet("/users", async (IDbContextFactory<EngineDbContext> contexts, TimeProvider clock) =>
        {
            await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
            var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync().ConfigureAwait(false);
            return TypedResults.Ok(accounts.Select(a => UserItem.Of(a, clock.GetUtcNow())).ToList());
        });
        admin.MapPost("/users", CreateUser).WithIdempotency();
        admin.MapPut("/users/{userName}", UpdateUser);
        admin.MapPost("/departments", CreateDepartment).WithIdempotency();
        app.MapGet("/api/departments", async (IDbContextFactory<EngineDbContext> contexts) =>
        {
            await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
            return TypedResults.Ok(await db.Departments.AsNoTracking().OrderBy(d => d.Code)
                .Select(d => new DepartmentItem(d.Code, d.Name)).ToListAsync().ConfigureAwait(false));
        }).WithTags("管理 Administration").RequireAuthorization();
        return app;
    }

    private static async Task<IResult> CreateUser(CreateUserRequest body, IDbContextFactory<EngineDbContext> contexts,
        IPasswordHasher<AccountRecord> hasher, TimeProvider clock)
    {
        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.UserName is null || !UserNamePattern().IsMatch(body.UserName))
        {
            errors["userName"] = ["用户名应为 2 至 100 个字母、数字或 . _ -"];
        }

        if (string.IsNullOrWhiteSpace(body.DisplayName) || body.DisplayName.Length > 100)
        {
            errors["displayName"] = ["请填写姓名（至多 100 个字符）"];
        }

        CheckPassword(body.Password, errors);
        CheckRolesAndDepartments(db, body.Roles ?? [], body.Departments ?? [], errors);
        if (errors.Count > 0)
        {
            return ProblemResponses.Problem(StatusCodes.Status400BadRequest, "VALIDATION_FAILED", "提交的数据有误",
                "请按提示修改后重新提交", new Dictionary<string, object?> { ["errors"] = errors });
        }

        if (await db.Accounts.AnyAsync(a => a.UserName == body.UserName).ConfigureAwait(false))
        {
            return ProblemResponses.Problem(StatusCodes.Status409Conflict, "USER_EXISTS", "无法创建", $"用户名 {body.UserName} 已存在");
        }

        var account = new AccountRecord
        {
            Id = Guid.CreateVersion7(), UserName = body.UserName!, DisplayName = body.DisplayName.Trim(),
            Roles = string.Join(',', body.Roles!.Distinct()), Departments = string.Join(',', (body.Departments ?? []).Distinct()),
            CreatedAt = clock.GetUtcNow(),
        };
        account.PasswordHash = hasher.HashPassword(account, body.Password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync().ConfigureAwait(false);
        return TypedResults.Created($"/api/admin/users/{account.UserName}", UserItem.Of(account, clock.GetUtcNow()));
    }

    private static async Task<IResult> UpdateUser(string userName, UpdateUserRequest body,
        IDbContextFactory<EngineDbContext> contexts, IPasswordHasher<AccountRecord> hasher, TimeProvider clock)
    {
        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.UserName == userName).ConfigureAwait(false);
        if (account is null)
        {
            return ProblemResponses.Problem(StatusCodes.Status404NotFound, "USER_NOT_FOUND", "未找到", $"用户 {userName} 不存在");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.DisplayName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > 100))
        {
            errors["displayName"] = ["请填写姓名（至多 100 个字符）"];
        }

        if (body.Password is not null)
        {
            CheckPassword(body.Password, errors);
        }

        CheckRolesAndDepartments(db, body.Roles ?? account.RoleList, body.Departments ?? account.DepartmentList, errors);
        if (errors.Count > 0)
        {
            return ProblemResponses.Problem(StatusCodes.Status400BadRequest, "VALIDATION_FAILED", "提交的数据有误",
                "请按提示修改后重新提交", new Dictionary<string, object?> { ["errors"] = errors });
        }

        account.DisplayName = body.DisplayName?.Trim() ?? account.DisplayName;
        account.Roles = body.Roles is null ? account.Roles : string.Join(',', body.Roles.Distinct());
        account.Departments = body.Departments is null ? account.Departments : string.Join(',', body.Departments.Distinct());
        if (body.Password is not null)
        {
            account.PasswordHash = hasher.HashPassword(account, body.Password);
        }

        if (body.Unlock == true)
        {
            account.LockedUntil = null;
            account.FailedSignIns = 0;
        }

        await db.SaveChangesAsync().ConfigureAwait(false);
        return TypedResults.Ok(UserItem.Of(account, clock.GetUtcNow()));
    }

    private static async Task<IResult> CreateDepartment(DepartmentItem body, IDbContextFactory<EngineDbContext> contexts)
    {
        if (body.Code is null || !DepartmentCodePattern().IsMatch(body.Code) || string.IsNullOrWhiteSpace(body.Name)
            || body.Name.Length > 100 || body.Name.Contains('\n', StringComparison.Ordinal) || body.Name.Contains(',', StringComparison.Ordinal))
        {
            return ProblemResponses.Problem(StatusCodes.Status400BadRequest, "VALIDATION_FAILED", "提交的数据有误",
                "部门代码应为 1 至 50 个小写字母、数字或 -，名称 1 至 100 个字符且不含逗号或换行");
        }

        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        if (await db.Departments.AnyAsync(d => d.Code == body.Code || d.Name == body.Name).ConfigureAwait(false))
        {
            return ProblemResponses.Problem(StatusCodes.Status409Conflict, "DEPARTMENT_EXISTS", "无法创建", "部门代码或名称已存在");
        }

        db.Departments.Add(new DepartmentRecord { Code = body.Code, Name = body.Name.Trim() });
        await db.SaveChangesAsync().ConfigureAwait(false);
        return TypedResults.Created($"/api/departments", body);
    }

    private static void CheckPassword(string? password, Dictionary<string, string[]> errors)
    {
        if (password is null || password.Length is < MinPasswordLength or > 200 || !password.Any(char.IsLetter)
            || !password.Any(char.IsDigit))
        {
            errors["password"] = [$"密码应为 {MinPasswordLength} 至 200 个字符，且同时含字母和数字"];
        }
    }

    private static void CheckRolesAndDepartments(EngineDbContext db, IReadOnlyList<string> roles,
        IReadOnlyList<string> departments, Dictionary<string, string[]> errors)
    {
        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            errors["roles"] = [$"角色应为以下若干：{string.Join("、", Roles.All)}"];
        }

        var known = db.Departments.AsNoTracking().Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        if (departments.Any(d => !known.Contains(d)))
        {
            errors["departments"] = ["部门应为已登记的部门名称"];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{2,100}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex("^[a-z0-9-]{1,50}$")]
    private static partial Regex DepartmentCodePattern();
}
