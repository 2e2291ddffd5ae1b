using Microsoft.AspNetCore.Builder;
using OneThing.Server.Hosting;

namespace OneThing.Server.Tests.Hosting;

public sealed class HostingExtensionsTests : IDisposable
{
    private const string Default = "http://127.0.0.1:5080";

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("onething-host-").FullName;

    public HostingExtensionsTests() =>
        File.WriteAllText(Path.Combine(_contentRoot, "appsettings.json"), $$"""{ "Urls": "{{Default}}" }""");

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public void AddHostingDefaults_NothingElseSet_KeepsAppSettingsDefault()
    {
        Assert.Equal(Default, UrlsFor([]));
    }

    [Fact]
    public void AddHostingDefaults_UrlsOnCommandLine_OverridesAppSettings()
    {
        Assert.Equal("http://127.0.0.1:6001", UrlsFor(["--urls", "http://127.0.0.1:6001"]));
    }

    [Fact]
    public void AddHostingDefaults_AspNetCoreUrlsVariable_OverridesAppSettingsButNotCommandLine()
    {
        var previous = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        try
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", "http://127.0.0.1:6002");

            Assert.Equal("http://127.0.0.1:6002", UrlsFor([]));
            Assert.Equal("http://127.0.0.1:6003", UrlsFor(["--urls", "http://127.0.0.1:6003"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", previous);
        }
    }

    private string? UrlsFor(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = _contentRoot });
        builder.AddHostingDefaults(args);
        return builder.Configuration["Urls"];
    }
}
