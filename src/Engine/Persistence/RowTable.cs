using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OneThing.Engine.Persistence;

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
