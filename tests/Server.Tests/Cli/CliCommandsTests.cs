using OneThing.Server.Cli;

namespace OneThing.Server.Tests.Cli;

public sealed class CliCommandsTests
{
    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:0")]
    [InlineData("serve")]
    public void TryRun_ArgumentsThatAreNotASubCommand_LeavesThemToTheWebHost(params string[] args)
    {
        Assert.False(CliCommands.TryRun(args, out _));
    }

    [Fact]
    public void Names_Always_IncludesLint()
    {
        Assert.Contains("lint", CliCommands.Names);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void TryRun_Help_ExitsZeroWithoutStartingTheServer(string option)
    {
        Assert.True(CliCommands.TryRun([option], out var exitCode));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void Help_Always_NamesEverySubCommandAndTheServerOptions()
    {
        Assert.All(CliCommands.Names, name => Assert.Contains(name, CliCommands.Help, StringComparison.Ordinal));
        Assert.Contains("--urls", CliCommands.Help, StringComparison.Ordinal);
        Assert.Contains("--data-dir", CliCommands.Help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lint")]
    [InlineData("verify")]
    [InlineData("create-admin")]
    [InlineData("set-password")]
    [InlineData("master-key")]
    public void TryRun_SubCommandHelp_ExitsZero(string name)
    {
        Assert.True(CliCommands.TryRun([name, "--help"], out var exitCode));
        Assert.Equal(0, exitCode);
    }
}
