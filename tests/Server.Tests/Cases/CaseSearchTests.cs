using System.Net;
using System.Text.Json;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary><c>GET /api/cases</c>: each filter, keyset paging while cases are added, each role's rows and the
/// identity numbers per reader.</summary>
public sealed class CaseSearchTests
{
    private static readonly string OtherId = PersonId("11010519850101002");

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Search_PagingWhileCasesAreAdded_ListsEachEarlierCaseOnceNewestFirst(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var auditor = await factory.SignInAsync("auditor");
        var before = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            before.Add(i % 2 == 0 ? await Submit(applicant) : await Draft(applicant));
        }

        var seen = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Get(auditor, "/api/cases?pageSize=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(JsonValueKind.Null, page.GetProperty("total").ValueKind);
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
            // Newer cases arrive between pages; they sort before every cursor, so they shift nothing.
            await Submit(applicant);
            await Draft(applicant);
        }
        while (cursor is not null);

        var ids = seen.Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Equal(3, pages);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(before.AsEnumerable().Reverse(), ids);
        var created = seen.Select(c => c.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal(created.OrderDescending(), created);
    }

    [Fact]
    public async Task Search_EachFilter_FindsExactlyTheMatchingCases()
    {
        using var factory = new OneThingFactory();
        factory.AddAccount("applicant-2", "applicant", "");
        using var applicant = await factory.SignInAsync("applicant");
        using var other = await factory.SignInAsync("applicant-2");
        using var clerk = await factory.SignInAsync("clerk");
        using var auditor = await factory.SignInAsync("auditor");
        var draft = await Draft(applicant);
        var submitted = await Submit(applicant);
        var accepted = await Accepted(applicant, clerk);
        var others = await SubmitAs(other, OtherId);
        var number = (await Get(auditor, $"/api/cases/{accepted}")).GetProperty("summary").GetProperty("number").GetString()!;
        var createdAt = (await Get(auditor, $"/api/cases/{submitted}")).GetProperty("summary").GetProperty("createdAt")
            .GetDateTimeOffset();

        Same([others, accepted, submitted, draft], await Search(auditor, "processId=qiye-kaiban"));
        Assert.Empty(await Search(auditor, "processId=no-such-one"));
        Same([others, submitted], await Search(auditor, "state=submitted"));
        Same([draft], await Search(auditor, "state=draft"));
        Same([accepted], await Search(auditor, "department=" + Uri.EscapeDataString("市场监管局")));
        Assert.Empty(await Search(auditor, "department=" + Uri.EscapeDataString("市场监管")));
        Same([others], await Search(auditor, "applicant=applicant-2"));
        Same([others], await Search(auditor, "idNumber=" + OtherId));
        Same([accepted, submitted, draft], await Search(auditor, "idNumber=" + PersonId().ToLowerInvariant()));
        Same([accepted], await Search(auditor, "number=" + Uri.EscapeDataString(number)));
        Assert.Empty(await Search(auditor, "number=" + Uri.EscapeDataString(number[..^1])));
        Assert.Contains(accepted, await Search(auditor, "numberPrefix=" + Uri.EscapeDataString(number[..^1])));
        Assert.DoesNotContain(draft, await Search(auditor, "numberPrefix=" + Uri.EscapeDataString(number[..^1])));
        var from = Uri.EscapeDataString(createdAt.ToString("O"));
        Same([others, accepted, submitted], await Search(auditor, $"createdFrom={from}"));
        Same([draft], await Search(auditor, $"createdTo={from}"));
        Same([others, accepted, submitted], await Search(auditor, $"submittedFrom={from}"));
        Assert.Empty(await Search(auditor, $"submittedTo={from}"));
        Same([accepted], await Search(auditor, $"state=accepted&processId=qiye-kaiban&createdFrom={from}"));
    }

