using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OneThing.Engine.Persistence;

internal enum RowWriteKind
{
    Insert,
    Update,
    Delete,
}

/// <summary>One row to write. An update with <see cref="ExpectedRevision"/> succeeds only on that revision; every
/// update and delete must find its row.</summary>
/// <see cref="Before"/>, the row's column values as loaded, lets an update set only the columns that changed.
internal sealed record RowWrite(RowTable Table, RowWriteKind Kind, object Row, long? ExpectedRevision = null,
    object?[]? Before = null);

/// <summary>The engine's row tables as plain SQL for the model's provider: the columns, names and type mappings
/// come from the EF model (so SQLite, PostgreSQL and SQL Server each get their own quoting and value conversions),
/// the statements are built once. Loading an instance takes one round-trip and writing a command's rows another,
/// where EF Core would take one per query and spend most of a command's CPU on change tracking.</summary>
internal sealed class RowSql
{
    /// <summary>The meter of the persistence path: <c>onething.persistence.round_trip.duration</c> (ms, tagged
    /// <c>operation</c> = load | write) and <c>onething.persistence.rows_written</c>.</summary>
    public const string MeterName = "OneThing.Engine.Persistence";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> RoundTrips = Meter.CreateHistogram<double>(
        "onething.persistence.round_trip.duration", "ms", "One statement or batch sent to the database by the engine's row store");
    private static readonly Counter<long> RowsWritten = Meter.CreateCounter<long>(
        "onething.persistence.rows_written", "rows", "Rows inserted, updated or deleted by the engine's row store");

    // SQLSTATE of division by zero: how a PostgreSQL write statement says one of its updates or deletes found no row.
    private const string MissingRow = DatabaseErrorCodes.DivisionByZero;

    private static readonly ConditionalWeakTable<IModel, RowSql> ByModel = [];

    private RowSql(EngineDbContext db)
    {
        var helper = db.GetService<ISqlGenerationHelper>();
        Instances = new RowTable(db.Model, typeof(InstanceRecord), helper);
        Executions = new RowTable(db.Model, typeof(ExecutionRecord), helper);
        Waits = new RowTable(db.Model, typeof(WaitRecord), helper);
        History = new RowTable(db.Model, typeof(HistoryRecord), helper);
        var id = helper.DelimitIdentifier(nameof(InstanceRecord.Id));
        var instanceId = helper.DelimitIdentifier(nameof(ExecutionRecord.InstanceId));
        // PostgreSQL: the instance row is locked for the command, so a second command on the instance waits for
        // this one instead of failing at commit.
        IsPostgres = db.Database.ProviderName == DurableEngine.NpgsqlProvider;
        var lockRow = IsPostgres ? " FOR UPDATE" : "";
        var rest = $"SELECT {Executions.ColumnList} FROM {Executions.Table} WHERE {instanceId} = @id;\n" +
            $"SELECT {Waits.ColumnList} FROM {Waits.Table} WHERE {instanceId} = @id ORDER BY " +
            $"{helper.DelimitIdentifier(nameof(WaitRecord.CreatedAt))}, {helper.DelimitIdentifier(nameof(WaitRecord.CreatedSeq))}";
        LoadInstance = $"SELECT {Instances.ColumnList} FROM {Instances.Table} WHERE {id} = @id{lockRow};\n" + rest;
        // The instance row comes first: a change committed between the three reads then shows as a newer revision,
        // and the revision guard of the write refuses the command (which runs again, locking).
        LoadInstanceUnlocked = $"SELECT {Instances.ColumnList} FROM {Instances.Table} WHERE {id} = @id;\n" + rest;
        var waitId = helper.DelimitIdentifier(nameof(HistoryRecord.WaitId));
        HistoryOfWait = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer"
            ? $"SELECT TOP 1 1 FROM {History.Table} WHERE {waitId} = @id"
            : $"SELECT 1 FROM {History.Table} WHERE {waitId} = @id LIMIT 1";
    }

    /// <summary>The id of a process's newest definition, or null. Every start asks: compiled once (per model, as EF
    /// requires) instead of translated from its expression tree each time.</summary>
    public Func<EngineDbContext, string, Guid?> LatestDefinition { get; } = EF.CompileQuery(
        (EngineDbContext db, string processId) => db.Definitions.Where(d => d.ProcessId == processId)
            .OrderByDescending(d => d.Version).Select(d => (Guid?)d.Id).FirstOrDefault());

    /// <summary>Whether the provider is PostgreSQL (row locks, write statements that commit on their own).</summary>
    public bool IsPostgres { get; }

    public RowTable Instances { get; }

    public RowTable Executions { get; }

    public RowTable Waits { get; }

    public RowTable History { get; }

