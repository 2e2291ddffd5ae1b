using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OneThing.Engine.Persistence;

/// <summary>Every SQLite connection: write-ahead log (readers do not block the writer), full fsync on commit (an
/// acknowledged command survives power loss), a busy timeout so concurrent writers queue instead of failing, and
/// temporary storage in memory: the sub-journal of each savepoint of a group commit would otherwise be a temporary
/// file created, written and deleted in every group (it only serves to roll one command back before the commit; the
/// write-ahead log is what makes the commit durable).</summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    /// <summary>The shared instance.</summary>
    public static readonly SqliteDurability Instance = new();

    /// <summary>The pragmas, also used by benchmarks that compare against raw commits.</summary>
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY;";

    // The settings belong to the native connection, which the provider's pool keeps open across many opens of
    // pooled connection objects: each native connection is set up once (its handle is remembered) instead of on
    // every open, as the raw-commit loop of bench/durable does with its one connection.
    private static readonly ConditionalWeakTable<object, object> Prepared = [];
    private static readonly ConcurrentDictionary<Type, Func<DbConnection, object?>> Handles = new();

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var handle = HandleOf(connection);
        if (handle is not null && Prepared.TryGetValue(handle, out _))
        {
            return;
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        if (handle is not null)
        {
            Prepared.AddOrUpdate(handle, Instance);
        }
    }

    /// <summary>The native connection behind a pooled connection object (Microsoft.Data.Sqlite's <c>Handle</c>),
    /// or null where there is none to read.</summary>
    private static object? HandleOf(DbConnection connection) => Handles.GetOrAdd(connection.GetType(), static type =>
    {
        var property = type.GetProperty("Handle");
        if (property is null || property.PropertyType.IsValueType)
        {
            return static _ => null;
        }

        var parameter = Expression.Parameter(typeof(DbConnection));
        return Expression.Lambda<Func<DbConnection, object?>>(
            Expression.Convert(Expression.Property(Expression.Convert(parameter, type), property), typeof(object)), parameter).Compile();
    })(connection);

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var handle = HandleOf(connection);
        if (handle is not null && Prepared.TryGetValue(handle, out _))
        {
            return;
        }

        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (handle is not null)
        {
            Prepared.AddOrUpdate(handle, Instance);
        }
    }
}
