using OneThing.Cases.Persistence;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OneThing.Cases.Audit;
using OneThing.Engine.Persistence;
using OneThing.Cases.Security;

namespace OneThing.Cases.Casework;

/// <summary>Applicants' identity numbers at rest: <c>ot_case.ApplicantIdNumber</c> holds them sealed
/// (<see cref="PersonalDataProtector"/>) and <c>ApplicantIdNumberHash</c> their keyed lookup hash;
/// <see cref="CaseRecord.ApplicantIdNumber"/> holds the clear number once a case is read.</summary>
public static class ApplicantIdNumbers
{
    /// <summary>Longest stored (sealed) value.</summary>
    public const int MaxSealedLength = 128;

    /// <summary>Longest lookup hash.</summary>
    public const int MaxHashLength = 100;

    /// <summary>Longest clear identity number (18 characters for both kinds).</summary>
    public const int MaxClearLength = 18;

    /// <summary>Cases resealed per transaction by <see cref="Reseal"/>.</summary>
    public const int ResealBatchSize = 200;

    /// <summary>What a case shows as its identity number when the stored ciphertext cannot be opened.</summary>
    public const string Unreadable = "（证件号码无法解密）";

    private static readonly AuditEntry ResealEntry = new("system", "system", "personal-data.reseal", null,
        "证件号码已用当前主密钥和密码配置重新加密");

    /// <summary>The lookup hash a search for <paramref name="idNumber"/> compares with
    /// <see cref="CaseRecord.ApplicantIdNumberHash"/> (trimmed and upper-cased, as cases store it).</summary>
    public static string LookupHash(PersonalDataProtector protector, string idNumber)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(idNumber);
        return protector.LookupHash(ProtectionPurposes.ApplicantIdNumber, Normalised(idNumber));
    }

    /// <summary>Seals every case whose identity number is in clear (stored before encryption) or sealed with an
    /// earlier master key or profile, and recomputes its lookup hash, in batches of
    /// <see cref="ResealBatchSize"/>; safe to run on several nodes at once and again after an interruption. Each
    /// case's audit chain records the reseal (the stored ciphertext and lookup hash are facts the chain seals).</summary>
    /// <returns>How many cases were sealed again.</returns>
    public static int Reseal(IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(clock);
        var total = 0;
        // Numbers that cannot be opened stay as they are: sealing the placeholder would destroy the evidence.
        var unreadable = new List<Guid>();
        while (true)
        {
            using var db = contexts.CreateDbContext();
            var prefix = PersonalDataProtection.Required(db).CurrentPrefix;
            var batch = db.Set<CaseRecord>()
                .Where(c => c.ApplicantIdNumberHash == null || !c.ApplicantIdNumberHash.StartsWith(prefix)
                    || !c.ApplicantIdNumberSealed.StartsWith(prefix))
                .Where(c => !unreadable.Contains(c.Id))
                .OrderBy(c => c.Id).Take(ResealBatchSize).ToList();
            if (batch.Count == 0)
            {
                return total;
            }

            var resealed = 0;
            foreach (var record in batch)
            {
                if (record.ApplicantIdNumber == Unreadable)
                {
                    unreadable.Add(record.Id);
                    db.Entry(record).State = EntityState.Detached;
                    continue;
                }

                Set(db, record, record.ApplicantIdNumber);
                AuditTrail.Append(db, record.Id, ResealEntry, clock.GetUtcNow());
                resealed++;
            }

            try
            {
                db.SaveChanges();
                total += resealed;
            }
            catch (Exception ex) when (ex is DbUpdateConcurrencyException or ConcurrencyConflictException)
            {
                // A case command (or another node's reseal) wrote one of these rows meanwhile: the next round reads
                // them again and seals what is still not current.
            }
        }
    }

    /// <summary>Sets the clear, sealed and hashed number of <paramref name="record"/> (whose id is set).</summary>
    internal static void Set(PlatformDbContext db, CaseRecord record, string idNumber)
    {
        var protector = PersonalDataProtection.Required(db);
        var clear = Normalised(idNumber);
        record.ApplicantIdNumber = clear;
        record.ApplicantIdNumberSealed = protector.Seal(ProtectionPurposes.ApplicantIdNumber, Context(record.Id), clear);
        record.ApplicantIdNumberHash = protector.LookupHash(ProtectionPurposes.ApplicantIdNumber, clear);
    }

    internal static string Normalised(string idNumber) => idNumber.Trim().ToUpperInvariant();

    private static string Context(Guid caseId) => caseId.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Opens the identity number of every case as it is read, tracked or not, with the protector of the
    /// reading context's options.</summary>
    /// <remarks>One instance for every context: EF keeps a set of internal services per distinct materialization
    /// interceptor, so an instance per host would build the model again for each.</remarks>
    internal sealed class Materializer : IMaterializationInterceptor
    {
        public static readonly Materializer Instance = new();

        public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
        {
            if (entity is CaseRecord record && PersonalDataProtection.Of(materializationData.Context) is { } protector)
            {
                try
                {
                    record.ApplicantIdNumber = protector.Open(ProtectionPurposes.ApplicantIdNumber, Context(record.Id),
                        record.ApplicantIdNumberSealed);
                }
                catch (CryptographicException)
                {
                    // A changed ciphertext (or one under a master key the ring no longer holds) must not make every
                    // list that shows this case fail: the case reads with a placeholder and `verify` names the
                    // changed column.
                    record.ApplicantIdNumber = Unreadable;
                }
            }

            return entity;
        }
    }
}
