using OneThing.Cases.Casework;

namespace OneThing.Server.Api;

/// <summary>The one page object every list of the API answers with. Numbered lists (queues, inboxes) fill
/// <see cref="Total"/> and <see cref="PageNumber"/> and are asked for with <c>page</c> and <c>pageSize</c>; keyset
/// lists (the case search, the security chain) fill <see cref="NextCursor"/> and are asked for with <c>cursor</c>
/// and <c>pageSize</c>, so rows added meanwhile never shift a later page.</summary>
/// <param name="Items">The rows of the page, in the list's stable order.</param>
/// <param name="PageSize">Rows asked for per page.</param>
/// <param name="Total">Rows of every page together (numbered lists); null for keyset lists.</param>
/// <param name="PageNumber">The page, 1-based (numbered lists); null for keyset lists.</param>
/// <param name="NextCursor">The <c>cursor</c> of the next page (keyset lists); null on the last page and for
/// numbered lists.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageSize, int? Total, int? PageNumber, string? NextCursor)
{
    /// <summary>A page of a numbered list.</summary>
    public static Page<T> Numbered(IReadOnlyList<T> items, int total, int pageNumber, int pageSize) =>
        new(items, pageSize, total, pageNumber, null);

    /// <summary>A page of a keyset list.</summary>
    public static Page<T> Keyset(IReadOnlyList<T> items, int pageSize, string? nextCursor) =>
        new(items, pageSize, null, null, nextCursor);
}

/// <summary>Where a page of a numbered list starts, and the one check of <c>page</c> and <c>pageSize</c>.</summary>
public static class Paging
{
    /// <summary>Rows per page unless the query says otherwise.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>Most rows per page.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The page and its size, defaulted; a field problem (<see cref="CaseValidationException"/>, answered
    /// 400 by <see cref="Validation"/>) naming <c>page</c> or <c>pageSize</c> when out of range.</summary>
    public static (int Page, int PageSize) Check(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (page is < 1)
        {
            errors["page"] = ["页码从 1 开始"];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"每页条数应在 1 到 {MaxPageSize} 之间"];
        }

        return errors.Count > 0 ? throw new CaseValidationException(errors) : (page ?? 1, pageSize ?? DefaultPageSize);
    }

    /// <summary>How many rows come before <paramref name="page"/> (1-based) of <paramref name="pageSize"/> rows, or
    /// null when the page starts past the last of <paramref name="total"/> rows: that page is empty. Computed in 64
    /// bits, so a huge page number cannot wrap round to a negative offset, which databases read as 0 (page 1) or
    /// refuse.</summary>
    public static int? Offset(int page, int pageSize, int total)
    {
        var skip = (long)(page - 1) * pageSize;
        return skip >= total ? null : (int)skip;
    }
}
