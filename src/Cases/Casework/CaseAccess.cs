using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;

namespace OneThing.Cases.Casework;

/// <summary>Row-level access to cases: applicants see their own, clerks every submitted case, approvers the cases
/// their departments worked on (or that were copied to them), auditors everything. Analysts and admins see none.
/// </summary>
public static class CaseAccess
{
    /// <summary>Departments are stored one per line with a line break on both ends, so a name matches only whole.
    /// </summary>
    public static string DepartmentList(IEnumerable<string> departments) =>
        "\n" + string.Join('\n', departments) + "\n";

    /// <summary>The departments of a stored list.</summary>
    public static IReadOnlyList<string> Departments(string stored) =>
        stored.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether the actor may read the case.</summary>
    public static bool CanRead(PlatformDbContext db, CaseActor actor, CaseRecord record)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(record);
        if (actor.Is(Roles.Auditor) || record.Applicant == actor.UserName && actor.Is(Roles.Applicant))
        {
            return true;
        }

        if (actor.Is(Roles.Clerk) && record.State != CaseState.Draft)
        {
            return true;
        }

        return actor.IsStaff && (WorkedOn(db, actor, record.Id)
            || db.Set<CaseCopyRecord>().Any(c => c.CaseId == record.Id && c.Recipient == actor.UserName));
    }

    /// <summary>Whether the actor may work the task: it is theirs, or open to one of their departments.</summary>
    public static bool CanWork(CaseActor actor, CaseTaskRecord task)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(task);
        if (!actor.IsStaff)
        {
            return false;
        }

        return task.Assignee == actor.UserName
            || task.Assignee is null && Departments(task.Departments).Intersect(actor.Departments).Any();
    }

    private static bool WorkedOn(PlatformDbContext db, CaseActor actor, Guid caseId)
    {
        var tasks = db.Set<CaseTaskRecord>().AsNoTracking().Where(t => t.CaseId == caseId)
            .Select(t => new { t.Departments, t.Assignee, t.DelegatedBy, t.EndedBy }).ToList();
        return tasks.Any(t => t.Assignee == actor.UserName || t.DelegatedBy == actor.UserName
            || t.EndedBy == actor.UserName || Departments(t.Departments).Intersect(actor.Departments).Any());
    }
}
