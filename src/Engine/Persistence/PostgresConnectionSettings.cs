using System.Data.Common;

namespace OneThing.Engine.Persistence;

/// <summary>What the engine adds to a PostgreSQL connection string, unless the string sets it itself:
/// <list type="bullet">
/// <item><c>Max Auto Prepare=100</c>: the driver prepares the statements it runs often (per connection), so the
/// server no longer parses and plans each command's writes anew, which took about half of its CPU per command.</item>
/// <item><c>No Reset On Close=true</c>: a connection that goes back to the pool is not reset (seven statements
/// before the next command) since the engine leaves no session state behind: no <c>SET</c>, temporary tables,
/// <c>LISTEN</c> or advisory locks.</item>
/// </list>
/// Behind a pooler in transaction mode that cannot keep prepared statements, set <c>Max Auto Prepare=0</c>.</summary>
public static class PostgresConnectionSettings
{
    /// <summary>How many statements each connection keeps prepared.</summary>
    public const int MaxAutoPrepare = 100;

    /// <summary>The connection string with the engine's settings added where it names none.</summary>
    public static string Apply(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        SetUnlessPresent(builder, "Max Auto Prepare", MaxAutoPrepare);
        SetUnlessPresent(builder, "No Reset On Close", true);
        return builder.ConnectionString;
    }

    private static void SetUnlessPresent(DbConnectionStringBuilder builder, string keyword, object value)
    {
        // Npgsql takes each keyword with or without its spaces.
        if (!builder.ContainsKey(keyword) && !builder.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal)))
        {
            builder[keyword] = value;
        }
    }
}
