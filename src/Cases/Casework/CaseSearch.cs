using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Engine.Persistence;
using OneThing.Cases.Security;

namespace OneThing.Cases.Casework;

/// <summary>The filters of a case search (办件查询, 办件追溯); every filter is optional and they combine with "and".
/// </summary>
/// <param name="ProcessId">The one-thing (BPMN process id), exact.</param>
/// <param name="State">The case's state.</param>
/// <param name="Department">Cases with a task in this department (whole name).</param>
/// <param name="Applicant">The applicant's account (user name), exact.</param>
/// <param name="IdNumber">The applicant's identity number, exact, found through its keyed lookup hash.</param>
/// <param name="Number">办件编号, exact.</param>
/// <param name="NumberPrefix">办件编号 starting with this.</param>
/// <param name="CreatedFrom">Created at or after.</param>
/// <param name="CreatedTo">Created before.</param>
/// <param name="SubmittedFrom">Submitted at or after.</param>
/// <param name="SubmittedTo">Submitted before.</param>
/// <param name="Cursor">Where the page starts: the <see cref="CaseSearchPage.NextCursor"/> of the page before; the
/// first page when null.</param>
/// <param name="PageSize">1 to <see cref="CaseSearch.MaxPageSize"/>, default <see cref="CaseSearch.DefaultPageSize"/>.
/// </param>
public sealed record CaseSearchQuery(string? ProcessId = null, CaseState? State = null, string? Department = null,
    string? Applicant = null, string? IdNumber = null, string? Number = null, string? NumberPrefix = null,
    DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, DateTimeOffset? SubmittedFrom = null,
    DateTimeOffset? SubmittedTo = null, string? Cursor = null, int? PageSize = null);

/// <summary>One page of a case search, newest first.</summary>
/// <param name="Items">The cases, read through the same context as one case is (identity numbers in clear: the
/// caller masks them per reader).</param>
/// <param name="NextCursor">The cursor of the next page; null on the last page.</param>
public sealed record CaseSearchPage(IReadOnlyList<CaseRecord> Items, string? NextCursor);

/// <summary>Searches cases, newest first, in keyset pages, seeing only the rows <see cref="CaseAccess.CanRead"/>
/// lets the actor read: auditors every case, applicants their own, clerks every case past draft, clerks and
/// approvers the cases their departments worked on or that were copied to them.</summary>
/// <remarks>The order is (created, id) descending and a cursor is the last row's pair, so a page starts strictly
/// after it: cases created while someone pages through are newer than every cursor and never shift a later page
/// (no duplicates, no gaps), which an offset would.</remarks>
public static class CaseSearch
{
    /// <summary>Cases per page unless the query says otherwise.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>Most cases per page.</summary>
    public const int MaxPageSize = 100;

    private const char CursorSeparator = '.';

    /// <summary>Runs the search.</summary>
    /// <exception cref="CaseValidationException">A page size out of range or a cursor this search did not make.
    /// </exception>
    public static async Task<CaseSearchPage> RunAsync(EngineDbContext db, CaseActor actor, CaseSearchQuery query,
        PersonalDataProtector protector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(protector);
        var size = query.PageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw CaseValidationException.Field("pageSize", $"每页条数应在 1 到 {MaxPageSize} 之间");
        }

        var after = query.Cursor is null ? ((long, Guid)?)null : ParseCursor(query.Cursor);
        var cases = Readable(db, actor);
        cases = Filtered(db, cases, query, protector);
        if (after is var (ticks, id))
        {
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            cases = cases.Where(c => c.CreatedAt < at || c.CreatedAt == at && c.Id.CompareTo(id) < 0);
        }

        var rows = await cases.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(size + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count <= size)
        {
            return new CaseSearchPage(rows, null);
        }

