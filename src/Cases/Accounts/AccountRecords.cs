namespace OneThing.Cases.Accounts;

/// <summary>The roles of the platform. A person may hold several.</summary>
public static class Roles
{
    /// <summary>申请人: applies for one-things, follows own cases.</summary>
    public const string Applicant = "applicant";

    /// <summary>窗口人员: intake (综合受理).</summary>
    public const string Clerk = "clerk";

    /// <summary>审批人员: clears the task queue of own departments.</summary>
    public const string Approver = "approver";

    /// <summary>业务分析员: draws and deploys processes.</summary>
    public const string Analyst = "analyst";

    /// <summary>监察/审计人员: reads everything, changes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>管理员: users, departments, calendars.</summary>
    public const string Admin = "admin";

    /// <summary>Every role.</summary>
    public static readonly IReadOnlyList<string> All = [Applicant, Clerk, Approver, Analyst, Auditor, Admin];
}

/// <summary>A local account. The password is stored only as a salted hash.</summary>
public sealed class AccountRecord
{
    private string _userName = "";

    public Guid Id { get; set; }

    /// <summary>The sign-in name as it was registered (its case kept for display). Setting it sets
    /// <see cref="NormalizedUserName"/>; the store writes the field directly, so a row read back keeps the normalised
    /// name it was stored with.</summary>
    public required string UserName
    {
        get => _userName;
        set
        {
            _userName = value;
            NormalizedUserName = Normalize(value);
        }
    }

    /// <summary><see cref="UserName"/> upper-cased (invariant culture), unique: <c>Admin</c> cannot sit beside
    /// <c>admin</c>, and sign-in finds the account whichever case is typed. Accounts that collided when the rule came
    /// in keep a suffix (<c>:</c> and their id) that no typed name can produce.</summary>
    public string NormalizedUserName { get; set; } = "";

    public required string DisplayName { get; set; }

    public string PasswordHash { get; set; } = "";

    /// <summary>Role names, comma-separated (see <see cref="Roles"/>).</summary>
    public string Roles { get; set; } = "";

    /// <summary>Department codes, comma-separated.</summary>
    public string Departments { get; set; } = "";

    /// <summary>Sign-in and every session are refused until then: set by an administrator's lock. Failed sign-ins
    /// never set it; they throttle one client address at a time (<see cref="SignInThrottleRecord"/>).</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>True once the password is known not to be the published demo password: it was set through the
    /// password policy (which refuses it), or a production start checked it. A production start verifies only
    /// accounts where this is false, so it hashes each password at most once.</summary>
    public bool PasswordVetted { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Split <see cref="Roles"/>.</summary>
    public IReadOnlyList<string> RoleList => Split(Roles);

    /// <summary>Split <see cref="Departments"/>.</summary>
    public IReadOnlyList<string> DepartmentList => Split(Departments);

    /// <summary>The normalised form of a user name: upper case, invariant culture (as ASP.NET Core Identity's
    /// default normaliser).</summary>
    public static string Normalize(string userName) => userName?.ToUpperInvariant() ?? "";

    private static string[] Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A department (市场监管局, 税务局, …); data, not code, so each district can keep its own list.</summary>
public sealed class DepartmentRecord
{
    /// <summary>Short stable code, e.g. <c>scjgj</c>; user tasks name departments by their Chinese name.</summary>
    public required string Code { get; set; }

    /// <summary>The name used as candidate group in process models, e.g. 市场监管局.</summary>
    public required string Name { get; set; }
}
