using System.Net;
using System.Text.Json;
using OneThing.Engine.Model;
using OneThing.Server.Definitions;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Definitions;

/// <summary>办事指南: the public catalogue of deployed one-things, read without signing in.</summary>
public sealed class CatalogueEndpointsTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<(HttpStatusCode Status, string? Type, JsonElement Body)> Get(string path)
    {
        using var client = _factory.NewClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Catalogue_Anonymous_ListsTheDeployedOneThings()
    {
        var (status, _, body) = await Get("/api/catalogue");

        Assert.Equal(HttpStatusCode.OK, status);
        var entry = Assert.Single(body.EnumerateArray(), e => e.GetProperty("processId").GetString() == "qiye-kaiban");
        Assert.Equal("企业开办", entry.GetProperty("name").GetString());
        Assert.True(entry.GetProperty("version").GetInt32() >= 1);
    }

    [Fact]
    public async Task CatalogueEntry_QiyeKaiban_HasItsGuide()
    {
        var (status, _, e) = await Get("/api/catalogue/qiye-kaiban");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("企业开办", e.GetProperty("name").GetString());
        Assert.True(Guid.TryParse(e.GetProperty("definitionId").GetString(), out _));
        Assert.StartsWith("在上海开办企业", e.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n", e.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("\n\n", e.GetProperty("documentation").GetString(), StringComparison.Ordinal);
        Assert.Equal("3wd", e.GetProperty("statutoryLimit").GetProperty("raw").GetString());
        Assert.Equal("3 个工作日", e.GetProperty("statutoryLimit").GetProperty("text").GetString());
        Assert.Equal("1 个工作日", e.GetProperty("promisedLimit").GetProperty("text").GetString());
        Assert.Equal("qiye-kaiban/apply", e.GetProperty("startFormKey").GetString());
        Assert.Equal("不收费", e.GetProperty("fee").GetString());
        Assert.Contains("一窗领取", e.GetProperty("pickup").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, e.GetProperty("conditions").GetArrayLength());

        var materials = e.GetProperty("materials").EnumerateArray().ToList();
        var charter = Assert.Single(materials, m => m.GetProperty("code").GetString() == "公司章程");
        Assert.True(charter.GetProperty("required").GetBoolean());
        Assert.Equal("设立登记", charter.GetProperty("step").GetString());
        Assert.Equal("全体投资人身份证明", Assert.Single(materials, m => m.GetProperty("code").GetString() == "居民身份证")
            .GetProperty("name").GetString());
        // The licence is issued by 设立登记 and consumed by later steps: a result, not something the applicant brings.
        Assert.DoesNotContain(materials, m => m.GetProperty("code").GetString() == "营业执照");
        Assert.Contains(e.GetProperty("results").EnumerateArray(), r => r.GetProperty("code").GetString() == "营业执照");

        var steps = e.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal("NameDeclaration", steps[0].GetProperty("id").GetString());
        Assert.Equal("名称自主申报", steps[0].GetProperty("name").GetString());
        Assert.Equal(["市场监管局"], steps[0].GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("2 小时", steps[0].GetProperty("limit").GetProperty("text").GetString());
        Assert.Contains(steps, s => s.GetProperty("id").GetString() == "Seal"
            && s.GetProperty("departments")[0].GetString() == "公安局");
    }

    [Fact]
    public async Task CatalogueEntry_NotDeployed_Is404ProblemJson()
    {
        var (status, type, body) = await Get("/api/catalogue/nope");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal("PROCESS_NOT_FOUND", body.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("3wd", "3 个工作日")]
    [InlineData("2h", "2 小时")]
    [InlineData("5d", "5 个自然日")]
    [InlineData("0.5wd", "0.5 个工作日")]
    public void LimitText_ReadsAsAPersonSaysIt(string raw, string text)
    {
        Assert.True(TimeLimit.TryParse(raw, out var limit));

        Assert.Equal(new LimitText(raw, text), LimitText.Of(limit));
    }
}