    /// <summary>The instance row, its executions and its waits: three result sets, parameter <c>@id</c>.</summary>
    public string LoadInstance { get; }

    /// <summary><see cref="LoadInstance"/> without the row lock, for optimistic commands.</summary>
    public string LoadInstanceUnlocked { get; }

    /// <summary>One row if a history event names the wait <c>@id</c>.</summary>
    public string HistoryOfWait { get; }

    public static RowSql For(EngineDbContext db) => ByModel.GetValue(db.Model, _ => new RowSql(db));

    /// <summary>Loads an instance's rows in one round-trip inside the command's transaction; null if there is no
    /// such instance.</summary>
    public (InstanceRecord Record, List<ExecutionRecord> Executions, List<WaitRecord> Waits)? Load(EngineDbContext db, Guid id,
        bool locking = true)
    {
        using var command = NewCommand(db);
        command.CommandText = locking ? LoadInstance : LoadInstanceUnlocked;
        command.Parameters.Add(Instances.KeyParameter(command, "@id", id));
        var started = Stopwatch.GetTimestamp();
        using var reader = command.ExecuteReader();
        Measured(started, "load");
        if (!reader.Read())
        {
            return null;
        }

        var record = (InstanceRecord)Instances.Read(reader);
        var executions = new List<ExecutionRecord>();
        reader.NextResult();
        while (reader.Read())
        {
            executions.Add((ExecutionRecord)Executions.Read(reader));
        }

        var waits = new List<WaitRecord>();
        reader.NextResult();
        while (reader.Read())
        {
            waits.Add((WaitRecord)Waits.Read(reader));
        }

        return (record, executions, waits);
    }

    /// <summary>Whether any history event names the wait.</summary>
    public bool HistoryHasWait(EngineDbContext db, Guid waitId)
    {
        using var command = NewCommand(db);
        command.CommandText = HistoryOfWait;
        command.Parameters.Add(History.KeyParameter(command, "@id", waitId));
        var started = Stopwatch.GetTimestamp();
        var found = command.ExecuteScalar() is not null;
        Measured(started, "load");
        return found;
    }

    /// <summary>Writes the rows inside the command's transaction: on PostgreSQL as one statement (see
    /// <see cref="OneStatement"/>), where the provider batches as one batch, else one statement at a time (which costs
    /// nothing extra in-process); a guarded update or a delete that finds no row is a conflict.</summary>
    /// <exception cref="ConcurrencyConflictException">Another command changed an instance first.</exception>
    public void Execute(EngineDbContext db, List<RowWrite> writes)
    {
        if (writes.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var statements = Statements(writes);
        var started = Stopwatch.GetTimestamp();
        if (IsPostgres)
        {
            using var command = OneStatement(connection, statements);
            command.Transaction = transaction;
            try
            {
                command.ExecuteNonQuery();
            }
            catch (DbException ex) when (ex.SqlState == MissingRow)
            {
                throw new ConcurrencyConflictException();
            }

            Measured(started, "write", writes.Count);
            return;
        }

        if (connection.CanCreateBatch)
        {
            using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            using var factory = connection.CreateCommand();
            foreach (var statement in statements)
            {
                var command = batch.CreateBatchCommand();
                var next = 0;
                command.CommandText = statement.Prepare(factory, command.Parameters, ref next);
                batch.BatchCommands.Add(command);
            }

            batch.ExecuteNonQuery();
            Measured(started, "write", writes.Count);
            for (var i = 0; i < statements.Count; i++)
            {
                statements[i].Check(batch.BatchCommands[i].RecordsAffected);
            }

            return;
        }

        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var next = 0;
            command.CommandText = statement.Prepare(command, command.Parameters, ref next);
            started = Stopwatch.GetTimestamp();
            var affected = command.ExecuteNonQuery();
            Measured(started, "write", statement.Rows);
            statement.Check(affected);
        }
    }

    /// <summary>As <see cref="Execute(EngineDbContext, List{RowWrite})"/>, on a SQLite file's group writer, whose
    /// statements are prepared once.</summary>
    public static void Execute(SqliteGroupWriter writer, DbTransaction transaction, List<RowWrite> writes)
    {
        foreach (var statement in Statements(writes))
        {
            var next = 0;
            var parameters = writer.Parameters;
            var sql = statement.Prepare(parameters, parameters.Parameters, ref next);
            var started = Stopwatch.GetTimestamp();
            var affected = writer.Execute(sql, transaction);
            Measured(started, "write", statement.Rows);
            statement.Check(affected);
        }
    }

