using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OneThing.Engine.Persistence;

/// <summary>Every SQLite connection: write-ahead log (readers do not block the writer), full fsync on commit (an
/// acknowledged command survives power loss), and a busy timeout so concurrent writers queue instead of failing.
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    /// <summary>The shared instance.</summary>
    public static readonly SqliteDurability Instance = new();

    /// <summary>The pragmas, also used by benchmarks that compare against raw commits.</summary>
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;";

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
