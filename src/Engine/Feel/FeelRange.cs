namespace OneThing.Engine.Feel;

/// <summary>A FEEL range such as <c>[1..10]</c>, <c>(1..10]</c> or <c>]date("2026-01-01")..date("2026-12-31")[</c>.
/// Ranges are never expanded into lists, so <c>x in [1..1000000000]</c> costs two comparisons.</summary>
/// <param name="Start">The lower endpoint; null when unbounded below.</param>
/// <param name="StartIncluded">Whether <paramref name="Start"/> itself belongs to the range.</param>
/// <param name="End">The upper endpoint; null when unbounded above.</param>
/// <param name="EndIncluded">Whether <paramref name="End"/> itself belongs to the range.</param>
public sealed record FeelRange(object? Start, bool StartIncluded, object? End, bool EndIncluded)
{
    /// <summary>Whether <paramref name="value"/> lies in the range: true or false, or null when the value cannot
    /// be compared with the endpoints (different types, or null).</summary>
    public bool? Contains(object? value)
    {
        if (Start is not null)
        {
            var c = FeelValue.Compare(value, Start);
            if (c is null)
            {
                return null;
            }

            if (c < 0 || c == 0 && !StartIncluded)
            {
                return false;
            }
        }

        if (End is not null)
        {
            var c = FeelValue.Compare(value, End);
            if (c is null)
            {
                return null;
            }

            if (c > 0 || c == 0 && !EndIncluded)
            {
                return false;
            }
        }

        return Start is not null || End is not null ? true : null;
    }

    /// <summary>The FEEL text of the range, e.g. <c>[1..10)</c>.</summary>
    public override string ToString() =>
        $"{(StartIncluded ? '[' : '(')}{FeelText.Format(Start)}..{FeelText.Format(End)}{(EndIncluded ? ']' : ')')}";
}
