namespace OneThing.Engine.Persistence;

/// <summary>The database error codes the store reacts to, by name: PostgreSQL SQLSTATEs (SQL-standard classes 22,
/// 23, 40) and SQLite result codes. Each one the store meets means "another command got there first" and becomes a
/// <see cref="ConcurrencyConflictException"/> (see docs/architecture.md, "The row store").</summary>
public static class DatabaseErrorCodes
{
    /// <summary>SQLSTATE 23505 unique_violation: a unique or primary key is taken.</summary>
    public const string UniqueViolation = "23505";

    /// <summary>SQLSTATE 22012 division_by_zero: how the row store's one-statement write on PostgreSQL says that a
    /// guarded update or delete found no row (its final <c>SELECT 1 / count</c>).</summary>
    public const string DivisionByZero = "22012";

    /// <summary>SQLSTATE 40P01 deadlock_detected (PostgreSQL).</summary>
    public const string DeadlockDetected = "40P01";

    /// <summary>SQLSTATE 40001 serialization_failure.</summary>
    public const string SerializationFailure = "40001";

    /// <summary>The exception type of Microsoft.Data.Sqlite, matched by name: the engine does not reference the
    /// provider, and the provider sets no SQLSTATE.</summary>
    public const string SqliteExceptionType = "Microsoft.Data.Sqlite.SqliteException";

    /// <summary>SQLITE_CONSTRAINT (19), the primary result code of every constraint failure.</summary>
    public const int SqliteConstraint = 19;

    /// <summary>SQLITE_CONSTRAINT_PRIMARYKEY (1555), an extended result code.</summary>
    public const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>SQLITE_CONSTRAINT_UNIQUE (2067), an extended result code.</summary>
    public const int SqliteConstraintUnique = 2067;
}