        rows.RemoveAt(size);
        return new CaseSearchPage(rows, CursorOf(rows[^1]));
    }

    /// <summary>The rows the actor may read; the query form of <see cref="CaseAccess.CanRead"/>, which the
    /// search tests hold against it.</summary>
    private static IQueryable<CaseRecord> Readable(EngineDbContext db, CaseActor actor)
    {
        var all = db.Set<CaseRecord>().AsNoTracking();
        if (actor.Is(Roles.Auditor))
        {
            return all;
        }

        var me = actor.UserName;
        var ownAsApplicant = actor.Is(Roles.Applicant);
        var clerk = actor.Is(Roles.Clerk);
        if (!actor.IsStaff)
        {
            return all.Where(c => ownAsApplicant && c.Applicant == me);
        }

        var tasks = db.Set<CaseTaskRecord>().AsNoTracking();
        var inMyDepartments = InAnyDepartment(actor.Departments);
        var workedOn = tasks.Where(t => t.Assignee == me || t.DelegatedBy == me || t.EndedBy == me)
            .Select(t => t.CaseId)
            .Concat(tasks.Where(inMyDepartments).Select(t => t.CaseId));
        var copied = db.Set<CaseCopyRecord>().AsNoTracking().Where(c => c.Recipient == me).Select(c => c.CaseId);
        return all.Where(c => ownAsApplicant && c.Applicant == me
                              || clerk && c.State != CaseState.Draft
                              || workedOn.Contains(c.Id)
                              || copied.Contains(c.Id));
    }

    private static IQueryable<CaseRecord> Filtered(EngineDbContext db, IQueryable<CaseRecord> cases,
        CaseSearchQuery query, PersonalDataProtector protector)
    {
        if (query.ProcessId is { } processId)
        {
            cases = cases.Where(c => c.ProcessId == processId);
        }

        if (query.State is { } state)
        {
            cases = cases.Where(c => c.State == state);
        }

        if (query.Department is { } department)
        {
            var inDepartment = db.Set<CaseTaskRecord>().AsNoTracking().Where(InAnyDepartment([department]))
                .Select(t => t.CaseId);
            cases = cases.Where(c => inDepartment.Contains(c.Id));
        }

        if (query.Applicant is { } applicant)
        {
            cases = cases.Where(c => c.Applicant == applicant);
        }

        if (!string.IsNullOrWhiteSpace(query.IdNumber))
        {
            var hash = ApplicantIdNumbers.LookupHash(protector, query.IdNumber);
            cases = cases.Where(c => c.ApplicantIdNumberHash == hash);
        }

        if (query.Number is { } number)
        {
            cases = cases.Where(c => c.Number == number);
        }

        if (query.NumberPrefix is { Length: > 0 } prefix)
        {
            cases = cases.Where(c => c.Number != null && c.Number.StartsWith(prefix));
        }

        if (query.CreatedFrom is { } createdFrom)
        {
            cases = cases.Where(c => c.CreatedAt >= createdFrom);
        }

        if (query.CreatedTo is { } createdTo)
        {
            cases = cases.Where(c => c.CreatedAt < createdTo);
        }

        if (query.SubmittedFrom is { } submittedFrom)
        {
            cases = cases.Where(c => c.SubmittedAt >= submittedFrom);
        }

        if (query.SubmittedTo is { } submittedTo)
        {
            cases = cases.Where(c => c.SubmittedAt < submittedTo);
        }

        return cases;
    }

    /// <summary>Tasks listing one of the departments, matched whole (see <see cref="CaseAccess.DepartmentList"/>).
    /// </summary>
    private static Expression<Func<CaseTaskRecord, bool>> InAnyDepartment(IEnumerable<string> departments)
    {
        var task = Expression.Parameter(typeof(CaseTaskRecord), "t");
        var stored = Expression.Property(task, nameof(CaseTaskRecord.Departments));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression any = Expression.Constant(false);
        foreach (var department in departments)
        {
            any = Expression.OrElse(any,
                Expression.Call(stored, contains, Expression.Constant(CaseAccess.DepartmentList([department]))));
        }

        return Expression.Lambda<Func<CaseTaskRecord, bool>>(any, task);
    }

    // Opaque to callers, but not a secret: it names a row the caller has already read.
    private static string CursorOf(CaseRecord last) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{last.CreatedAt.UtcTicks}{CursorSeparator}{last.Id:N}")));

    private static (long Ticks, Guid Id) ParseCursor(string cursor)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split(CursorSeparator);
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id))
            {
                return (ticks, id);
            }
        }
        catch (FormatException)
        {
            // Falls through to the same answer as a cursor that decodes to something else.
        }

        throw CaseValidationException.Field("cursor", "cursor 无效：请使用上一页返回的 nextCursor");
    }
}
