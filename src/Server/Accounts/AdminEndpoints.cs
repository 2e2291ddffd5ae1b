using OneThing.Cases.Persistence;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
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
/// <remarks>A new password, a lock and "sign out everywhere" end every session of the account; roles and departments
/// apply to its sessions at their next request.</remarks>
public sealed record UpdateUserRequest(string? DisplayName, string? Password, IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Departments, bool? Unlock, bool? Lock = null);

/// <summary>A department.</summary>
public sealed record DepartmentItem(string Code, string Name);

/// <summary>管理: users and departments, for administrators. Everyone signed in may list departments (转办 needs
/// them).</summary>
public static partial class AdminEndpoints
{
    /// <summary>Shortest password an administrator may set.</summary>
    public const int MinPasswordLength = PasswordPolicy.MinLength;

    /// <summary>The <see cref="AccountRecord.LockedUntil"/> of an account an administrator locked: until unlocked.
    /// </summary>
    public static readonly DateTimeOffset LockedIndefinitely = DateTimeOffset.MaxValue;

    /// <summary>Maps <c>/api/admin/*</c> and <c>GET /api/departments</c>.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("管理 Administration").RequireAuthorization(Roles.Admin);
        admin.MapGet("/users", ListUsers);
        admin.MapPost("/users", CreateUser).WithIdempotency();
        admin.MapPut("/users/{userName}", UpdateUser);
        admin.MapPost("/users/{userName}/sign-out-everywhere", SignOutEverywhere);
        admin.MapPost("/departments", CreateDepartment).WithIdempotency();
        app.MapGet("/api/departments", ListDepartments).WithTags("管理 Administration").RequireAuthorization();
        return app;
    }

    /// <summary>Every account, by user name.</summary>
    public static async Task<Ok<List<UserItem>>> ListUsers(IDbContextFactory<PlatformDbContext> contexts,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(clock);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return TypedResults.Ok(accounts.Select(a => UserItem.Of(a, clock.GetUtcNow())).ToList());
    }

    /// <summary>Every department, by code.</summary>
    public static async Task<Ok<List<DepartmentItem>>> ListDepartments(IDbContextFactory<PlatformDbContext> contexts,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await db.Departments.AsNoTracking().OrderBy(d => d.Code)
            .Select(d => new DepartmentItem(d.Code, d.Name)).ToListAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Creates an account (user names are unique in any case).</summary>
    public static async Task<Results<Created<UserItem>, ValidationProblem, ConflictProblem>> CreateUser(CreateUserRequest body, ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, IPasswordHasher<AccountRecord> hasher, SecurityEvents events,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!NameRules.IsUserName(body.UserName))
        {
            errors["userName"] = [NameRules.UserNameRule];
        }

        if (!NameRules.IsDisplayName(body.DisplayName))
        {
            errors["displayName"] = [DisplayNameRule];
        }

        CheckPassword(body.UserName, body.Password, errors);
        CheckRolesAndDepartments(db, body.Roles ?? [], body.Departments ?? [], errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var normalized = AccountRecord.Normalize(body.UserName);
        if (await db.Accounts.AnyAsync(a => a.NormalizedUserName == normalized, cancellationToken).ConfigureAwait(false))
        {
            return new ConflictProblem("USER_EXISTS", "无法创建", $"用户名 {body.UserName} 已存在（用户名不区分大小写）");
        }

        var account = new AccountRecord
        {
            Id = Guid.CreateVersion7(), UserName = body.UserName, DisplayName = body.DisplayName.Trim(),
            Roles = string.Join(',', body.Roles!.Distinct()), Departments = string.Join(',', (body.Departments ?? []).Distinct()),
            CreatedAt = clock.GetUtcNow(), PasswordVetted = true,
        };
        account.PasswordHash = hasher.HashPassword(account, body.Password);
        db.Accounts.Add(account);
        await events.SaveAsync(db, [new SecurityEvent(SecurityEvents.Created, user.Identity!.Name!, Roles.Admin,
            account.UserName, After: $"角色 {account.Roles}；部门 {account.Departments}")], cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/admin/users/{account.UserName}", UserItem.Of(account, clock.GetUtcNow()));
    }

    /// <summary>Changes an account.</summary>
    public static async Task<Results<Ok<UserItem>, ValidationProblem, NotFoundProblem>> UpdateUser(string userName, UpdateUserRequest body, ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, IPasswordHasher<AccountRecord> hasher, SecurityEvents events,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await FindAsync(db, userName, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return NotFound(userName);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.DisplayName is not null && !NameRules.IsDisplayName(body.DisplayName))
        {
            errors["displayName"] = [DisplayNameRule];
        }

        if (body.Password is not null)
        {
            CheckPassword(account.UserName, body.Password, errors);
        }

        if (body.Lock == true && body.Unlock == true)
        {
            errors["lock"] = ["不能同时锁定和解锁"];
        }

        CheckRolesAndDepartments(db, body.Roles ?? account.RoleList, body.Departments ?? account.DepartmentList, errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var admin = user.Identity!.Name!;
        var changes = new List<SecurityEvent>();
        var endSessions = false;
        account.DisplayName = body.DisplayName?.Trim() ?? account.DisplayName;
        if (body.Roles is not null && string.Join(',', body.Roles.Distinct()) is var roles && roles != account.Roles)
        {
            changes.Add(new(SecurityEvents.RolesChanged, admin, Roles.Admin, account.UserName, Before: account.Roles, After: roles));
            account.Roles = roles;
        }

        if (body.Departments is not null && string.Join(',', body.Departments.Distinct()) is var departments
            && departments != account.Departments)
        {
            changes.Add(new(SecurityEvents.DepartmentsChanged, admin, Roles.Admin, account.UserName,
                Before: account.Departments, After: departments));
            account.Departments = departments;
        }

        if (body.Password is not null)
        {
            account.PasswordHash = hasher.HashPassword(account, body.Password);
            account.PasswordVetted = true;
            changes.Add(new(SecurityEvents.PasswordReset, admin, Roles.Admin, account.UserName));
            endSessions = true;
        }

        if (body.Lock == true)
        {
            account.LockedUntil = LockedIndefinitely;
            changes.Add(new(SecurityEvents.Locked, admin, Roles.Admin, account.UserName));
            endSessions = true;
        }

        if (body.Unlock == true)
        {
            account.LockedUntil = null;
            await SignInThrottle.ClearAllAsync(db, account.Id, cancellationToken).ConfigureAwait(false);
            changes.Add(new(SecurityEvents.Unlocked, admin, Roles.Admin, account.UserName, Detail: "已清除各地址的登录失败计数"));
        }

        if (endSessions)
        {
            await SessionStore.EndAllAsync(db, account.Id, null, cancellationToken).ConfigureAwait(false);
        }

        await events.SaveAsync(db, changes, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(UserItem.Of(account, clock.GetUtcNow()));
    }

    /// <summary>Ends every session of an account.</summary>
    public static async Task<Results<NoContent, NotFoundProblem>> SignOutEverywhere(string userName, ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, SecurityEvents events, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await FindAsync(db, userName, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return NotFound(userName);
        }

        var ended = await SessionStore.EndAllAsync(db, account.Id, null, cancellationToken).ConfigureAwait(false);
        await events.SaveAsync(db, [new SecurityEvent(SecurityEvents.SignOutEverywhere, user.Identity!.Name!, Roles.Admin,
            account.UserName, Detail: $"结束 {ended} 个会话")], cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    // The exact name first: an account that collided with an older one when names became case-insensitive keeps its
    // own name and stays reachable by it.
    private static async Task<AccountRecord?> FindAsync(PlatformDbContext db, string userName, CancellationToken cancellationToken)
    {
        var normalized = AccountRecord.Normalize(userName);
        return await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, cancellationToken).ConfigureAwait(false)
            ?? await db.Accounts.FirstOrDefaultAsync(a => a.NormalizedUserName == normalized, cancellationToken)
                .ConfigureAwait(false);
    }

    private static NotFoundProblem NotFound(string userName) =>
        new("USER_NOT_FOUND", "未找到", $"用户 {userName} 不存在");

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) => Validation.Problem(errors);

    /// <summary>Registers a department (code and name unique).</summary>
    public static async Task<Results<Created<DepartmentItem>, ValidationProblem, ConflictProblem>> CreateDepartment(
        DepartmentItem body, IDbContextFactory<PlatformDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(contexts);
        var errors = new Validation.Errors()
            .Check(body.Code is null || !DepartmentCodePattern().IsMatch(body.Code), "code",
                "部门代码应为 1 至 50 个小写字母、数字或 -")
            .Check(!NameRules.IsDisplayName(body.Name) || body.Name.Contains(',', StringComparison.Ordinal), "name",
                $"名称应为 1 至 {NameRules.MaxNameLength} 个字符，不含逗号、换行或控制字符");
        if (!errors.None)
        {
            return errors.Problem();
        }

        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        if (await db.Departments.AnyAsync(d => d.Code == body.Code || d.Name == body.Name).ConfigureAwait(false))
        {
            return new ConflictProblem("DEPARTMENT_EXISTS", "无法创建", "部门代码或名称已存在");
        }

        db.Departments.Add(new DepartmentRecord { Code = body.Code!, Name = body.Name.Trim() });
        await db.SaveChangesAsync().ConfigureAwait(false);
        return TypedResults.Created($"/api/departments", body);
    }

    private const string DisplayNameRule = "请填写姓名（至多 100 个字符，不含控制字符、换行或零宽字符）";

    private static void CheckPassword(string? userName, string? password, Dictionary<string, string[]> errors)
    {
        if (PasswordPolicy.Check(userName, password) is { } problem)
        {
            errors["password"] = [problem];
        }
    }

    private static void CheckRolesAndDepartments(PlatformDbContext db, IReadOnlyList<string> roles,
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

    [GeneratedRegex(@"\A[a-z0-9-]{1,50}\z")]
    private static partial Regex DepartmentCodePattern();
}
