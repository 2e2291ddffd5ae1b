using OneThing.Cases.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using Npgsql;
using OneThing.Server.Accounts;
using OneThing.Server.Persistence;

namespace OneThing.Server.Tests.TestSupport;

/// <summary>The real host in a data directory of its own, on an embedded SQLite database (<c>sqlite</c>, the
/// default) or on a fresh PostgreSQL database (<c>postgres</c>) created on the server that
/// <see cref="PostgresVariable"/> names and dropped on dispose.</summary>
public sealed class OneThingFactory : WebApplicationFactory<Program>
{
    /// <summary>Where <c>./test.sh</c> puts the PostgreSQL connection string it started.</summary>
    public const string PostgresVariable = "ONETHING_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _postgresDatabase;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <summary>A host on the provider: <c>sqlite</c> or <c>postgres</c>, with configuration
    /// <paramref name="settings"/> on top of the app's (e.g. higher rate limits for a test that hammers the API).
    /// PostgreSQL tests fail (they are not skipped) when <see cref="PostgresVariable"/> is unset, like the integration
    /// tests.</summary>
    public OneThingFactory(string provider = "sqlite", IReadOnlyDictionary<string, string>? settings = null)
    {
        Provider = provider;
        _settings = settings ?? new Dictionary<string, string>();
        if (provider == "sqlite")
        {
            return;
        }

        _postgresAdmin = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException(
                $"{PostgresVariable} is not set: run the tests with ./test.sh, which starts PostgreSQL for them");
        _postgresDatabase = $"ot_server_{Guid.NewGuid():N}";
        Execute(_postgresAdmin, $"CREATE DATABASE {_postgresDatabase}");
        PostgresConnectionString =
            new NpgsqlConnectionStringBuilder(_postgresAdmin) { Database = _postgresDatabase }.ConnectionString;
    }

    /// <summary>Both providers, as theory data.</summary>
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    /// <summary>The PostgreSQL database of this host, when it runs on PostgreSQL.</summary>
    public string? PostgresConnectionString { get; }

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), $"onething-server-{Guid.NewGuid():N}");

    /// <summary>A client with cookies, coming from <paramref name="address"/> when given.</summary>
    public HttpClient NewClient(string? address = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        if (address is not null)
        {
            client.DefaultRequestHeaders.Add(PeerAddress.Header, address);
        }

        return client;
    }

    /// <summary>A client signed in as a demo account (or with <paramref name="password"/>), sending the anti-forgery
    /// token like the web UI does.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = DemoData.DemoPassword,
        string? address = null)
    {
        var client = NewClient(address);
        using var login = await client.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative),
            new LoginRequest(userName, password));
        login.EnsureSuccessStatusCode();
        var token = await client.GetFromJsonAsync<AntiforgeryToken>(new Uri("/api/auth/antiforgery", UriKind.Relative));
        client.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        return client;
    }

    /// <summary>Adds an account with the demo password, the way the demo data does (there is no user-management
    /// API): <paramref name="roles"/> and <paramref name="departments"/> comma-separated.</summary>
    public void AddAccount(string userName, string roles, string departments)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        var account = new OneThing.Cases.Accounts.AccountRecord
        {
            Id = Guid.CreateVersion7(), UserName = userName, DisplayName = userName, Roles = roles,
            Departments = departments, CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        account.PasswordHash = Services.GetRequiredService<IPasswordHasher<OneThing.Cases.Accounts.AccountRecord>>()
            .HashPassword(account, DemoData.DemoPassword);
        db.Accounts.Add(account);
        db.SaveChanges();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting(DatabaseExtensions.DataDirKey, DataDir);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerAddress.Filter>());
        if (PostgresConnectionString is not null)
        {
            builder.UseSetting("OneThing:Database:Provider", "PostgreSql");
            builder.UseSetting("OneThing:Database:ConnectionString", PostgresConnectionString);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }

        if (_postgresAdmin is not null)
        {
            using (var connection = new NpgsqlConnection(PostgresConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            Execute(_postgresAdmin, $"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)");
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
