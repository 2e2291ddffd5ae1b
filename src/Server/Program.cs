using OneThing.Server.Cli;
using OneThing.Server.Health;
using OneThing.Server.Hosting;

// Sub-commands (lint, …) run and exit before any web host is built, so they start fast and bind no port.
if (CliCommands.TryRun(args, out var exitCode))
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddHostingDefaults(args);

var app = builder.Build();
app.MapHealth();
app.Run();
return 0;

/// <summary>The web host's entry point; partial so functional tests can start it with WebApplicationFactory.</summary>
public partial class Program;
