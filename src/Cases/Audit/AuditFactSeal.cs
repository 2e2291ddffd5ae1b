using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OneThing.Cases.Persistence;
using OneThing.Cases.Security;

namespace OneThing.Cases.Audit;

/// <summary>Seals the case facts a save writes into the audit event the same save appends for that case: every
/// added, changed or removed row of a case table becomes a line of the newest pending event's
/// <see cref="AuditEventRecord.Facts"/>, and that event's hash is computed again over it. A save that changes a sealed
/// column of a case without appending an event for it throws, so no command can change a fact behind the chain's
/// back.</summary>
/// <remarks>Sealing at save time rather than in <see cref="AuditTrail.Append"/> covers whatever a command changes
/// after it appended its event, and costs one pass over the entries EF tracks anyway.</remarks>
internal sealed class AuditFactSeal : SaveChangesInterceptor
{
    public static readonly AuditFactSeal Instance = new();

    /// <summary>The first line of a seal that covers every row of the case (see
    /// <see cref="AuditEventRecord.SealsBaseline"/>).</summary>
    public const string BaselineLine = "=";

    public const char Added = '+';

    public const char Changed = '~';

    public const char Removed = '-';

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Seal(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Seal(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Seal(DbContext? db)
    {
        // Other contexts on the same connection options (the server's data-protection key ring) hold no case facts.
        if (db is not PlatformDbContext)
        {
            return;
        }

        var tables = CaseFacts.TablesOf(db.Model);
        Dictionary<Guid, List<EntityEntry>>? changes = null;
        Dictionary<Guid, AuditEventRecord>? events = null;
        HashSet<Guid>? baselines = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            if (entry.Entity is AuditEventRecord { Format: AuditTrail.FormatV2 } record && entry.State == EntityState.Added)
            {
                events ??= [];
                if (!events.TryGetValue(record.CaseId, out var newest) || newest.Seq < record.Seq)
                {
                    events[record.CaseId] = record;
                }

                if (record.SealsBaseline)
                {
                    (baselines ??= []).Add(record.CaseId);
                }
            }
            else if (tables.TryGetValue(entry.Metadata.ClrType, out var table))
            {
                var caseId = table.CaseOf(entry.Entity);
                changes ??= [];
                if (!changes.TryGetValue(caseId, out var list))
                {
                    changes[caseId] = list = [];
                }

                list.Add(entry);
            }
        }

        foreach (var (caseId, list) in changes ?? [])
        {
            if (events?.TryGetValue(caseId, out var newest) != true)
            {
                Unsealed(caseId, list, tables);
                continue;
            }

            if (baselines?.Contains(caseId) != true)
            {
                Write(db.Entry(newest!), Lines(list, tables, AuditTrail.ProfileOfHash(newest!.Hash)));
            }
        }

        foreach (var caseId in baselines ?? [])
        {
            var newest = events![caseId];
            Write(db.Entry(newest), Baseline(db, caseId, changes?.GetValueOrDefault(caseId) ?? [], tables,
                AuditTrail.ProfileOfHash(newest.Hash)));
        }
    }

    /// <summary>One line per changed row: <c>+table key col=digest…</c> for a new row (every column), <c>~table key
    /// col=digest…</c> for the changed columns of a row, <c>-table key</c> for a removed one.</summary>
    private static string? Lines(List<EntityEntry> entries, IReadOnlyDictionary<Type, SealedTable> tables,
        CryptoProfile profile)
    {
        var seal = new StringBuilder();
        foreach (var entry in entries)
        {
            var table = tables[entry.Metadata.ClrType];
            var key = table.KeyOf(entry.Entity);
            var start = seal.Length;
            seal.Append(entry.State switch { EntityState.Added => Added, EntityState.Modified => Changed, _ => Removed })
                .Append(table.Name).Append(' ').Append(key);
            var header = seal.Length;
            if (entry.State == EntityState.Added)
            {
                table.Seal(seal, entry.Entity, key, profile);
            }
            else if (entry.State == EntityState.Modified)
            {
                table.Seal(seal, entry.Entity, key, profile, p => entry.Property(p.Name).IsModified);
                if (seal.Length == header)
                {
                    // Only excluded columns changed (a limit warning, the revision): nothing to seal.
                    seal.Length = start;
                    continue;
                }
            }

            seal.Append('\n');
        }

        return seal.Length == 0 ? null : seal.ToString(0, seal.Length - 1);
    }

    /// <summary>Every row of the case as it will be after the save: the stored rows, with this save's changes.</summary>
    private static string Baseline(DbContext db, Guid caseId, List<EntityEntry> changes,
        IReadOnlyDictionary<Type, SealedTable> tables, CryptoProfile profile)
    {
        var seal = new StringBuilder(BaselineLine);
        foreach (var table in tables.Values)
        {
            var pending = changes.Where(e => e.Metadata.ClrType == table.Registration.Type)
                .ToDictionary(e => table.KeyOf(e.Entity), StringComparer.Ordinal);
            var rows = table.Registration.Rows(db, [caseId]).AsEnumerable()
                .Where(r => !pending.ContainsKey(table.KeyOf(r)))
                .Concat(pending.Values.Where(e => e.State != EntityState.Deleted).Select(e => e.Entity));
            foreach (var row in rows)
            {
                var key = table.KeyOf(row);
                seal.Append('\n').Append(Added).Append(table.Name).Append(' ').Append(key);
                table.Seal(seal, row, key, profile);
            }
        }

        return seal.ToString();
    }

    private static void Write(EntityEntry<AuditEventRecord> entry, string? facts)
    {
        if (facts is null)
        {
            return;
        }

        entry.Property(e => e.Facts).CurrentValue = facts;
        entry.Property(e => e.Hash).CurrentValue =
            AuditTrail.ComputeHash(entry.Entity, AuditTrail.ProfileOfHash(entry.Entity.Hash));
    }

    private static void Unsealed(Guid caseId, List<EntityEntry> entries, IReadOnlyDictionary<Type, SealedTable> tables)
    {
        foreach (var entry in entries)
        {
            var table = tables[entry.Metadata.ClrType];
            var fact = entry.State == EntityState.Modified
                ? table.Columns.Where(c => entry.Property(c.Property.Name).IsModified).Select(c => $"{table.Name}.{c.Column}")
                    .FirstOrDefault()
                : table.Name;
            if (fact is not null)
            {
                throw new InvalidOperationException(
                    $"办件 {caseId} 的{table.Description.ChineseName}（{fact}）被{(entry.State == EntityState.Modified ? "修改" : "添加或删除")}，" +
                    "但同一次保存没有追加审计记录：改动办件数据的命令必须通过 AuditTrail.Append 记入审计链");
            }
        }
    }
}
