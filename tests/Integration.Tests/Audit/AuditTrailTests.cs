using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Audit;
using OneThing.Engine.Persistence;
using OneThing.Integration.Tests.Persistence;

namespace OneThing.Integration.Tests.Audit;

public sealed class AuditTrailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Append_SeveralInOneUnitAndAcrossUnits_FormsOneIntactChain(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        using (var db = database.CreateDbContext())
        {
            AuditTrail.Append(db, caseId, new AuditEntry("applicant", "applicant", "submit", null, "已提交"), T0);
            AuditTrail.Append(db, other, new AuditEntry("applicant", "applicant", "submit", null, "已提交"), T0);
            AuditTrail.Append(db, caseId, new AuditEntry("clerk", "clerk", "accept", "已提交", "已受理", "材料齐全"),
                T0.AddMinutes(5));
            db.SaveChanges();
        }

        using (var db = database.CreateDbContext())
        {
            AuditTrail.Append(db, caseId, new AuditEntry("approver", "approver", "task.complete", "审查", "办结"),
                T0.AddHours(1));
            db.SaveChanges();
        }

        using var check = database.CreateDbContext();
        var events = check.AuditEvents.Where(e => e.CaseId == caseId).OrderBy(e => e.Seq).ToList();
        Assert.Equal([0, 1, 2], events.Select(e => e.Seq));
        Assert.Equal(["submit", "accept", "task.complete"], events.Select(e => e.Command));
        Assert.Equal(AuditTrail.GenesisHash, events[0].PrevHash);
        Assert.Equal(events[0].Hash, events[1].PrevHash);
        Assert.Equal(events[1].Hash, events[2].PrevHash);
        Assert.Equal(new AuditVerification(caseId, 3, true, null, null), AuditTrail.Verify(check, caseId));
        var all = AuditTrail.VerifyAll(check);
        Assert.Equal(2, all.Count);
        Assert.All(all, v => Assert.True(v.Intact));
        Assert.Equal(4, all.Sum(v => v.Events));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Verify_FieldChangedWithRawSql_NamesThatSeq(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Chain(database, 4);
        using var db = database.CreateDbContext();

        db.Database.ExecuteSql($"""UPDATE ot_audit_event SET "Reason" = '同意' WHERE "CaseId" = {caseId} AND "Seq" = 2""");

        var result = AuditTrail.Verify(db, caseId);
        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSeq);
        Assert.Equal(4, result.Events);
        Assert.Contains("第 2 条记录的哈希与内容不符", result.Problem, StringComparison.Ordinal);
        Assert.False(Assert.Single(AuditTrail.VerifyAll(db)).Intact);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Verify_TimeChangedWithRawSql_NamesThatSeq(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Chain(database, 3);
        using var db = database.CreateDbContext();

        db.Database.ExecuteSql($"""UPDATE ot_audit_event SET "At" = "At" - 1 WHERE "CaseId" = {caseId} AND "Seq" = 0""");

        Assert.Equal(0, AuditTrail.Verify(db, caseId).FirstBrokenSeq);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Verify_EventDeleted_NamesTheGap(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Chain(database, 4);
        using var db = database.CreateDbContext();

        db.Database.ExecuteSql($"""DELETE FROM ot_audit_event WHERE "CaseId" = {caseId} AND "Seq" = 1""");

        var result = AuditTrail.Verify(db, caseId);
        Assert.False(result.Intact);
        Assert.Equal(1, result.FirstBrokenSeq);
        Assert.Equal(3, result.Events);
        Assert.Contains("缺少第 1 条记录", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Verify_EventsSwapped_NamesTheFirstSwappedSeq(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Chain(database, 4);
        using var db = database.CreateDbContext();

        // Swap the positions of events 1 and 2 (through a free seq, the index being unique).
        db.Database.ExecuteSql($"""UPDATE ot_audit_event SET "Seq" = 99 WHERE "CaseId" = {caseId} AND "Seq" = 1""");
        db.Database.ExecuteSql($"""UPDATE ot_audit_event SET "Seq" = 1 WHERE "CaseId" = {caseId} AND "Seq" = 2""");
        db.Database.ExecuteSql($"""UPDATE ot_audit_event SET "Seq" = 2 WHERE "CaseId" = {caseId} AND "Seq" = 99""");

        var result = AuditTrail.Verify(db, caseId);
        Assert.Equal(1, result.FirstBrokenSeq);
        Assert.Contains("前序哈希", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Verify_EventReplacedByAConsistentlyHashedForgery_NamesTheNextLink(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Chain(database, 3);
        using (var db = database.CreateDbContext())
        {
            var original = db.AuditEvents.AsNoTracking().Single(e => e.CaseId == caseId && e.Seq == 1);
            db.Database.ExecuteSql($"""DELETE FROM ot_audit_event WHERE "Id" = {original.Id}""");
            var forged = new AuditEventRecord
            {
                Id = Guid.CreateVersion7(), CaseId = caseId, Seq = 1, At = original.At, Actor = "clerk", Role = "clerk",
                Command = "reject", Before = original.Before, After = "不予受理", PrevHash = original.PrevHash,
                Format = AuditTrail.FormatV2, Hash = "",
            };
            var hash = AuditTrail.ComputeHash(forged);
            db.Database.ExecuteSql($"""
                INSERT INTO ot_audit_event ("Id","CaseId","Seq","At","Actor","Role","Command","Before","After","Reason","PrevHash","Format","Hash")
                VALUES ({forged.Id}, {caseId}, 1, {original.At.UtcTicks}, 'clerk', 'clerk', 'reject', {original.Before}, '不予受理', NULL, {original.PrevHash}, 2, {hash})
                """);
        }

        using var check = database.CreateDbContext();
        var result = AuditTrail.Verify(check, caseId);
        Assert.Equal(2, result.FirstBrokenSeq);
        Assert.Contains("第 2 条记录的前序哈希与第 1 条记录不符", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void SaveChanges_AuditEventModifiedOrDeletedThroughEf_Throws(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Chain(database, 2);
        using (var db = database.CreateDbContext())
        {
            var tracked = db.AuditEvents.Single(e => e.CaseId == caseId && e.Seq == 0);
            db.Entry(tracked).Property(e => e.Actor).CurrentValue = "someone-else";

            var modified = Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
            Assert.Contains("只能追加", modified.Message, StringComparison.Ordinal);
        }

        using (var db = database.CreateDbContext())
        {
            db.AuditEvents.Remove(db.AuditEvents.Single(e => e.CaseId == caseId && e.Seq == 1));

            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }

        using var check = database.CreateDbContext();
        Assert.Equal(new AuditVerification(caseId, 2, true, null, null), AuditTrail.Verify(check, caseId));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void SaveChanges_TwoUnitsAppendToTheSameCase_TheLaterConflicts(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Chain(database, 1);
        using var first = database.CreateDbContext();
        using var second = database.CreateDbContext();
        AuditTrail.Append(first, caseId, new AuditEntry("clerk", "clerk", "accept", "已提交", "已受理"), T0.AddHours(1));
        AuditTrail.Append(second, caseId, new AuditEntry("clerk-2", "clerk", "reject", "已提交", "不予受理"),
            T0.AddHours(1));

        first.SaveChanges();
        var conflict = Assert.Throws<ConcurrencyConflictException>(() => second.SaveChanges());

        Assert.Equal("CONFLICT", conflict.Code);
        using var check = database.CreateDbContext();
        Assert.Equal(new AuditVerification(caseId, 2, true, null, null), AuditTrail.Verify(check, caseId));
        Assert.Equal("accept", check.AuditEvents.Single(e => e.CaseId == caseId && e.Seq == 1).Command);
    }

    [Fact]
    public void Append_FieldTooLongOrRequiredFieldEmpty_ThrowsAndAddsNothing()
    {
        using var database = TestDatabase.Create("sqlite");
        using var db = database.CreateDbContext();
        var caseId = Guid.CreateVersion7();

        Assert.Throws<ArgumentException>(() => AuditTrail.Append(db, caseId,
            new AuditEntry("clerk", "clerk", "accept", null, null, new string('理', AuditTrail.MaxReasonLength + 1)), T0));
        Assert.Throws<ArgumentException>(() => AuditTrail.Append(db, caseId,
            new AuditEntry("clerk", "clerk", " ", null, null), T0));

        Assert.False(db.ChangeTracker.HasChanges());
    }

    [Fact]
    public void ComputeHash_FieldBoundaryMoved_DiffersAndNullDiffersFromEmpty()
    {
        var a = Record("a|b", "c", null);
        var b = Record("a", "b|c", null);
        var c = Record("a", "b|c", "");

        Assert.NotEqual(AuditTrail.ComputeHash(a), AuditTrail.ComputeHash(b));
        Assert.NotEqual(AuditTrail.ComputeHash(b), AuditTrail.ComputeHash(c));
        Assert.Matches("^[0-9a-f]{64}$", AuditTrail.ComputeHash(a));

        static AuditEventRecord Record(string before, string after, string? reason) => new()
        {
            Id = Guid.Empty, CaseId = Guid.Empty, Seq = 0, At = T0, Actor = "x", Role = "y", Command = "z",
            Before = before, After = after, Reason = reason, PrevHash = AuditTrail.GenesisHash, Hash = "",
        };
    }

    /// <summary>A case with <paramref name="events"/> saved events, one unit of work each.</summary>
    private static Guid Chain(TestDatabase database, int events)
    {
        var caseId = Guid.CreateVersion7();
        for (var i = 0; i < events; i++)
        {
            using var db = database.CreateDbContext();
            AuditTrail.Append(db, caseId, new AuditEntry($"user-{i}", "approver", $"step-{i}", $"状态 {i}",
                $"状态 {i + 1}", i % 2 == 0 ? null : "同意"), T0.AddMinutes(i));
            db.SaveChanges();
        }

        return caseId;
    }
}
