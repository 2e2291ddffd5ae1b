namespace OneThing.Engine.Feel;

/// <summary>A FEEL years-and-months duration (<c>duration("P1Y2M")</c>): a whole number of calendar months,
/// kept apart from days-and-time durations (<see cref="TimeSpan"/>) because a month has no fixed length.</summary>
/// <param name="TotalMonths">Years × 12 + months; negative for a negative duration.</param>
public readonly record struct FeelYearsMonths(int TotalMonths)
{
    /// <summary>The whole years (truncated toward zero).</summary>
    public int Years => TotalMonths / 12;

    /// <summary>The months beyond <see cref="Years"/> (same sign as <see cref="TotalMonths"/>).</summary>
    public int Months => TotalMonths % 12;

    /// <summary>The ISO-8601 text, e.g. <c>P1Y2M</c>, <c>-P3M</c>, <c>P0M</c>.</summary>
    public override string ToString()
    {
        if (TotalMonths == 0)
        {
            return "P0M";
        }

        var years = Math.Abs((long)TotalMonths) / 12;
        var months = Math.Abs((long)TotalMonths) % 12;
        return (TotalMonths < 0 ? "-P" : "P")
            + (years != 0 ? $"{years}Y" : "")
            + (months != 0 ? $"{months}M" : "");
    }
}
