using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OneThing.Engine.Persistence;

namespace OneThing.Cases.Audit;

/// <summary>Keeps the audit trail append-only for the application: a save that would update or delete an
/// <see cref="AuditEventRecord"/> throws before anything is written. A save whose new audit events lose the race
/// for their positions to a concurrent command fails with <see cref="ConcurrencyConflictException"/>, like every
/// other conflict of a case.</summary>
internal sealed class AuditAppendOnlyInterceptor : SaveChangesInterceptor
{
    public static readonly AuditAppendOnlyInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Refuse(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Refuse(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Translate(eventData);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Translate(eventData);
        return Task.CompletedTask;
    }

    private static void Refuse(DbContext? context)
    {
        if (context?.ChangeTracker.Entries<AuditEventRecord>()
                .FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted) is { } entry)
        {
            throw new InvalidOperationException(
                $"审计记录只能追加，不能修改或删除（办件 {entry.Entity.CaseId} 第 {entry.Entity.Seq} 条）");
        }
    }

    // EF rethrows the original exception after this callback; throwing here replaces it, so callers see the same
    // conflict exception whichever provider reported the duplicate position.
    private static void Translate(DbContextErrorEventData eventData)
    {
        if (eventData.Exception is DbUpdateException { InnerException: { } inner } failure
            && UniqueViolation.Is(inner)
            && eventData.Context?.ChangeTracker.Entries<AuditEventRecord>().Any(e => e.State == EntityState.Added) == true)
        {
            throw new ConcurrencyConflictException(failure);
        }
    }
}
