using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OneThing.Cases.Casework;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>What docs/api.md tells a client about cases is what the API does: state names, a new draft's revision,
/// the example credit codes.</summary>
public sealed partial class CaseDocsAgreementTests : IDisposable
{
    private static readonly string ApiDoc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "api.md"));

    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void ApiDoc_StateNames_AreTheNamesTheApiGives()
    {
        var documented = StatePair().Matches(ApiDoc)
            .GroupBy(m => m.Groups["code"].Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Groups["name"].Value).ToList(), StringComparer.Ordinal);

        foreach (var state in Enum.GetValues<CaseState>())
        {
            var code = JsonNamingPolicy.CamelCase.ConvertName(state.ToString());
            Assert.True(documented.TryGetValue(code, out var names), $"docs/api.md does not name the state {code}");
            Assert.All(names, name => Assert.Equal(CaseStates.Name(state), name));
        }
    }

    [Fact]
    public async Task ApiDoc_NewDraftRevision_IsTheRevisionTheApiGives()
    {
        using var applicant = await _factory.SignInAsync("applicant");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = ApplyForm(),
        }, HttpStatusCode.Created);

        var documented = Assert.Single(RevisionExample().Matches(ApiDoc)).Groups["revision"].Value;
        Assert.Equal(long.Parse(documented, System.Globalization.CultureInfo.InvariantCulture),
            created.GetProperty("revision").GetInt64());
    }

    [Fact]
    public void Docs_ExampleCreditCodes_PassThePlatformCheck()
    {
        var docs = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md")
            .Append(Path.Combine(RepositoryPaths.Root, "README.md"))
            .Select(File.ReadAllText);
        var codes = docs.SelectMany(text => CreditCodeExample().Matches(text)).Select(m => m.Groups["code"].Value).ToList();

        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Null(UnifiedSocialCreditCode.Validate(code, out _)?.Message));
    }

    // "`draft` 草稿 → `submitted` 已提交 → …" in the section on cases.
    [GeneratedRegex(@"`(?<code>[a-z][A-Za-z]+)` (?<name>\p{IsCJKUnifiedIdeographs}+)")]
    private static partial Regex StatePair();

    [GeneratedRegex("\"revision\":(?<revision>[0-9]+)")]
    private static partial Regex RevisionExample();

    [GeneratedRegex("\"creditCode\":\"(?<code>[^\"]+)\"")]
    private static partial Regex CreditCodeExample();
}
