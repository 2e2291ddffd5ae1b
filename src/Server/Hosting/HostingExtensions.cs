namespace OneThing.Server.Hosting;

/// <summary>Host-wide settings every deployment shares.</summary>
public static class HostingExtensions
{
    /// <summary>The command-line switch that turns demo mode on (<see cref="Accounts.DemoOptions"/>).</summary>
    public const string DemoSwitch = "--demo";

    /// <summary>Lets <c>ASPNETCORE_URLS</c> and <c>--urls</c> override the default <c>Urls</c> of
    /// <c>appsettings.json</c> (http://127.0.0.1:5080).</summary>
    /// <remarks>WebApplicationBuilder reads <c>ASPNETCORE_</c>-prefixed environment variables before the JSON
    /// files, so without this the default in <c>appsettings.json</c> would win over <c>ASPNETCORE_URLS</c>.
    /// Re-adding them, then the command line, restores the order operators expect: file &lt; environment &lt;
    /// command line.</remarks>
    public static WebApplicationBuilder AddHostingDefaults(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddEnvironmentVariables("ASPNETCORE_");
        builder.Configuration.AddCommandLine(args.Where(a => a != DemoSwitch).ToArray(), new Dictionary<string, string>
        {
            ["--data-dir"] = Persistence.DatabaseExtensions.DataDirKey,
        });
        if (args.Contains(DemoSwitch))
        {
            builder.Configuration.AddInMemoryCollection([new(Accounts.DemoOptions.Key, "true")]);
        }

        return builder;
    }
}
