namespace OneThing.Engine.Timers;

/// <summary>An ISO-8601 repeating interval as used by BPMN <c>timeCycle</c>: <c>R3/PT10M</c>,
/// <c>R/PT1H</c>, <c>R2/2026-01-01T00:00:00Z/PT1H</c> or <c>R/PT1M/2026-12-31T00:00:00Z</c>.</summary>
/// <param name="Repetitions">How many times the timer fires in total; null when unbounded (<c>R/…</c>).</param>
/// <param name="Start">When given, the first firing happens exactly then.</param>
/// <param name="Interval">The time between firings; always positive.</param>
/// <param name="End">When given, no firing happens after this moment.</param>
public sealed record IsoCycle(int? Repetitions, DateTimeOffset? Start, IsoDuration Interval, DateTimeOffset? End)
{
    /// <summary>The next firing time, or null when the cycle is over.</summary>
    /// <param name="previousOrStart">The previous firing time; before the first firing, the moment the timer
    /// was set up.</param>
    /// <param name="firedSoFar">How many times the timer has fired already.</param>
    /// <returns>Null when <see cref="Repetitions"/> firings have happened, when the next firing would be after
    /// <see cref="End"/>, or when it would be outside the range of <see cref="DateTimeOffset"/>. Otherwise
    /// <see cref="Start"/> for the first firing when a start is given, else
    /// <paramref name="previousOrStart"/> plus <see cref="Interval"/>.</returns>
    public DateTimeOffset? NextAfter(DateTimeOffset previousOrStart, int firedSoFar)
    {
        if (Repetitions is { } total && firedSoFar >= total)
        {
            return null;
        }

        DateTimeOffset next;
        if (firedSoFar == 0 && Start is { } start)
        {
            next = start;
        }
        else if (!Interval.TryAddTo(previousOrStart, out next))
        {
            return null;
        }

        return End is { } end && next > end ? null : next;
    }
}
