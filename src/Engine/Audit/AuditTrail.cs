using System.Buffers.Binary;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Engine.Security;

namespace OneThing.Engine.Audit;

/// <summary>What happened to a case, as the case layer reports it to <see cref="AuditTrail.Append"/>.</summary>
/// <param name="Actor">User name of who acted (required, at most <see cref="AuditTrail.MaxActorLength"/>).</param>
/// <param name="Role">The role acted in (required, at most <see cref="AuditTrail.MaxRoleLength"/>).</param>
/// <param name="Command">The command, e.g. <c>submit</c>, <c>accept</c>, <c>task.complete</c> (required, at most
/// <see cref="AuditTrail.MaxCommandLength"/>).</param>
/// <param name="Before">Short summary of the state before (at most <see cref="AuditTrail.MaxSummaryLength"/>).</param>
/// <param name="After">Short summary of the state after (at most <see cref="AuditTrail.MaxSummaryLength"/>).</param>
/// <param name="Reason">审批意见, 不予受理理由… (at most <see cref="AuditTrail.MaxReasonLength"/>).</param>
public sealed record AuditEntry(string Actor, string Role, string Command, string? Before, string? After,
    string? Reason = null);

/// <summary>The result of recomputing one case's chain.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Events">How many events the case has.</param>
/// <param name="Intact">True when every link checks out.</param>
/// <param name="FirstBrokenSeq">The first position where the chain breaks (for a deleted event, the missing
/// position); null when intact.</param>
/// <param name="Problem">What is wrong there, in Chinese; null when intact.</param>
public sealed record AuditVerification(Guid CaseId, int Events, bool Intact, int? FirstBrokenSeq, string? Problem);

/// <summary>The tamper-evident audit trail of cases (审计链): every state change of a case appends an event whose
/// hash covers its content and the previous event's hash, so a changed, deleted, reordered or re-inserted event
/// breaks the chain from that point on.</summary>
/// <remarks>The chain proves that stored events were not changed by anyone who cannot recompute it; whoever can
/// write the table and knows the algorithm can rewrite a whole chain, and dropping the newest events of a case
/// leaves a shorter chain that still verifies. Anchor the newest hashes elsewhere (a report, a signed export) to
/// detect those.</remarks>
public static class AuditTrail
{
    /// <summary>Longest <see cref="AuditEntry.Actor"/> (a user name).</summary>
    public const int MaxActorLength = 100;

    /// <summary>Longest <see cref="AuditEntry.Role"/>.</summary>
    public const int MaxRoleLength = 50;

    /// <summary>Longest <see cref="AuditEntry.Command"/>.</summary>
    public const int MaxCommandLength = 100;

    /// <summary>Longest <see cref="AuditEntry.Before"/> and <see cref="AuditEntry.After"/>.</summary>
    public const int MaxSummaryLength = 2000;

    /// <summary>Longest <see cref="AuditEntry.Reason"/>.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>The <see cref="AuditEventRecord.PrevHash"/> of a case's first event.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>What an SM3 (国密) hash starts with; SHA-256 hashes are bare hex.</summary>
    public const string Sm3HashPrefix = "sm3:";

    /// <summary>Longest stored hash (<see cref="Sm3HashPrefix"/> and 64 hex digits, with room to spare).</summary>
    public const int MaxHashLength = 80;

    // Bumped if the encoding ever changes, so old and new hashes can never be confused.
    private static readonly byte[] EncodingTag = "onething.audit.v1"u8.ToArray();

    /// <summary>Adds the next event of the case's chain to <paramref name="db"/> without saving it, so it commits or
    /// rolls back with the caller's unit of work. Events of the same case already added to the context and not yet
    /// saved count: several appends before one <c>SaveChanges</c> form one chain.</summary>
    /// <remarks>A concurrent append to the same case that commits first makes this one's save fail with
    /// <see cref="ConcurrencyConflictException"/> (the (case, seq) index is unique).</remarks>
    /// <exception cref="ArgumentException">A required field is empty or a field is longer than its limit; nothing is
    /// truncated.</exception>
    public static AuditEventRecord Append(EngineDbContext db, Guid caseId, AuditEntry entry, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        Check(entry);
        var (seq, prevHash) = Tail(db, caseId);
        var record = new AuditEventRecord
        {
            Id = TimeOrderedId.Next(at),
            CaseId = caseId,
            Seq = seq,
            // The store keeps UTC ticks: the record holds exactly what will be read back and hashed again.
            At = new DateTimeOffset(at.UtcTicks, TimeSpan.Zero),
            Actor = entry.Actor,
            Role = entry.Role,
            Command = entry.Command,
            Before = entry.Before,
            After = entry.After,
            Reason = entry.Reason,
            PrevHash = prevHash,
            Hash = "",
        };
        record = Sealed(record, PersonalDataProtection.ProfileOf(db));
        db.Add(record);
        return record;
    }

    /// <summary>Recomputes the chain of one case from the database and names its first broken link.</summary>
    public static AuditVerification Verify(EngineDbContext db, Guid caseId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var chain = new ChainCheck(caseId);
        foreach (var record in db.Set<AuditEventRecord>().AsNoTracking().Where(e => e.CaseId == caseId)
                     .OrderBy(e => e.Seq).AsEnumerable())
        {
            chain.Add(record);
        }

        return chain.Result();
    }

    /// <summary>Verifies every case that has events. The table is read once, as a stream ordered by case and seq,
    /// so memory holds one result per case, not the events.</summary>
    public static IReadOnlyList<AuditVerification> VerifyAll(EngineDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var results = new List<AuditVerification>();
        ChainCheck? chain = null;
        foreach (var record in db.Set<AuditEventRecord>().AsNoTracking().OrderBy(e => e.CaseId).ThenBy(e => e.Seq)
                     .AsEnumerable())
        {
            if (chain?.CaseId != record.CaseId)
            {
                if (chain is not null)
                {
                    results.Add(chain.Result());
                }

                chain = new ChainCheck(record.CaseId);
            }

            chain.Add(record);
        }

        if (chain is not null)
        {
            results.Add(chain.Result());
        }

        return results;
    }

