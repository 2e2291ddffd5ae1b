using System.Data.Common;

namespace OneThing.Engine.Persistence;

/// <summary>Recognises a unique-key violation reported by any of the supported providers.</summary>
internal static class UniqueViolation
{
    /// <summary>SQLSTATE of a unique-key violation (PostgreSQL, SQL standard).</summary>
    private const string SqlState = "23505";

    /// <summary>SQLite's primary result code for a constraint violation.</summary>
    private const int SqliteConstraint = 19;

    /// <summary>True when <paramref name="exception"/> is a unique-key (or primary-key) violation.</summary>
    public static bool Is(Exception exception) => exception is DbException db
        && (db.SqlState == SqlState
            // Microsoft.Data.Sqlite sets no SQLSTATE; its error code is SQLite's, and only the message tells a
            // unique constraint from the other constraints (the engine does not reference the SQLite provider).
            || (db.GetType().FullName == "Microsoft.Data.Sqlite.SqliteException" && db.ErrorCode == SqliteConstraint
                && db.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal)));
}
