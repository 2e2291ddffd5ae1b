using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OneThing.Cases.Security;
using OneThing.Server.Security;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Security.SecurityHosts;

namespace OneThing.Server.Tests.Security;

/// <summary>The data-protection key ring (issue 9, defect 6): in the database, shared by every node, encrypted with
/// the master key; production refuses to start without one.</summary>
public sealed class KeyRingTests
{
    private const string StoredKeys = """SELECT "Xml" AS "Value" FROM ot_data_protection_key""";

    /// <summary>Two nodes on one PostgreSQL database, each with a data directory of its own: the cookie node 1
    /// issued signs in on node 2, and signing out on node 2 ends the session on node 1 at its next request.</summary>
    [Fact]
    public async Task TwoNodes_OnePostgres_CookieFromNodeOneAcceptedByNodeTwo_LogoutOnNodeTwoEndsItOnNodeOne()
    {
        var masterKey = MasterKeys.NewEncoded();
        using var database = new OneThingFactory("postgres");
        using var node1 = Node(database, masterKey);
        using var node2 = Node(database, masterKey);
        using var signedIn = await SignInAsync(node1, "clerk");
        using var me = await signedIn.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        var cookie = Assert.Single(me.RequestMessage!.Headers.GetValues("Cookie"));

        using var other = node2.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/auth/me", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        using var answer = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("clerk", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(Column(node2, StoredKeys));

        var token = signedIn.DefaultRequestHeaders.Single(h => h.Key == "X-XSRF-TOKEN");
        using var logout = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/logout", UriKind.Relative));
        logout.Headers.Add("Cookie", cookie);
        logout.Headers.Add(token.Key, token.Value);
        using var loggedOut = await other.SendAsync(logout);
        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);

        using var after = await signedIn.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task KeyRing_StoredInDatabase_EncryptedWithTheMasterKey()
    {
        using var host = new OneThingFactory();
        using var client = await SignInAsync(host, "applicant");

        var xml = Assert.Single(Column(host, StoredKeys));

        Assert.Contains("encryptedSecret", xml!, StringComparison.Ordinal);
        Assert.Contains(nameof(MasterKeyXmlDecryptor), xml!, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml!, StringComparison.Ordinal);
        // Not also written where the key ring used to live (the account's home directory).
        var keyId = System.Xml.Linq.XElement.Parse(xml!).Attribute("id")!.Value;
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aspnet",
            "DataProtection-Keys", $"key-{keyId}.xml");
        Assert.False(File.Exists(home), home);
    }

    [Fact]
    public void ProductionStart_WithoutMasterKey_Refused()
    {
        using var host = new OneThingFactory();
        using var production = host.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains(MasterKeys.MissingMessage, Messages(error), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(host.DataDir, SecurityOptions.GeneratedMasterKeyFileName)));
    }

    [Fact]
    public async Task ProductionStart_WithMasterKeyFile_Serves()
    {
        using var host = new OneThingFactory();
        Directory.CreateDirectory(host.DataDir);
        var file = Path.Combine(host.DataDir, "configured.key");
        await File.WriteAllTextAsync(file, MasterKeys.NewEncoded());
        using var production = host.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("OneThing:Security:MasterKeyFile", file);
        });

        using var health = await production.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void ProductionStart_MasterKeyNot32Bytes_RefusedNamingTheSetting()
    {
        using var host = new OneThingFactory();
        using var production = host.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting(MasterKeySetting, Convert.ToBase64String(new byte[16]));
        });

        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("OneThing:Security:MasterKey 应为 32 字节", Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentStart_FreshDataDirectory_GeneratesOwnerOnlyMasterKeyOnce()
    {
        using var host = new OneThingFactory();
        using var client = await SignInAsync(host, "applicant");
        var file = Path.Combine(host.DataDir, SecurityOptions.GeneratedMasterKeyFileName);

        var key = Convert.FromBase64String(await File.ReadAllTextAsync(file));

        Assert.Equal(MasterKeyRing.MasterKeyLength, key.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using var restarted = host.WithWebHostBuilder(_ => { });
        using var again = await SignInAsync(restarted, "applicant");
        Assert.Equal(key, Convert.FromBase64String(await File.ReadAllTextAsync(file)));
    }

    private static WebApplicationFactory<Program> Node(OneThingFactory database, string masterKey) =>
        database.WithWebHostBuilder(b =>
        {
            b.UseSetting(MasterKeySetting, masterKey);
            b.UseSetting("OneThing:DataDir", Path.Combine(database.DataDir, Guid.NewGuid().ToString("N")));
        });

    private static string Messages(Exception error)
    {
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }
}
