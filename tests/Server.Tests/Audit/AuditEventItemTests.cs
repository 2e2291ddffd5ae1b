using OneThing.Cases.Audit;
using OneThing.Server.Audit;

namespace OneThing.Server.Tests.Audit;

public sealed class AuditEventItemTests
{
    [Fact]
    public void Of_Record_CopiesEveryShownField()
    {
        var record = new AuditEventRecord
        {
            Id = Guid.CreateVersion7(), CaseId = Guid.CreateVersion7(), Seq = 3,
            At = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), Actor = "clerk", Role = "clerk",
            Command = "accept", Before = "已提交", After = "已受理", Reason = "材料齐全", PrevHash = new string('a', 64),
            Hash = new string('b', 64), Format = AuditTrail.FormatV2, Facts = "~ot_case 0 Rating=x",
        };

        var item = AuditEventItem.Of(record);

        Assert.Equal(new AuditEventItem(3, record.At, "clerk", "clerk", "accept", "已提交", "已受理", "材料齐全",
            new string('a', 64), new string('b', 64), AuditTrail.FormatV2, "~ot_case 0 Rating=x"), item);
    }
}
