using OneThing.Cases.Persistence;
using System.Buffers;
using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;
using OneThing.Cases.Security;

namespace OneThing.Cases.Audit;

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
/// <param name="CaseNumber">The case's 办件编号 as stored, when the case row is there and has one.</param>
/// <param name="Fact">The stored fact that no longer matches the chain, as <c>table.column</c> (<c>table</c> alone
/// for a row inserted or removed); null when the chain itself is broken or everything matches.</param>
public sealed record AuditVerification(Guid CaseId, int Events, bool Intact, int? FirstBrokenSeq, string? Problem,
    string? CaseNumber = null, string? Fact = null);

/// <summary>The tamper-evident audit trail of cases (审计链): every state change of a case appends an event whose
/// hash covers its content, the digests of the case facts the command wrote (<see cref="CaseFacts"/>) and the
/// previous event's hash, so a changed, deleted, reordered or re-inserted event breaks the chain from that point on,
/// and a stored fact changed behind the chain's back no longer matches the digest its last event sealed.</summary>
/// <remarks>The chain proves that stored events and facts were not changed by anyone who cannot recompute it;
/// whoever can write the tables and knows the algorithm can rewrite a whole chain, and dropping the newest events of
/// a case leaves a shorter chain that still verifies. Anchor the newest hashes elsewhere (a report, a signed export)
/// to detect those.</remarks>
public static partial class AuditTrail
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

    /// <summary>The <see cref="AuditEventRecord.Format"/> of events written before facts were sealed.</summary>
    public const int FormatV1 = 1;

    /// <summary>The <see cref="AuditEventRecord.Format"/> of events whose hash also covers
    /// <see cref="AuditEventRecord.Facts"/>: every event appended now.</summary>
    public const int FormatV2 = 2;

    // A new tag for every new encoding, so old and new hashes can never be confused.
    private static readonly byte[] EncodingTagV1 = "onething.audit.v1"u8.ToArray();
    private static readonly byte[] EncodingTagV2 = "onething.audit.v2"u8.ToArray();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_encoding;

    /// <summary>Adds the next event of the case's chain to <paramref name="db"/> without saving it, so it commits or
    /// rolls back with the caller's unit of work. Events of the same case already added to the context and not yet
    /// saved count: several appends before one <c>SaveChanges</c> form one chain.</summary>
    /// <remarks>A concurrent append to the same case that commits first makes this one's save fail with
    /// <see cref="ConcurrencyConflictException"/> (the (case, seq) index is unique).</remarks>
    /// <exception cref="ArgumentException">A required field is empty or a field is longer than its limit; nothing is
    /// truncated.</exception>
    public static AuditEventRecord Append(PlatformDbContext db, Guid caseId, AuditEntry entry, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        Check(entry);
        var (seq, prevHash, format) = Tail(db, caseId);
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
            Format = FormatV2,
            SealsBaseline = format < FormatV2,
            Hash = "",
        };
        record = Sealed(record, PersonalDataProtection.ProfileOf(db));
        db.Add(record);
        return record;
    }

    /// <summary>The international hash of a record (<see cref="ComputeHash(AuditEventRecord, CryptoProfile)"/>).
    /// </summary>
    public static string ComputeHash(AuditEventRecord record) => ComputeHash(record, CryptoProfile.International);

    /// <summary>The hash of a record: lower-case hex SHA-256 (or, under <see cref="CryptoProfile.Guomi"/>, SM3
    /// written <see cref="Sm3HashPrefix"/> and hex) over a tagged, length-prefixed binary encoding of
    /// every field but <see cref="AuditEventRecord.Hash"/> itself — id, case, seq, <c>At</c> as UTC ticks, actor,
    /// role, command, before, after, reason, the previous hash and, from <see cref="FormatV2"/> on, the sealed facts.
    /// Each text is its UTF-8 length then its bytes (a null text has length -1), so no two different records encode
    /// alike; the tag (<c>onething.audit.v1</c>, <c>onething.audit.v2</c>) names the format.</summary>
    public static string ComputeHash(AuditEventRecord record, CryptoProfile profile)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(profile);
        var buffer = t_encoding ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        buffer.Write(record.Format >= FormatV2 ? EncodingTagV2 : EncodingTagV1);
        record.Id.TryWriteBytes(buffer.GetSpan(16), bigEndian: true, out _);
        buffer.Advance(16);
        record.CaseId.TryWriteBytes(buffer.GetSpan(16), bigEndian: true, out _);
        buffer.Advance(16);
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), record.Seq);
        buffer.Advance(4);
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), record.At.UtcTicks);
        buffer.Advance(8);
        foreach (var text in (ReadOnlySpan<string?>)[record.Actor, record.Role, record.Command, record.Before,
                     record.After, record.Reason, record.PrevHash])
        {
            AppendText(buffer, text);
        }

        if (record.Format >= FormatV2)
        {
            AppendText(buffer, record.Facts);
        }

        var hex = Convert.ToHexStringLower(profile.Hash(buffer.WrittenSpan));
        return profile == CryptoProfile.Guomi ? Sm3HashPrefix + hex : hex;
    }

    /// <summary>The profile that made a stored hash: SM3 hashes carry <see cref="Sm3HashPrefix"/>, SHA-256 ones
    /// (all hashes written before profiles existed) none, so a chain verifies across a switch of profile. The facts
    /// an event seals are digested with the profile of its hash.</summary>
    public static CryptoProfile ProfileOfHash(string hash) =>
        hash.StartsWith(Sm3HashPrefix, StringComparison.Ordinal) ? CryptoProfile.Guomi : CryptoProfile.International;

    private static void AppendText(ArrayBufferWriter<byte> buffer, string? text)
    {
        if (text is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), -1);
            buffer.Advance(4);
            return;
        }

        CaseFacts.Text(buffer, text);
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
        Format = record.Format,
        Facts = record.Facts,
        SealsBaseline = record.SealsBaseline,
        Hash = ComputeHash(record, profile),
    };

    /// <summary>The seq and hash the next event links to: the newest pending event of the case in this context if
    /// there is one, else the newest stored one.</summary>
    /// <remarks>The format says whether the chain seals facts already: a stored tail of <see cref="FormatV1"/> means
    /// the next event must seal every row of the case (a fresh chain starts with nothing to seal).</remarks>
    private static (int Seq, string PrevHash, int Format) Tail(PlatformDbContext db, Guid caseId)
    {
        var pending = db.ChangeTracker.Entries<AuditEventRecord>()
            .Where(e => e.State == EntityState.Added && e.Entity.CaseId == caseId)
            .Select(e => e.Entity).MaxBy(e => e.Seq);
        if (pending is not null)
        {
            return (pending.Seq + 1, pending.Hash, FormatV2);
        }

        var stored = db.Set<AuditEventRecord>().AsNoTracking().Where(e => e.CaseId == caseId)
            .OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash, e.Format }).FirstOrDefault();
        return stored is null ? (0, GenesisHash, FormatV2) : (stored.Seq + 1, stored.Hash, stored.Format);
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
}
