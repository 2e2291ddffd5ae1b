using OneThing.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Casework;

namespace OneThing.Cases.Audit;

/// <summary>Verification of the chains: each event's links and hash, then the case's stored facts against what its
/// events sealed.</summary>
public static partial class AuditTrail
{
    /// <summary>How many cases <see cref="VerifyAll"/> reads at once (their events and rows).</summary>
    private const int VerifyBatchCases = 100;

    /// <summary>Recomputes the chain of one case from the database and names its first broken link, or the first
    /// stored fact (a column of a case table) that no longer matches what the chain sealed.</summary>
    public static AuditVerification Verify(PlatformDbContext db, Guid caseId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var events = db.Set<AuditEventRecord>().AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Seq).ToList();
        return Check(db, caseId, events, RowsOf(db, [caseId]).GetValueOrDefault(caseId) ?? []);
    }

    /// <summary>Verifies every case that has events or rows, <see cref="VerifyBatchCases"/> cases at a time, so memory
    /// holds one result per case and the events and rows of one batch. A case row (or a task, comment… of a case)
    /// without any event is reported too.</summary>
    public static IReadOnlyList<AuditVerification> VerifyAll(PlatformDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var chained = db.Set<AuditEventRecord>().AsNoTracking().Select(e => e.CaseId).Distinct().ToList();
        var unchained = CaseFacts.TablesOf(db.Model).Values
            .SelectMany(t => t.Registration.CaseIds(db).AsEnumerable()).Except(chained).Distinct();
        var ids = chained.Concat(unchained).Order().ToList();
        var results = new List<AuditVerification>(ids.Count);
        foreach (var batch in ids.Chunk(VerifyBatchCases))
        {
            var events = db.Set<AuditEventRecord>().AsNoTracking().Where(e => batch.Contains(e.CaseId))
                .OrderBy(e => e.CaseId).ThenBy(e => e.Seq).AsEnumerable()
                .GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.ToList());
            var rows = RowsOf(db, batch);
            results.AddRange(batch.Select(id => Check(db, id, events.GetValueOrDefault(id) ?? [], rows.GetValueOrDefault(id) ?? [])));
        }

        return results;
    }

    private static AuditVerification Check(PlatformDbContext db, Guid caseId, List<AuditEventRecord> events,
        List<(SealedTable Table, object Row)> rows)
    {
        var number = rows.Select(r => r.Row).OfType<CaseRecord>().FirstOrDefault()?.Number;
        if (events.Count == 0)
        {
            return rows.Count == 0
                ? new AuditVerification(caseId, 0, true, null, null)
                : new AuditVerification(caseId, 0, false, null,
                    "办件数据没有任何审计记录（数据被插入，或其审计记录已全部删除）", number, rows[0].Table.Name);
        }

        var chain = new ChainCheck(caseId);
        var facts = new FactCheck();
        foreach (var record in events)
        {
            chain.Add(record);
            facts.Add(record);
        }

        var result = chain.Result() with { CaseNumber = number };
        if (!result.Intact)
        {
            return result;
        }

        var tables = CaseFacts.TablesOf(db.Model).Values.ToDictionary(t => t.Name, StringComparer.Ordinal);
        return facts.Compare(rows, tables) is { } mismatch
            ? result with { Intact = false, FirstBrokenSeq = mismatch.Seq, Problem = mismatch.Problem, Fact = mismatch.Fact }
            : result;
    }

    /// <summary>Every stored row of the cases, by case.</summary>
    private static Dictionary<Guid, List<(SealedTable Table, object Row)>> RowsOf(PlatformDbContext db,
        IReadOnlyCollection<Guid> cases)
    {
        var rows = new Dictionary<Guid, List<(SealedTable, object)>>();
        foreach (var table in CaseFacts.TablesOf(db.Model).Values)
        {
            foreach (var row in table.Registration.Rows(db, cases).AsEnumerable())
            {
                var caseId = table.CaseOf(row);
                if (!rows.TryGetValue(caseId, out var list))
                {
                    rows[caseId] = list = [];
                }

                list.Add((table, row));
            }
        }

        return rows;
    }

    /// <summary>Walks one case's events in seq order and keeps the first break.</summary>
    private sealed class ChainCheck(Guid caseId)
    {
        private string _previousHash = GenesisHash;
        private int _expectedSeq;
        private int _previousFormat = FormatV1;

        private int Events { get; set; }

        private int? BrokenSeq { get; set; }

        private string? Problem { get; set; }

        public void Add(AuditEventRecord record)
        {
            Events++;
            if (BrokenSeq is null)
            {
                Check(record);
            }

            _expectedSeq = record.Seq + 1;
            _previousHash = record.Hash;
            _previousFormat = record.Format;
        }

        public AuditVerification Result() => new(caseId, Events, BrokenSeq is null, BrokenSeq, Problem);

        private void Check(AuditEventRecord record)
        {
            if (record.Seq > _expectedSeq)
            {
                Break(_expectedSeq, record.Seq == _expectedSeq + 1
                    ? $"缺少第 {_expectedSeq} 条记录（已被删除）"
                    : $"缺少第 {_expectedSeq} 至 {record.Seq - 1} 条记录（已被删除）");
            }
            else if (record.Seq < _expectedSeq)
            {
                Break(record.Seq, $"第 {record.Seq} 条记录的序号有误（小于 {_expectedSeq}）");
            }
            else if (!string.Equals(record.PrevHash, _previousHash, StringComparison.Ordinal))
            {
                Break(record.Seq, record.Seq == 0
                    ? "第 0 条记录的前序哈希不是链的起点"
                    : $"第 {record.Seq} 条记录的前序哈希与第 {record.Seq - 1} 条记录不符（记录被替换、插入或调换）");
            }
            else if (record.Format is not (FormatV1 or FormatV2))
            {
                Break(record.Seq, $"第 {record.Seq} 条记录的编码版本 {record.Format} 未知（记录被篡改）");
            }
            else if (record.Format < _previousFormat)
            {
                // Events are only ever appended in the newest format: an older one after a newer one was rewritten.
                Break(record.Seq, $"第 {record.Seq} 条记录的编码版本早于前一条（记录被改写为旧格式）");
            }
            else if (!string.Equals(record.Hash, ComputeHash(record, ProfileOfHash(record.Hash)), StringComparison.Ordinal))
            {
                Break(record.Seq, $"第 {record.Seq} 条记录的哈希与内容不符（记录被篡改）");
            }
        }

        private void Break(int seq, string problem) => (BrokenSeq, Problem) = (seq, problem);
    }
}
