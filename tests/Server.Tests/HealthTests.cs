using System.Net;
using System.Net.Http.Json;
using OneThing.Server.Health;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task GetHealthz_DatabaseReachable_ReturnsOk()
    {
        using var factory = new OneThingFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok","database":"ok"}""", await response.Content.ReadAsStringAsync());
        Assert.True(File.Exists(Path.Combine(factory.DataDir, "onething.db")));
    }

    [Fact]
    public async Task GetHealthz_DatabaseGone_Returns503()
    {
        using var factory = new OneThingFactory();
        using var client = factory.CreateClient();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // A rename is atomic, unlike deleting a folder the job executor may be writing into at that moment.
        var moved = factory.DataDir + "-gone";
        Directory.Move(factory.DataDir, moved);

        try
        {
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("unreachable", (await response.Content.ReadFromJsonAsync<HealthStatus>())?.Database);
        }
        finally
        {
            Directory.Delete(moved, recursive: true);
        }
    }
}
