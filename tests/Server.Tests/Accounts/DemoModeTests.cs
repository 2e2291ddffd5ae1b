using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using OneThing.Server.Accounts;
using OneThing.Server.Cli;
using OneThing.Server.Security;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Accounts.AccountTestApi;

namespace OneThing.Server.Tests.Accounts;

/// <summary>Issue 9, defect 3: the demo password cannot reach production, and a fresh production database gets its
/// first administrator from the command line.</summary>
public sealed class DemoModeTests : IDisposable
{
    private const string AdminPassword = "Harbour#Lamp58";

    private readonly OneThingFactory _factory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _factory.Dispose();
    }

    [Fact]
    public async Task ProductionStart_DemoPasswordsLeft_ExitsWithTheFixInItsMessage()
    {
        using (var _ = _factory.CreateClient())
        {
        }

        var (exit, output) = await RunServer(_factory.DataDir);

        Assert.Equal(DemoPasswordCheck.ExitDemoPassword, exit);
        Assert.Contains("admin", output, StringComparison.Ordinal);
        Assert.Contains("set-password", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionStart_AfterSetPasswordForEveryDemoAccount_StartsWithoutDemoData()
    {
        using (var _ = _factory.CreateClient())
        {
        }

        SqliteConnection.ClearAllPools();
        foreach (var (userName, _, _, _) in DemoData.Accounts)
        {
            Assert.Equal(AccountCommands.ExitDone, SetPassword(userName, PasswordOf(userName)));
        }

        using var production = _factory.WithWebHostBuilder(Production);
        using var client = production.CreateClient(new() { HandleCookies = true });
        using var demo = await Login(client, "admin", DemoData.DemoPassword);
        using var real = await Login(client, "admin", PasswordOf("admin"));

        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
    }

    [Fact]
    public async Task CreateAdmin_FreshProductionDatabase_AdministratorSignsIn()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = AccountCommands.CreateAdmin(["--user", "chief", "--display-name", "首席管理员", "--data-dir", _factory.DataDir],
            new StringReader(AdminPassword + "\n"), stdout, stderr);
        SqliteConnection.ClearAllPools();
        using var production = _factory.WithWebHostBuilder(Production);
        using var client = production.CreateClient(new() { HandleCookies = true });
        using var demo = await Login(client, "admin", DemoData.DemoPassword);
        using var login = await Login(client, "chief", AdminPassword);

        Assert.Equal(AccountCommands.ExitDone, exit);
        Assert.True(stderr.ToString().Length == 0, stderr.ToString());
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(["admin"], (await MeOf(client)).Roles);
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
    }

    /// <summary>Production, with the master key the Development start generated (a production start needs one; the
    /// same one keeps what that start sealed readable).</summary>
    private void Production(IWebHostBuilder web) => web.UseEnvironment("Production")
        .UseSetting("OneThing:Security:MasterKeyFile", MasterKeyFileOf(_factory.DataDir));

    private static string MasterKeyFileOf(string dataDir)
    {
        var file = Path.Combine(dataDir, SecurityOptions.GeneratedMasterKeyFileName);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(dataDir);
            File.WriteAllText(file, MasterKeys.NewEncoded());
        }

        return file;
    }

    private static string PasswordOf(string userName) => $"{AdminPassword}.{userName.Length}";

    private int SetPassword(string userName, string password)
    {
        var file = Path.Combine(_factory.DataDir, $"{userName}.pw");
        File.WriteAllText(file, password + "\n");
        return AccountCommands.SetPassword(["--user", userName, "--password-file", file, "--data-dir", _factory.DataDir],
            TextReader.Null, TextWriter.Null, TextWriter.Null);
    }

    /// <summary>Starts the real server executable in Production on the data directory and waits for it to exit.</summary>
    private static async Task<(int Exit, string Output)> RunServer(string dataDir)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "OneThing.Server.exe" : "OneThing.Server"))
        {
            ArgumentList = { "--data-dir", dataDir, "--urls", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production",
                ["OneThing__Security__MasterKeyFile"] = MasterKeyFileOf(dataDir),
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