    [Theory]
    [InlineData("state=nonsense", "state")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=MTIzNDU", "cursor")]
    public async Task Search_WrongQuery_Is400NamingTheField(string query, string field)
    {
        using var factory = new OneThingFactory();
        using var auditor = await factory.SignInAsync("auditor");

        using var response = await auditor.GetAsync(new Uri("/api/cases?" + query, UriKind.Relative));
        var problem = await Json(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Search_EachReader_SeesExactlyTheCasesTheyMayRead()
    {
        using var factory = new OneThingFactory();
        factory.AddAccount("applicant-2", "applicant", "");
        using var applicant = await factory.SignInAsync("applicant");
        using var other = await factory.SignInAsync("applicant-2");
        using var clerk = await factory.SignInAsync("clerk");
        var draft = await Draft(applicant);
        var submitted = await Submit(applicant);
        var accepted = await Accepted(applicant, clerk);
        var others = await SubmitAs(other, OtherId);
        string[] all = [draft, submitted, accepted, others];

        var expected = new Dictionary<string, string[]>
        {
            ["applicant"] = [accepted, submitted, draft],
            ["applicant-2"] = [others],
            ["clerk"] = [others, accepted, submitted],
            ["approver"] = [accepted],
            ["approver-tax"] = [],
            ["auditor"] = [others, accepted, submitted, draft],
        };
        var address = 10;
        foreach (var (reader, cases) in expected)
        {
            // One address each: the sign-in rate limit counts per address.
            using var client = await factory.SignInAsync(reader, address: $"192.0.2.{address++}");
            var found = await Search(client, "pageSize=100");

            Assert.True(cases.SequenceEqual(found), $"{reader}: [{string.Join(", ", found)}]");
            // The same rows as reading one case allows.
            foreach (var id in all)
            {
                using var one = await client.GetAsync(new Uri($"/api/cases/{id}", UriKind.Relative));
                Assert.True(found.Contains(id) == (one.StatusCode == HttpStatusCode.OK), $"{reader} {id}: {one.StatusCode}");
            }
        }

        foreach (var refused in new[] { "analyst", "admin" })
        {
            using var client = await factory.SignInAsync(refused, address: $"192.0.2.{address++}");
            using var response = await client.GetAsync(new Uri("/api/cases", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Search_IdentityNumbers_ShownAsTheCaseDetailShowsThemToTheReader()
    {
        using var factory = new OneThingFactory();
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var auditor = await factory.SignInAsync("auditor");
        var id = await Submit(applicant);

        foreach (var reader in new[] { applicant, clerk, auditor })
        {
            var item = (await Get(reader, "/api/cases")).GetProperty("items").EnumerateArray()
                .Single(c => c.GetProperty("id").GetString() == id);
            var detail = await Get(reader, $"/api/cases/{id}");
            Assert.Equal(detail.GetProperty("applicantIdNumber").GetString(), item.GetProperty("applicantIdNumber").GetString());
        }

        var masked = (await Get(auditor, "/api/cases")).GetProperty("items")[0].GetProperty("applicantIdNumber").GetString();
        Assert.NotEqual(PersonId(), masked);
        Assert.Equal(PersonId(), (await Get(applicant, "/api/cases")).GetProperty("items")[0]
            .GetProperty("applicantIdNumber").GetString());
    }

    private static void Same(string[] expected, List<string> actual) => Assert.Equal(expected, actual);

    private static async Task<List<string>> Search(HttpClient reader, string query) =>
        (await Get(reader, "/api/cases?" + query)).GetProperty("items").EnumerateArray()
        .Select(c => c.GetProperty("id").GetString()!).ToList();

    private static async Task<string> Draft(HttpClient applicant) =>
        (await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = ApplyForm(),
        }, HttpStatusCode.Created)).GetProperty("summary").GetProperty("id").GetString()!;

    private static async Task<string> SubmitAs(HttpClient applicant, string idNumber)
    {
        var id = (await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "李四", idNumber },
            formData = ApplyForm(),
        }, HttpStatusCode.Created)).GetProperty("summary").GetProperty("id").GetString()!;
        await Post(applicant, $"/api/cases/{id}/submit");
        return id;
    }
}
