using Microsoft.Data.Sqlite;
using OneThing.Server.Cli;

namespace OneThing.Server.Tests.Cli;

public sealed class AccountCommandsTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("onething-accounts-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public void Names_Always_IncludeCreateAdminAndSetPassword()
    {
        Assert.Contains("create-admin", CliCommands.Names);
        Assert.Contains("set-password", CliCommands.Names);
    }

    [Theory]
    [InlineData("password12")]
    [InlineData("OneThing#2026")]
    [InlineData("chief-2026-abc")]
    [InlineData("")]
    public void CreateAdmin_WeakPassword_Exit1(string password)
    {
        var (exit, _, stderr) = CreateAdmin(password, "--user", "chief");

        Assert.Equal(AccountCommands.ExitRefused, exit);
        Assert.Contains("密码", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAdmin_PasswordOnTheCommandLine_Exit2()
    {
        var (exit, _, stderr) = CreateAdmin("", "--user", "chief", "--password", "Harbour#Lamp58");

        Assert.Equal(AccountCommands.ExitUsage, exit);
        Assert.Contains("命令行", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAdmin_NameTakenInAnyCase_Exit1()
    {
        Assert.Equal(AccountCommands.ExitDone, CreateAdmin("Harbour#Lamp58", "--user", "chief").Exit);

        var (exit, _, stderr) = CreateAdmin("Harbour#Lamp59", "--user", "CHIEF");

        Assert.Equal(AccountCommands.ExitRefused, exit);
        Assert.Contains("已存在", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAdmin_PasswordFileMissing_Exit2()
    {
        var (exit, _, _) = CreateAdmin("", "--user", "chief", "--password-file", Path.Combine(_dataDir, "none"));

        Assert.Equal(AccountCommands.ExitUsage, exit);
    }

    [Fact]
    public void SetPassword_UnknownUser_Exit1()
    {
        var stderr = new StringWriter();

        var exit = AccountCommands.SetPassword(["--user", "ghost", "--data-dir", _dataDir],
            new StringReader("Harbour#Lamp58\n"), TextWriter.Null, stderr);

        Assert.Equal(AccountCommands.ExitRefused, exit);
    }

    private (int Exit, string Stdout, string Stderr) CreateAdmin(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = AccountCommands.CreateAdmin([.. args, "--data-dir", _dataDir], new StringReader(stdin + "\n"), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
