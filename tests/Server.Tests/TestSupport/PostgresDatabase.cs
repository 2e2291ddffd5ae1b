using Npgsql;

namespace OneThing.Server.Tests.TestSupport;

/// <summary>A fresh, empty PostgreSQL database on the server <c>./test.sh</c> started, dropped on dispose.</summary>
public sealed class PostgresDatabase : IDisposable
{
    /// <summary>Where <c>./test.sh</c> puts the PostgreSQL connection string it started.</summary>
    public const string Variable = "ONETHING_TEST_POSTGRES";

    private readonly string _admin;
    private readonly string _name = $"ot_{Guid.NewGuid():N}";

    public PostgresDatabase()
    {
        _admin = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException(
                $"{Variable} is not set: run the tests with ./test.sh, which starts PostgreSQL for them");
        Execute($"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
