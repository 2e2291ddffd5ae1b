using System.Data.Common;

namespace OneThing.Engine.Persistence;

/// <summary>Recognises a unique-key violation reported by any of the supported providers.</summary>
public static class UniqueViolation
{
    /// <summary>True when <paramref name="exception"/> is a unique-key (or primary-key) violation.</summary>
    public static bool Is(Exception exception) => exception is DbException db
        && (db.SqlState == DatabaseErrorCodes.UniqueViolation
            // Microsoft.Data.Sqlite sets no SQLSTATE, and the engine does not reference it to read SQLite's extended
            // result code; SQLite's own message names the kind of constraint.
            || (db.GetType().FullName == DatabaseErrorCodes.SqliteExceptionType
                && db.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal)));
}
