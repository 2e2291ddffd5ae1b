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
}
