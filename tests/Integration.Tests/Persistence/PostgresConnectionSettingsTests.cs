using Npgsql;
using OneThing.Engine.Persistence;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>The settings the engine adds to a PostgreSQL connection string, as Npgsql reads them.</summary>
public class PostgresConnectionSettingsTests
{
    [Fact]
    public void Adds_prepared_statements_and_no_reset_where_the_string_names_neither()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionSettings.Apply("Host=db;Username=u;Database=d"));

        Assert.Equal(PostgresConnectionSettings.MaxAutoPrepare, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal("db", builder.Host);
        Assert.Equal("d", builder.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false")]
    public void Keeps_what_the_operator_set(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionSettings.Apply(connectionString));

        Assert.Equal(0, builder.MaxAutoPrepare);
        Assert.False(builder.NoResetOnClose);
    }
}
