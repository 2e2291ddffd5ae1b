using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq.Expressions;
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

    /// <summary>Whether the provider is PostgreSQL (row locks, batches that commit on their own).</summary>
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

    /// <summary>Writes the rows in one round-trip where the provider batches (one statement at a time otherwise,
    /// which costs nothing extra in-process); a guarded update or a delete that finds no row is a conflict.</summary>
    /// <exception cref="ConcurrencyConflictException">Another command changed an instance first.</exception>
    public static void Execute(EngineDbContext db, List<RowWrite> writes) =>
        Execute(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), writes);

    /// <summary>As <see cref="Execute(EngineDbContext, List{RowWrite})"/>, on a connection and transaction of the
    /// caller's.</summary>
    public static void Execute(DbConnection connection, DbTransaction? transaction, List<RowWrite> writes)
    {
        if (writes.Count == 0)
        {
            return;
        }

        var statements = Statements(writes);
        if (connection.CanCreateBatch)
        {
            using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            using var factory = connection.CreateCommand();
            foreach (var statement in statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = statement.Prepare(factory, command.Parameters, raiseIfMissing: false);
                batch.BatchCommands.Add(command);
            }

            var started = Stopwatch.GetTimestamp();
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
            command.CommandText = statement.Prepare(command, command.Parameters, raiseIfMissing: false);
            var started = Stopwatch.GetTimestamp();
            var affected = command.ExecuteNonQuery();
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

    /// <summary>Commits an optimistic command's writes as one transaction of their own: on PostgreSQL one batch
    /// that commits as it ends, on SQLite in a group with other commands' writes (each in a savepoint of its own,
    /// one fsync for the group). Returns false, having written nothing, if a guarded row was changed meanwhile
    /// (the caller runs the command again, locking); returns only after the writes are durable.</summary>
    public bool TryCommit(EngineDbContext db, List<RowWrite> writes)
    {
        var connection = db.Database.GetDbConnection();
        if (IsPostgres)
        {
            return TryCommitBatch(connection, writes);
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

    /// <summary>Whether a database error means another command got there first: a unique key taken (history at
    /// the same position), a guard that refused (PostgreSQL: division by zero, see <see cref="RowTable"/>), a
    /// deadlock or a serialization failure.</summary>
    public static bool IsConflict(DbException ex) =>
        ex.SqlState is "23505" or "22012" or "40P01" or "40001"
        || ex.GetType().FullName == "Microsoft.Data.Sqlite.SqliteException" && ex.ErrorCode is 19 or 1555 or 2067;

    private static bool TryCommitBatch(DbConnection connection, List<RowWrite> writes)
    {
        if (writes.Count == 0)
        {
            return true;
        }

        // No transaction: PostgreSQL runs the statements of one batch (up to its Sync) as one implicit transaction
        // that commits when the batch ends, so the command costs one round-trip for its writes and commit. The rows
        // affected come back only after that commit, too late to refuse the command, so the guarded update of each
        // instance raises an error instead when it finds another revision (RowTable.RaiseIfMissing), which rolls
        // the whole batch back. It comes first, and takes the instance's row lock for the rest of the batch. Once
        // it has passed, the instance's other rows are as the command read them: every command that adds, changes
        // or removes them moves the revision on.
        using var batch = connection.CreateBatch();
        using var factory = connection.CreateCommand();
        foreach (var statement in Statements(writes))
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Prepare(factory, command.Parameters, raiseIfMissing: true);
            batch.BatchCommands.Add(command);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            batch.ExecuteNonQuery();
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

/// <summary>One statement of a command's writes: an update or delete of one row, or an insert of one or more rows
/// into one table.</summary>
internal sealed class RowStatement(RowWrite first)
{
    private readonly List<RowWrite>? _inserts = first.Kind == RowWriteKind.Insert ? [first] : null;

    public int Rows => _inserts?.Count ?? 1;

    public bool TryAddInsert(RowWrite write)
    {
        if (_inserts is null || write.Table != first.Table || !first.Table.CanInsert(_inserts.Count + 1))
        {
            return false;
        }

        _inserts.Add(write);
        return true;
    }

    public string Prepare(DbCommand factory, DbParameterCollection parameters, bool raiseIfMissing) =>
        _inserts is { Count: > 1 } rows
            ? first.Table.PrepareInsert(rows, factory, parameters)
            : first.Table.Prepare(first, factory, parameters, raiseIfMissing);

    /// <summary>A guarded update or a delete must have found its row.</summary>
    /// <exception cref="ConcurrencyConflictException">It did not.</exception>
    public void Check(int affected)
    {
        if (first.Kind != RowWriteKind.Insert && affected != 1)
        {
            throw new ConcurrencyConflictException();
        }
    }
}

/// <summary>One table's columns (key first), their type mappings and compiled accessors, and its statements.</summary>
internal sealed class RowTable
{
    // Enough for the multi-row inserts of one command; a command with more rows takes more statements.
    private const int MaxParameters = 2000;
    private static readonly string[] ParameterNames = [.. Enumerable.Range(0, MaxParameters).Select(i => $"@p{i}")];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _inserts = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(ulong, bool, bool), string> _updates = new();

    private readonly Column[] _columns;
    private readonly Func<object> _create;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _guardedUpdate;
    private readonly string _delete;
    private readonly string _checkedGuardedUpdate;
    private readonly int _revision = -1;

    public RowTable(IModel model, Type clrType, ISqlGenerationHelper helper)
    {
        var entity = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model");
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        Table = helper.DelimitIdentifier(table.Name, table.Schema);
        _columns = [.. new[] { key }.Concat(entity.GetProperties().Where(p => p != key)).Select(p => new Column(p, table, helper))];
        _create = Expression.Lambda<Func<object>>(Expression.New(clrType)).Compile();
        ColumnList = string.Join(", ", _columns.Select(c => c.Name));
        var parameters = string.Join(", ", _columns.Select((_, i) => $"@p{i}"));
        _insert = $"INSERT INTO {Table} ({ColumnList}) VALUES ({parameters})";
        var sets = string.Join(", ", _columns.Skip(1).Select((c, i) => $"{c.Name} = @p{i + 1}"));
        _update = $"UPDATE {Table} SET {sets} WHERE {_columns[0].Name} = @p0";
        _delete = $"DELETE FROM {Table} WHERE {_columns[0].Name} = @p0";
        var revision = entity.GetProperties().FirstOrDefault(p => p.IsConcurrencyToken);
        if (revision is not null)
        {
            _revision = Array.FindIndex(_columns, c => c.Property == revision);
            _guardedUpdate = $"{_update} AND {_columns[_revision].Name} = @expected";
        }
        else
        {
            _guardedUpdate = _update;
        }

        _checkedGuardedUpdate = RaiseIfMissing(_guardedUpdate);
    }

    // PostgreSQL only: the statement's error (division by zero, SQLSTATE 22012) when it finds no row. The count is
    // read at run time, so the planner cannot fold the division away.
    private static string RaiseIfMissing(string statement) =>
        $"WITH found AS ({statement} RETURNING 1) SELECT 1 / (SELECT count(*) FROM found)";

    /// <summary>The delimited table name.</summary>
    public string Table { get; }

    /// <summary>The delimited columns, key first, in the order <see cref="Read"/> expects them.</summary>
    public string ColumnList { get; }

    /// <summary>The row's column values, key first.</summary>
    public object?[] Values(object row)
    {
        var values = new object?[_columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _columns[i].Get(row);
        }

        return values;
    }

    /// <summary>A new row with the same column values.</summary>
    public object Copy(object row)
    {
        var copy = _create();
        foreach (var column in _columns)
        {
            column.Set(copy, column.Get(row));
        }

        return copy;
    }

    /// <summary>A row from the reader's current record, columns as in <see cref="ColumnList"/>.</summary>
    public object Read(DbDataReader reader)
    {
        var row = _create();
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Read(reader, i, row);
        }

        return row;
    }

    public DbParameter KeyParameter(DbCommand factory, string name, object value) =>
        _columns[0].Mapping.CreateParameter(factory, name, value, nullable: false);

    /// <summary>Whether one INSERT may carry this many rows.</summary>
    public bool CanInsert(int rows) => rows * _columns.Length <= MaxParameters;

    /// <summary>One INSERT of several rows, its parameters added to <paramref name="parameters"/>.</summary>
    public string PrepareInsert(List<RowWrite> rows, DbCommand factory, DbParameterCollection parameters)
    {
        var n = 0;
        foreach (var write in rows)
        {
            foreach (var column in _columns)
            {
                parameters.Add(column.Parameter(factory, ParameterNames[n++], write.Row));
            }
        }

        return _inserts.GetOrAdd(rows.Count, static (count, table) => table.InsertSql(count), this);
    }

    // A bit per column (key first) whose value differs from the loaded one; 0 where there are too many columns.
    private ulong Changed(object row, object?[] before)
    {
        if (_columns.Length > 64 || before.Length != _columns.Length)
        {
            return 0;
        }

        var changed = 0UL;
        for (var i = 1; i < _columns.Length; i++)
        {
            if (!Equals(_columns[i].Get(row), before[i]))
            {
                changed |= 1UL << i;
            }
        }

        return changed;
    }

    private string UpdateSql((ulong Changed, bool Guarded, bool Raise) key)
    {
        var sets = string.Join(", ", Enumerable.Range(1, _columns.Length - 1).Where(i => (key.Changed & (1UL << i)) != 0)
            .Select(i => $"{_columns[i].Name} = {ParameterNames[i]}"));
        var update = $"UPDATE {Table} SET {sets} WHERE {_columns[0].Name} = @p0";
        if (key.Guarded)
        {
            update += $" AND {_columns[_revision].Name} = @expected";
        }

        return key.Raise ? RaiseIfMissing(update) : update;
    }

    private string InsertSql(int rows)
    {
        var text = new System.Text.StringBuilder(_insert.Length * 2);
        text.Append(_insert, 0, _insert.IndexOf(" VALUES (", StringComparison.Ordinal)).Append(" VALUES ");
        for (var row = 0; row < rows; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var i = 0; i < _columns.Length; i++)
            {
                text.Append(i == 0 ? "" : ", ").Append(ParameterNames[(row * _columns.Length) + i]);
            }

            text.Append(')');
        }

        return text.ToString();
    }

    /// <summary>The statement of a write, its parameters added to <paramref name="parameters"/> (made by
    /// <paramref name="factory"/>, so each provider's type mapping configures them). With
    /// <paramref name="raiseIfMissing"/> (PostgreSQL only), an update or delete that finds no row fails with
    /// SQLSTATE 22012 instead of reporting zero rows.</summary>
    public string Prepare(RowWrite write, DbCommand factory, DbParameterCollection parameters, bool raiseIfMissing = false)
    {
        if (write.Kind == RowWriteKind.Delete)
        {
            parameters.Add(_columns[0].Parameter(factory, ParameterNames[0], write.Row));
            return _delete;
        }

        if (write.Kind == RowWriteKind.Update && write.Before is { } before && Changed(write.Row, before) is var changed
            && changed != 0)
        {
            // Only the changed columns: SQLite then leaves index pages of unchanged columns alone (fewer pages per
            // commit), and PostgreSQL gets a smaller statement.
            parameters.Add(_columns[0].Parameter(factory, ParameterNames[0], write.Row));
            for (var i = 1; i < _columns.Length; i++)
            {
                if ((changed & (1UL << i)) != 0)
                {
                    parameters.Add(_columns[i].Parameter(factory, ParameterNames[i], write.Row));
                }
            }

            var guarded = write.ExpectedRevision is not null;
            if (guarded)
            {
                parameters.Add(_columns[_revision].Mapping.CreateParameter(factory, "@expected", write.ExpectedRevision!.Value,
                    nullable: false));
            }

            return _updates.GetOrAdd((changed, guarded, raiseIfMissing && guarded), static (key, table) => table.UpdateSql(key), this);
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            parameters.Add(_columns[i].Parameter(factory, ParameterNames[i], write.Row));
        }

        if (write.Kind == RowWriteKind.Insert)
        {
            return _insert;
        }

        if (write.ExpectedRevision is { } expected)
        {
            parameters.Add(_columns[_revision].Mapping.CreateParameter(factory, "@expected", expected, nullable: false));
            return raiseIfMissing ? _checkedGuardedUpdate : _guardedUpdate;
        }

        return _update;
    }


    private sealed class Column
    {
        private readonly Func<object, object?> _get;
        private readonly Action<object, object?> _set;
        private readonly Func<DbDataReader, int, object> _read;
        private readonly bool _nullable;

        public Column(IProperty property, StoreObjectIdentifier table, ISqlGenerationHelper helper)
        {
            Property = property;
            Name = helper.DelimitIdentifier(property.GetColumnName(table)!);
            Mapping = property.GetRelationalTypeMapping();
            _nullable = property.IsNullable;
            var info = property.PropertyInfo!;
            var row = Expression.Parameter(typeof(object));
            var value = Expression.Parameter(typeof(object));
            var typed = Expression.Convert(row, info.DeclaringType!);
            _get = Expression.Lambda<Func<object, object?>>(
                Expression.Convert(Expression.Property(typed, info), typeof(object)), row).Compile();
            _set = Expression.Lambda<Action<object, object?>>(
                Expression.Assign(Expression.Property(typed, info), Expression.Convert(value, info.PropertyType)), row, value).Compile();
            var providerType = Mapping.Converter?.ProviderClrType ?? Mapping.ClrType;
            providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
            _read = providerType == typeof(Guid) ? static (r, i) => r.GetGuid(i)
                : providerType == typeof(int) ? static (r, i) => r.GetInt32(i)
                : providerType == typeof(long) ? static (r, i) => r.GetInt64(i)
                : providerType == typeof(string) ? static (r, i) => r.GetString(i)
                : providerType == typeof(bool) ? static (r, i) => r.GetBoolean(i)
                : static (r, i) => r.GetValue(i);
        }

        public IProperty Property { get; }

        public string Name { get; }

        public RelationalTypeMapping Mapping { get; }

        public object? Get(object row) => _get(row);

        public void Set(object row, object? value) => _set(row, value);

        public DbParameter Parameter(DbCommand factory, string name, object row) =>
            Mapping.CreateParameter(factory, name, _get(row), _nullable);

        public void Read(DbDataReader reader, int ordinal, object row)
        {
            if (reader.IsDBNull(ordinal))
            {
                _set(row, null);
                return;
            }

            var value = _read(reader, ordinal);
            _set(row, Mapping.Converter is { } converter ? converter.ConvertFromProvider(value) : value);
        }
    }
}