    /// <summary>The international hash of a record (<see cref="ComputeHash(AuditEventRecord, CryptoProfile)"/>).
    /// </summary>
    public static string ComputeHash(AuditEventRecord record) => ComputeHash(record, CryptoProfile.International);

    /// <summary>The hash of a record: lower-case hex SHA-256 (or, under <see cref="CryptoProfile.Guomi"/>, SM3
    /// written <see cref="Sm3HashPrefix"/> and hex) over a tagged, length-prefixed binary encoding of
    /// every field but <see cref="AuditEventRecord.Hash"/> itself — id, case, seq, <c>At</c> as UTC ticks, actor,
    /// role, command, before, after, reason and the previous hash. Each text is its UTF-8 length then its bytes (a
    /// null text has length -1), so no two different records encode alike.</summary>
    public static string ComputeHash(AuditEventRecord record, CryptoProfile profile)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(profile);
        using var hash = profile.CreateHash();
        hash.AppendData(EncodingTag);
        Span<byte> buffer = stackalloc byte[16];
        record.Id.TryWriteBytes(buffer, bigEndian: true, out _);
        hash.AppendData(buffer);
        record.CaseId.TryWriteBytes(buffer, bigEndian: true, out _);
        hash.AppendData(buffer);
        BinaryPrimitives.WriteInt32BigEndian(buffer, record.Seq);
        hash.AppendData(buffer[..4]);
        BinaryPrimitives.WriteInt64BigEndian(buffer, record.At.UtcTicks);
        hash.AppendData(buffer[..8]);
        foreach (var text in (ReadOnlySpan<string?>)[record.Actor, record.Role, record.Command, record.Before,
                     record.After, record.Reason, record.PrevHash])
        {
            AppendText(hash, text);
        }

        var hex = Convert.ToHexStringLower(hash.GetHashAndReset());
        return profile == CryptoProfile.Guomi ? Sm3HashPrefix + hex : hex;
    }

    /// <summary>The profile that made a stored hash: SM3 hashes carry <see cref="Sm3HashPrefix"/>, SHA-256 ones
    /// (all hashes written before profiles existed) none, so a chain verifies across a switch of profile.</summary>
    public static CryptoProfile ProfileOfHash(string hash) =>
        hash.StartsWith(Sm3HashPrefix, StringComparison.Ordinal) ? CryptoProfile.Guomi : CryptoProfile.International;

    private static void AppendText(ChainHash hash, string? text)
    {
        Span<byte> length = stackalloc byte[4];
        if (text is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    private static AuditEventRecord Sealed(AuditEventRecord record, CryptoProfile profile) => new()
    {
        Id = record.Id,
        CaseId = record.CaseId,
        Seq = record.Seq,
        At = record.At,
        Actor = record.Actor,
        Role = record.Role,
        Command = record.Command,
        Before = record.Before,
        After = record.After,
        Reason = record.Reason,
        PrevHash = record.PrevHash,
        Hash = ComputeHash(record, profile),
    };

    /// <summary>The seq and hash the next event links to: the newest pending event of the case in this context if
    /// there is one, else the newest stored one.</summary>
    private static (int Seq, string PrevHash) Tail(EngineDbContext db, Guid caseId)
    {
        var pending = db.ChangeTracker.Entries<AuditEventRecord>()
            .Where(e => e.State == EntityState.Added && e.Entity.CaseId == caseId)
            .Select(e => e.Entity).MaxBy(e => e.Seq);
        if (pending is not null)
        {
            return (pending.Seq + 1, pending.Hash);
        }

        var stored = db.Set<AuditEventRecord>().AsNoTracking().Where(e => e.CaseId == caseId)
            .OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstOrDefault();
        return stored is null ? (0, GenesisHash) : (stored.Seq + 1, stored.Hash);
    }

    private static void Check(AuditEntry entry)
    {
        Required(entry.Actor, MaxActorLength, nameof(AuditEntry.Actor));
        Required(entry.Role, MaxRoleLength, nameof(AuditEntry.Role));
        Required(entry.Command, MaxCommandLength, nameof(AuditEntry.Command));
        Bounded(entry.Before, MaxSummaryLength, nameof(AuditEntry.Before));
        Bounded(entry.After, MaxSummaryLength, nameof(AuditEntry.After));
        Bounded(entry.Reason, MaxReasonLength, nameof(AuditEntry.Reason));
    }

    private static void Required(string value, int max, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"审计记录的 {name} 不能为空", nameof(AuditEntry));
        }

        Bounded(value, max, name);
    }

    private static void Bounded(string? value, int max, string name)
    {
        if (value?.Length > max)
        {
            throw new ArgumentException($"审计记录的 {name} 长度 {value.Length} 超过上限 {max}", nameof(AuditEntry));
        }
    }

    /// <summary>Walks one case's events in seq order and keeps the first break.</summary>
    private sealed class ChainCheck(Guid caseId)
    {
        private string _previousHash = GenesisHash;
        private int _expectedSeq;

        public Guid CaseId => caseId;

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
            else if (!string.Equals(record.Hash, ComputeHash(record, ProfileOfHash(record.Hash)), StringComparison.Ordinal))
            {
                Break(record.Seq, $"第 {record.Seq} 条记录的哈希与内容不符（记录被篡改）");
            }
        }

        private void Break(int seq, string problem) => (BrokenSeq, Problem) = (seq, problem);
    }
}
