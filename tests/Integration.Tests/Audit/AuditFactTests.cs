using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Audit;
using OneThing.Cases.Casework;
using OneThing.Integration.Tests.Persistence;

namespace OneThing.Integration.Tests.Audit;

public sealed class AuditFactTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Golden hashes, worked out from the published encoding by hand (tag, big-endian id, case, seq and UTC
    /// ticks, length-prefixed UTF-8 texts): the v1 encoding of events written before is unchanged, and v2 adds the
    /// facts under its own tag.</summary>
    [Fact]
    public void ComputeHash_V1AndV2Records_MatchTheirEncodings()
    {
        var v1 = new AuditEventRecord
        {
            Id = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), CaseId = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-000000000001"),
            Seq = 1, At = T0, Actor = "clerk", Role = "clerk", Command = "accept", Before = "已提交", After = "已受理",
            PrevHash = new string('a', 64), Hash = "",
        };
        var v2 = new AuditEventRecord
        {
            Id = v1.Id, CaseId = v1.CaseId, Seq = 1, At = T0, Actor = "clerk", Role = "clerk", Command = "accept",
            Before = "已提交", After = "已受理", PrevHash = new string('a', 64), Hash = "", Format = AuditTrail.FormatV2,
            Facts = "+ot_case 1 Rating=abc",
        };

        Assert.Equal("d4b3b7eed4fdbab615b032ce30d7ba0a9006895c0d68ce2cd307f7e6c616083e", AuditTrail.ComputeHash(v1));
        Assert.Equal("0ad39785ef982625320c89d612008fd0ddae53f34754b9b7d3db1dca040e845d", AuditTrail.ComputeHash(v2));
    }

    /// <summary>A case whose chain was written before facts were sealed (schema of 20261127040000_HistoryPath, v1
    /// events) upgrades, still verifies, and its next event seals every one of its rows — also the ones that command
    /// did not touch — so a later change with SQL is named.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Migrate_ChainWrittenBeforeFactsWereSealed_StaysIntactAndItsNextEventSealsEveryRow(string provider)
    {
        using var database = TestDatabase.Create(provider, migrateTo: "20261127040000_HistoryPath");
        var caseId = Guid.CreateVersion7();
        using (var old = database.CreateDbContext())
        {
            old.Database.ExecuteSql($"""
                INSERT INTO ot_case ("Id","Number","ProcessId","Applicant","ApplicantKind","ApplicantName","ApplicantIdNumber","State","FormDataJson","CreatedAt","Rating","Revision")
                VALUES ({caseId}, '310104202603020000001', 'qiye-kaiban', 'applicant', 0, '张三', '11010519491231002X', 7, '{"a":1}', {T0.UtcTicks}, NULL, 2)
                """);
            old.Database.ExecuteSql($"""
                INSERT INTO ot_case_comment ("Id","CaseId","TaskId","Kind","Author","Role","Text","At")
                VALUES ({Guid.CreateVersion7()}, {caseId}, NULL, 0, 'approver', 'approver', '同意', {T0.UtcTicks})
                """);
            var previous = AuditTrail.GenesisHash;
            foreach (var (seq, command) in new[] { (0, "create"), (1, "deliver") })
            {
                var record = new AuditEventRecord
                {
                    Id = Guid.CreateVersion7(), CaseId = caseId, Seq = seq, At = T0.AddMinutes(seq), Actor = "clerk",
                    Role = "clerk", Command = command, After = "已出件", PrevHash = previous, Hash = "",
                };
                var hash = AuditTrail.ComputeHash(record);
                old.Database.ExecuteSql($"""
                    INSERT INTO ot_audit_event ("Id","CaseId","Seq","At","Actor","Role","Command","Before","After","Reason","PrevHash","Hash")
                    VALUES ({record.Id}, {caseId}, {seq}, {record.At.UtcTicks}, 'clerk', 'clerk', {command}, NULL, '已出件', NULL, {previous}, {hash})
                    """);
                previous = hash;
            }
        }

        using (var db = database.CreateDbContext())
        {
            db.Database.Migrate();
            Assert.Equal(new AuditVerification(caseId, 2, true, null, null, "310104202603020000001"), AuditTrail.Verify(db, caseId));
            Assert.All(db.AuditEvents.Where(e => e.CaseId == caseId).ToList(), e => Assert.Equal(AuditTrail.FormatV1, e.Format));
        }

        using (var db = database.CreateDbContext())
        {
            var record = db.Set<CaseRecord>().Single(c => c.Id == caseId);
            record.Rating = 5;
            record.State = CaseState.Rated;
            AuditTrail.Append(db, caseId, new AuditEntry("applicant", "applicant", "rate", "已出件", "已评价", "5 星"), T0.AddHours(1));
            db.SaveChanges();
        }

        using (var db = database.CreateDbContext())
        {
            var rated = db.AuditEvents.Single(e => e.CaseId == caseId && e.Seq == 2);
            Assert.Equal(AuditTrail.FormatV2, rated.Format);
            Assert.StartsWith("=\n", rated.Facts, StringComparison.Ordinal);
            Assert.Contains("+ot_case_comment ", rated.Facts, StringComparison.Ordinal);
            Assert.True(AuditTrail.Verify(db, caseId).Intact);

            db.Database.ExecuteSql($"""UPDATE ot_case_comment SET "Text" = '不同意' WHERE "CaseId" = {caseId}""");
            var result = AuditTrail.Verify(db, caseId);
            Assert.False(result.Intact);
            Assert.Equal(2, result.FirstBrokenSeq);
            Assert.Equal("ot_case_comment.Text", result.Fact);
            Assert.Contains("意见内容", result.Problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void SaveChanges_SealedColumnChangedWithoutAnAuditEvent_ThrowsButAnExcludedColumnMayChange(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var caseId = Guid.CreateVersion7();
        var taskId = Guid.CreateVersion7();
        using (var db = database.CreateDbContext())
        {
            db.Add(new CaseRecord
            {
                Id = caseId, ProcessId = "p", Applicant = "applicant", ApplicantName = "张三",
                ApplicantIdNumber = "11010519491231002X", CreatedAt = T0,
            });
            db.Add(new CaseTaskRecord { Id = taskId, CaseId = caseId, NodeId = "Review", Name = "审查", CreatedAt = T0 });
            AuditTrail.Append(db, caseId, new AuditEntry("applicant", "applicant", "create", null, "草稿"), T0);
            db.SaveChanges();
        }

        using (var db = database.CreateDbContext())
        {
            db.Set<CaseRecord>().Single(c => c.Id == caseId).Rating = 1;

            var refused = Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
            Assert.Contains("ot_case.Rating", refused.Message, StringComparison.Ordinal);
        }

        using (var db = database.CreateDbContext())
        {
            db.Set<CaseTaskRecord>().Single(t => t.Id == taskId).LimitWarnedAt = T0.AddDays(1);
            db.Set<CaseRecord>().Single(c => c.Id == caseId).Revision++;
            db.SaveChanges();
        }

        using var check = database.CreateDbContext();
        Assert.True(AuditTrail.Verify(check, caseId).Intact);
        Assert.Null(check.Set<CaseRecord>().Single(c => c.Id == caseId).Rating);
    }

    [Fact]
    public void Verify_RowDeletedOrInsertedWithSql_NamesTheTable()
    {
        using var database = TestDatabase.Create("sqlite");
        var caseId = Guid.CreateVersion7();
        var commentId = Guid.CreateVersion7();
        using (var db = database.CreateDbContext())
        {
            db.Add(new CaseRecord
            {
                Id = caseId, ProcessId = "p", Applicant = "applicant", ApplicantName = "张三",
                ApplicantIdNumber = "11010519491231002X", CreatedAt = T0,
            });
            db.Add(new CaseCommentRecord { Id = commentId, CaseId = caseId, Author = "a", Role = "approver", Text = "同意", At = T0 });
            AuditTrail.Append(db, caseId, new AuditEntry("applicant", "applicant", "create", null, "草稿"), T0);
            db.SaveChanges();
        }

        using (var db = database.CreateDbContext())
        {
            db.Database.ExecuteSql($"""DELETE FROM ot_case_comment WHERE "Id" = {commentId}""");
            var deleted = AuditTrail.Verify(db, caseId);
            Assert.Equal(("ot_case_comment", 0), (deleted.Fact, deleted.FirstBrokenSeq));
            Assert.Contains("已不存在", deleted.Problem, StringComparison.Ordinal);

            db.Database.ExecuteSql($"""
                INSERT INTO ot_case_comment ("Id","CaseId","TaskId","Kind","Author","Role","Text","At")
                VALUES ({Guid.CreateVersion7()}, {caseId}, NULL, 0, 'approver', 'approver', '同意', {T0.UtcTicks})
                """);
            var inserted = AuditTrail.Verify(db, caseId);
            Assert.Equal("ot_case_comment", inserted.Fact);
            Assert.Contains("另有 1 处不符", inserted.Problem, StringComparison.Ordinal);

            var orphan = Guid.CreateVersion7();
            db.Database.ExecuteSql($"""
                INSERT INTO ot_case_comment ("Id","CaseId","TaskId","Kind","Author","Role","Text","At")
                VALUES ({Guid.CreateVersion7()}, {orphan}, NULL, 0, 'approver', 'approver', '同意', {T0.UtcTicks})
                """);
            var unchained = Assert.Single(AuditTrail.VerifyAll(db), r => r.CaseId == orphan);
            Assert.Equal((false, 0, "ot_case_comment"), (unchained.Intact, unchained.Events, unchained.Fact));
        }
    }
}
