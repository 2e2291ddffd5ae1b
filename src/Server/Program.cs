using OneThing.Server.Accounts;
using OneThing.Server.Api;
using OneThing.Server.Audit;
using OneThing.Server.Cases;
using OneThing.Server.Cli;
using OneThing.Server.Definitions;
using OneThing.Server.Forms;
using OneThing.Server.Health;
using OneThing.Server.Hosting;
using OneThing.Server.Notifications;
using OneThing.Server.Persistence;
using OneThing.Server.Security;

// Sub-commands (lint, …) run and exit before any web host is built, so they start fast and bind no port.
if (CliCommands.TryRun(args, out var exitCode))
{
    return exitCode;
}

// The content root is the app's own folder, so appsettings.json is found whichever directory the server is started
// from (`dotnet run` from the repository root, a service manager).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddHostingDefaults(args);
builder.AddProblemResponses();
builder.AddApiDocumentation();
builder.AddSecurity();
builder.AddDatabase();
builder.AddAccounts();
builder.AddWebSecurity();
builder.AddRateLimits();
builder.AddCases();
builder.AddNotifications();

var app = builder.Build();
app.UseWebSecurity();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLimits();
app.UseIdempotency();
app.MigrateDatabase();
if (DemoPasswordCheck.Run(app) is { } refused)
{
    return refused;
}

app.UseWebUi();
app.UseAccounts();
app.UseAntiforgeryCheck();
app.MapApiDocumentation();
// One group around every module, so the statuses of the middleware are declared on each endpoint.
var api = app.MapGroup("").WithApiProblems();
api.MapHealth();
api.MapAccounts();
api.MapAdmin();
api.MapDefinitions();
api.MapCatalogue();
api.MapForms();
api.MapCases();
api.MapTasks();
api.MapAudit();
api.MapNotifications();
app.MapWebUiFallback();
app.Run();
return 0;

/// <summary>The web host's entry point; partial so functional tests can start it with WebApplicationFactory.</summary>
public partial class Program;
