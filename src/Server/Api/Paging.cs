namespace OneThing.Server.Api;

/// <summary>Where a page of a list starts.</summary>
public static class Paging
{
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
