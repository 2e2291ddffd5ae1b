using System.Data.Common;

namespace OneThing.Engine.Persistence;

/// <summary>The connection a SQLite file's group commits are written on: one per file, used by one group at a time,
/// with each statement text prepared once. A connection's page cache is dropped whenever another connection has
/// written the file, and each pooled connection took its turn as the writer, so every group read the b-tree pages
/// it changes afresh and parsed every statement anew; on its own connection the next group finds both where the
/// last one left them.</summary>
internal sealed class SqliteGroupWriter : IDisposable
{
    // Statement texts come in a bounded number of shapes (RowTable); past this many the cache starts over.
    private const int MaxStatements = 256;
    private readonly DbConnection _connection;
    private readonly DbCommand _scratch;
    private readonly Dictionary<string, DbCommand> _statements = new(StringComparer.Ordinal);

    /// <summary>Opens a connection to the same file as <paramref name="like"/>, with the product's settings.</summary>
    public SqliteGroupWriter(DbConnection like)
    {
        _connection = DbProviderFactories.GetFactory(like)?.CreateConnection()
            ?? throw new InvalidOperationException("the provider makes no connections");
        _connection.ConnectionString = like.ConnectionString;
        _connection.Open();
        _scratch = _connection.CreateCommand();
        _scratch.CommandText = SqliteDurability.Pragmas;
        _scratch.ExecuteNonQuery();
    }

    public DbTransaction Begin() => _connection.BeginTransaction();

    /// <summary>A command to add a statement's parameters to before <see cref="Execute"/> takes them.</summary>
    public DbCommand Parameters
    {
        get
        {
            _scratch.Parameters.Clear();
            return _scratch;
        }
    }

    /// <summary>Runs <paramref name="sql"/> in the transaction with the parameters added to <see cref="Parameters"/>;
    /// the rows it changed.</summary>
    public int Execute(string sql, DbTransaction transaction)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            if (_statements.Count >= MaxStatements)
            {
                DisposeStatements();
            }

            command = _connection.CreateCommand();
            command.CommandText = sql;
            _statements.Add(sql, command);
        }

        command.Parameters.Clear();
        if (_scratch.Parameters.Count > 0)
        {
            var parameters = new object[_scratch.Parameters.Count];
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] = _scratch.Parameters[i];
            }

            _scratch.Parameters.Clear();
            command.Parameters.AddRange(parameters);
        }

        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        DisposeStatements();
        _scratch.Dispose();
        _connection.Dispose();
    }

    private void DisposeStatements()
    {
        foreach (var command in _statements.Values)
        {
            command.Dispose();
        }

        _statements.Clear();
    }
}
