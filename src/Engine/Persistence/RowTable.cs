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

    /// <summary>Whether the statement must find its row (an update or a delete).</summary>
    public bool MustFindRow => first.Kind != RowWriteKind.Insert;

    /// <summary>The statement's SQL, its parameters added to <paramref name="parameters"/> and named from
    /// <paramref name="next"/> on (advanced past them), so that several statements can share one command.</summary>
    public string Prepare(DbCommand factory, DbParameterCollection parameters, ref int next) =>
        _inserts is { } rows
            ? first.Table.PrepareInsert(rows, factory, parameters, ref next)
            : first.Table.Prepare(first, factory, parameters, ref next);

    /// <summary>A guarded update or a delete must have found its row.</summary>
    /// <exception cref="ConcurrencyConflictException">It did not.</exception>
    public void Check(int affected)
    {
        if (MustFindRow && affected != 1)
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

    // The statements by shape (kind, the columns an update sets, guarded, rows inserted, first parameter's number).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SqlShape, string> _sql = new();
    private readonly Column[] _columns;
    private readonly Func<object> _create;
    private readonly int _revision = -1;

    public RowTable(IModel model, Type clrType, ISqlGenerationHelper helper)
    {
        var entity = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model");
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        Table = helper.DelimitIdentifier(table.Name, table.Schema);
        _columns = [.. new[] { key }.Concat(entity.GetProperties().Where(p => p != key)).Select(p => new Column(p, table, helper))];
        if (_columns.Length > 64)
        {
            throw new InvalidOperationException($"{clrType.Name}: an update names its columns by the bits of a 64-bit mask");
        }

        _create = Expression.Lambda<Func<object>>(Expression.New(clrType)).Compile();
        ColumnList = string.Join(", ", _columns.Select(c => c.Name));
        var revision = entity.GetProperties().FirstOrDefault(p => p.IsConcurrencyToken);
        if (revision is not null)
        {
            _revision = Array.FindIndex(_columns, c => c.Property == revision);
        }
    }

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

    /// <summary>One INSERT of one or more rows, its parameters added to <paramref name="parameters"/>, named from
    /// <paramref name="next"/> on.</summary>
    public string PrepareInsert(List<RowWrite> rows, DbCommand factory, DbParameterCollection parameters, ref int next)
    {
        var first = next;
        foreach (var write in rows)
        {
            foreach (var column in _columns)
            {
                parameters.Add(column.Parameter(factory, Name(next++), write.Row));
            }
        }

        return _sql.GetOrAdd(new SqlShape(RowWriteKind.Insert, 0, false, rows.Count, first), static (shape, table) => table.Sql(shape), this);
    }

    /// <summary>The statement of an update or a delete, its parameters added to <paramref name="parameters"/> (made by
    /// <paramref name="factory"/>, so each provider's type mapping configures them), named from
    /// <paramref name="next"/> on.</summary>
    public string Prepare(RowWrite write, DbCommand factory, DbParameterCollection parameters, ref int next)
    {
        var first = next;
        next += _columns.Length + 1;
        parameters.Add(_columns[0].Parameter(factory, Name(first), write.Row));
        if (write.Kind == RowWriteKind.Delete)
        {
            return _sql.GetOrAdd(new SqlShape(RowWriteKind.Delete, 0, false, 1, first), static (shape, table) => table.Sql(shape), this);
        }

        // Only the changed columns: SQLite then leaves index pages of unchanged columns alone (fewer pages per commit),
        // and PostgreSQL gets a smaller statement.
        var set = write.Before is { } before ? Changed(write.Row, before) : 0;
        if (set == 0)
        {
            set = AllColumns;
        }

        for (var i = 1; i < _columns.Length; i++)
        {
            if ((set & (1UL << i)) != 0)
            {
                parameters.Add(_columns[i].Parameter(factory, Name(first + i), write.Row));
            }
        }

        var guarded = write.ExpectedRevision is not null;
        if (guarded)
        {
            parameters.Add(_columns[_revision].Mapping.CreateParameter(factory, Name(first + _columns.Length),
                write.ExpectedRevision!.Value, nullable: false));
        }

        return _sql.GetOrAdd(new SqlShape(RowWriteKind.Update, set, guarded, 1, first), static (shape, table) => table.Sql(shape), this);
    }

    private static string Name(int n) => n < ParameterNames.Length ? ParameterNames[n] : $"@p{n}";

    // Every column but the key (bit 0).
    private ulong AllColumns => _columns.Length == 64 ? ulong.MaxValue - 1 : (1UL << _columns.Length) - 2;

    // A bit per column (key first) whose value differs from the loaded one.
    private ulong Changed(object row, object?[] before)
    {
        if (before.Length != _columns.Length)
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

    private string Sql(SqlShape shape)
    {
        var key = $"{_columns[0].Name} = {Name(shape.First)}";
        switch (shape.Kind)
        {
            case RowWriteKind.Delete:
                return $"DELETE FROM {Table} WHERE {key}";
            case RowWriteKind.Update:
                var sets = string.Join(", ", Enumerable.Range(1, _columns.Length - 1).Where(i => (shape.Set & (1UL << i)) != 0)
                    .Select(i => $"{_columns[i].Name} = {Name(shape.First + i)}"));
                var guard = shape.Guarded ? $" AND {_columns[_revision].Name} = {Name(shape.First + _columns.Length)}" : "";
                return $"UPDATE {Table} SET {sets} WHERE {key}{guard}";
            default:
                var text = new System.Text.StringBuilder($"INSERT INTO {Table} ({ColumnList}) VALUES ");
                for (var row = 0; row < shape.Rows; row++)
                {
                    text.Append(row == 0 ? "(" : ", (");
                    for (var i = 0; i < _columns.Length; i++)
                    {
                        text.Append(i == 0 ? "" : ", ").Append(Name(shape.First + (row * _columns.Length) + i));
                    }

                    text.Append(')');
                }

                return text.ToString();
        }
    }

    private readonly record struct SqlShape(RowWriteKind Kind, ulong Set, bool Guarded, int Rows, int First);

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