    /// <summary>The statements of a command's writes: each update and delete on its own, in order; the inserts
    /// into one table as one multi-row INSERT where the first of them was (there are no foreign keys, and no row
    /// is written twice in one command, so only the guarded instance update's place up front matters).</summary>
    private static List<RowStatement> Statements(List<RowWrite> writes)
    {
        var statements = new List<RowStatement>(writes.Count);
        foreach (var write in writes)
        {
            if (write.Kind == RowWriteKind.Insert)
            {
                var merged = false;
                foreach (var statement in statements)
                {
                    if (statement.TryAddInsert(write))
                    {
                        merged = true;
                        break;
                    }
                }

                if (merged)
                {
                    continue;
                }
            }

            statements.Add(new RowStatement(write));
        }

        return statements;
    }

    /// <summary>Commits an optimistic command's writes as one transaction of their own: on PostgreSQL one statement
    /// that commits on its own, on SQLite in a group with other commands' writes (each in a savepoint of its own,
    /// one fsync for the group). Returns false, having written nothing, if a guarded row was changed meanwhile
    /// (the caller runs the command again, locking); returns only after the writes are durable.</summary>
    public bool TryCommit(EngineDbContext db, List<RowWrite> writes)
    {
        var connection = db.Database.GetDbConnection();
        if (IsPostgres)
        {
            return TryCommitStatement(connection, writes);
        }

        if (SqliteSingleWriter.Instance.GroupOf(connection) is { } group)
        {
            return group.Commit(connection, writes);
        }

        using var transaction = db.Database.BeginTransaction();
        try
        {
            Execute(db, writes);
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
        catch (DbException ex) when (IsConflict(ex))
        {
            return false;
        }

        transaction.Commit();
        return true;
    }

    /// <summary>PostgreSQL: the writes as one statement, each a data-modifying <c>WITH</c> query of it. (Npgsql sends
    /// a batch of several statements from a synchronous caller asynchronously from its second statement on, through
    /// the thread pool, which cost more CPU than the statements.) The rows affected would come back too late to undo
    /// anything, so the statement divides by the number of rows each update and delete found: if one found none it
    /// fails (SQLSTATE 22012, <see cref="MissingRow"/>) and writes nothing.</summary>
    private static DbCommand OneStatement(DbConnection connection, List<RowStatement> statements)
    {
        var command = connection.CreateCommand();
        var text = new System.Text.StringBuilder("WITH ");
        var found = new List<string>();
        var next = 0;
        for (var i = 0; i < statements.Count; i++)
        {
            var name = $"w{i}";
            text.Append(i == 0 ? "" : ", ").Append(name).Append(" AS (").Append(statements[i].Prepare(command, command.Parameters, ref next));
            if (statements[i].MustFindRow)
            {
                text.Append(" RETURNING 1");
                found.Add($"(SELECT count(*) FROM {name})");
            }

            text.Append(')');
        }

        text.Append(found.Count == 0 ? " SELECT 1" : $" SELECT 1 / ({string.Join(" * ", found)})");
        command.CommandText = text.ToString();
        return command;
    }

    /// <summary>Whether a database error means another command got there first: a unique key taken (history at
    /// the same position), a guard that refused (PostgreSQL: division by zero, see <see cref="OneStatement"/>), a
    /// deadlock or a serialization failure.</summary>
    public static bool IsConflict(DbException ex) =>
        ex.SqlState is DatabaseErrorCodes.UniqueViolation or MissingRow or DatabaseErrorCodes.DeadlockDetected
            or DatabaseErrorCodes.SerializationFailure
        || ex.GetType().FullName == DatabaseErrorCodes.SqliteExceptionType && ex.ErrorCode is DatabaseErrorCodes.SqliteConstraint
            or DatabaseErrorCodes.SqliteConstraintPrimaryKey or DatabaseErrorCodes.SqliteConstraintUnique;

    private static bool TryCommitStatement(DbConnection connection, List<RowWrite> writes)
    {
        if (writes.Count == 0)
        {
            return true;
        }

        // Without a transaction, PostgreSQL runs the one statement and commits it on its own: the command costs one
        // round-trip for its writes and commit. The guarded update of each instance finds no row if another command
        // moved the instance's revision on since this one read it, which fails the whole statement; since every
        // command that adds, changes or removes an instance's rows moves its revision, the instance's other rows are
        // as this command read them when it passes.
        using var command = OneStatement(connection, Statements(writes));
        var started = Stopwatch.GetTimestamp();
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DbException ex) when (IsConflict(ex))
        {
            Measured(started, "write");
            return false;
        }

        Measured(started, "write+commit", writes.Count);
        return true;
    }

    internal static void Measured(long started, string operation, int rows = 0)
    {
        if (RoundTrips.Enabled)
        {
            RoundTrips.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("operation", operation));
        }

        if (rows > 0 && RowsWritten.Enabled)
        {
            RowsWritten.Add(rows);
        }
    }

    private static DbCommand NewCommand(EngineDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
