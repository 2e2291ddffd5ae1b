using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Api;

/// <summary>The web UI's typed client is generated from <c>src/Designer/openapi.json</c>, the committed copy of
/// <c>/openapi/v1.json</c>: it must be what the server serves, or the UI is typed against an API that is not there.
/// The copy is stored in one stable format (4-space indent, keys in document order, Chinese unescaped, the
/// port-dependent <c>servers</c> left out); with <c>ONETHING_UPDATE_SNAPSHOTS=1</c> the test rewrites it.</summary>
public sealed class OpenApiSnapshotTests
{
    /// <summary>Set to 1 to rewrite the snapshot instead of comparing.</summary>
    public const string UpdateVariable = "ONETHING_UPDATE_SNAPSHOTS";

    private static string SnapshotPath => Path.Combine(RepositoryPaths.Root, "src", "Designer", "openapi.json");

    [Fact]
    public async Task OpenApiSnapshot_MatchesTheServedDocument()
    {
        using var factory = new OneThingFactory();
        using var client = factory.CreateClient();
        var served = Format(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(SnapshotPath, served, new UTF8Encoding(false));
            return;
        }

        var committed = File.Exists(SnapshotPath) ? await File.ReadAllTextAsync(SnapshotPath) : "";
        if (committed.Replace("\r\n", "\n", StringComparison.Ordinal) != served)
        {
            Assert.Fail($"{SnapshotPath} differs from the server's /openapi/v1.json. Refresh it with "
                + $"`{UpdateVariable}=1 dotnet test tests/Server.Tests --filter OpenApiSnapshot`, then "
                + "`cd src/Designer && npm run api:types`, and commit both openapi.json and src/api/schema.d.ts. "
                + FirstDifference(committed, served));
        }
    }

    /// <summary>The snapshot format: the document without <c>servers</c>, indented by 4, non-ASCII kept, one
    /// newline at the end.</summary>
    public static string Format(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("servers");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   Indented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
               }))
        {
            node.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static string FirstDifference(string committed, string served)
    {
        var a = committed.Split('\n');
        var b = served.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end of file)";
            var right = i < b.Length ? b[i] : "(end of document)";
            if (left != right)
            {
                return $"First difference at line {i + 1}: committed `{left.Trim()}`, served `{right.Trim()}`.";
            }
        }

        return "";
    }
}
