using OneThing.Engine.Runtime;

namespace OneThing.Engine.Tests.Runtime;

public class TimeOrderedIdTests
{
    [Fact]
    public void Next_IsVersion7WithRfcVariantAndTimestamp()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

        var id = TimeOrderedId.Next(at);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var bytes = id.ToByteArray(bigEndian: true);
        var milliseconds = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24)
            | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        Assert.Equal(at.ToUnixTimeMilliseconds(), milliseconds);
    }

    [Fact]
    public void Next_SameInstant_UniqueAndIncreasing()
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var ids = Enumerable.Range(0, 100_000).Select(_ => TimeOrderedId.Next(at)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ids.Order(Comparer<Guid>.Create((a, b) =>
            string.CompareOrdinal(a.ToString("N"), b.ToString("N")))));
    }

    [Fact]
    public void Next_LaterInstant_SortsAfter()
    {
        var earlier = TimeOrderedId.Next(DateTimeOffset.UnixEpoch.AddDays(1));
        var later = TimeOrderedId.Next(DateTimeOffset.UnixEpoch.AddDays(1).AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(earlier.ToString("N"), later.ToString("N")) < 0);
    }
}
