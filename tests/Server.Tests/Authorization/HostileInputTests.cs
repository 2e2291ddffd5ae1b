using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneThing.Cases.Casework;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Authorization;

/// <summary>Requests an attacker or a broken client sends: too large, malformed, mistyped, with forged or missing
/// fields, with SQL- and script-like text. Each is refused with a Chinese problem and writes nothing, or is stored
/// as plain data and served back escaped; the server keeps answering.</summary>
public sealed class HostileInputTests(HostileInputTests.Clients clients) : IClassFixture<HostileInputTests.Clients>
{
    private const string Sql = "'; DROP TABLE ot_case; --";
    private const string Script = "<script>alert(1)</script>";

    private AuthorizationApp App => clients.App;

    [Fact]
    public async Task CreateCase_FormDataOverLimit_Refused400AndNothingWritten()
    {
        var before = CaseCount();
        using var response = await Send(clients.Applicant, HttpMethod.Post, "/api/cases", JsonSerializer.Serialize(new
        {
            processId = "qiye-kaiban", applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = new { businessScope = new string('经', 300 * 1024) },
        }));

        await AssertProblem(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(before, CaseCount());
        await AssertServerUp();
    }

    [Fact]
    public async Task CreateCase_BodyOfFortyMegabytes_Refused413AndServerStaysUp()
    {
        var before = CaseCount();
        var body = "{\"processId\":\"qiye-kaiban\",\"formData\":{\"businessScope\":\"" + new string('x', 40 * 1024 * 1024) + "\"}}";
        using var response = await Send(clients.Applicant, HttpMethod.Post, "/api/cases", body);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "BODY_TOO_LARGE");
        Assert.Equal(before, CaseCount());
        await AssertServerUp();
    }

    [Fact]
    public async Task DeployDefinition_OverTenMegabytes_Refused413()
    {
        using var analyst = await App.SignInAsync("analyst");
        var before = App.Query(db => db.Deployments.Count());
        using var content = new StringContent("<definitions>" + new string(' ', 11 * 1024 * 1024) + "</definitions>",
            Encoding.UTF8, "application/xml");
        using var response = await analyst.PostAsync(new Uri("/api/definitions", UriKind.Relative), content);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "BODY_TOO_LARGE");
        Assert.Equal(before, App.Query(db => db.Deployments.Count()));
        await AssertServerUp();
    }

    [Fact]
    public async Task DeployForm_OverLimit_Refused413()
    {
        using var analyst = await App.SignInAsync("analyst");
        using var response = await Send(analyst, HttpMethod.Put, "/api/forms/hostile/big",
            "{\"components\":[],\"pad\":\"" + new string('x', 600 * 1024) + "\"}");

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "BODY_TOO_LARGE");
        Assert.Equal(0, App.Query(db => db.Set<OneThing.Cases.Forms.FormRecord>().Count(f => f.Key == "hostile/big")));
    }

    [Theory]
    [InlineData("{\"processId\":\"qiye-kaiban\",")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"processId\":5,\"applicant\":{\"kind\":\"person\",\"name\":\"张三\",\"idNumber\":\"x\"}}")]
    [InlineData("{\"processId\":\"qiye-kaiban\",\"applicant\":\"张三\"}")]
    [InlineData("{\"processId\":\"qiye-kaiban\",\"applicant\":{\"kind\":1,\"name\":\"张三\",\"idNumber\":\"x\"}}")]
    [InlineData("{\"processId\":\"qiye-kaiban\",\"applicant\":{\"kind\":\"robot\",\"name\":\"张三\",\"idNumber\":\"x\"}}")]
    public async Task CreateCase_MalformedOrMistypedJson_Refused400AndNothingWritten(string body)
    {
        var before = CaseCount();
        using var response = await Send(clients.Applicant, HttpMethod.Post, "/api/cases", body);

        await AssertProblem(response, HttpStatusCode.BadRequest, null);
        Assert.Equal(before, CaseCount());
    }

    [Fact]
    public async Task CreateCase_UnknownField_Refused400AndNothingWritten()
    {
        var before = CaseCount();
        using var response = await Send(clients.Applicant, HttpMethod.Post, "/api/cases", JsonSerializer.Serialize(new
        {
            processId = "qiye-kaiban", applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = ApplyForm(), state = "decided", applicantUser = "applicant2",
        }));

        await AssertProblem(response, HttpStatusCode.BadRequest, null);
        Assert.Equal(before, CaseCount());
    }

    [Theory]
    [InlineData("{\"applicant\":{\"kind\":\"person\",\"name\":\"张三\",\"idNumber\":\"110101199003071234\"}}", "processId")]
    [InlineData("{\"processId\":\"qiye-kaiban\"}", "applicant")]
    [InlineData("{\"processId\":\"qiye-kaiban\",\"applicant\":{\"kind\":\"person\",\"name\":\" \",\"idNumber\":\"110101199003071234\"}}", "applicant.name")]
    public async Task CreateCase_MissingRequiredField_Refused400WithErrors(string body, string field)
    {
        var before = CaseCount();
        using var response = await Send(clients.Applicant, HttpMethod.Post, "/api/cases", body);

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, CaseCount());
    }

    [Fact]
    public async Task CreateCase_IdempotencyKeyTooLong_Refused400AndNothingWritten()
    {
        var before = CaseCount();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/cases", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                processId = "qiye-kaiban", applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
                formData = ApplyForm(),
            }),
        };
        request.Headers.Add("Idempotency-Key", new string('k', 101));
        using var response = await clients.Applicant.SendAsync(request);

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(before, CaseCount());
    }

    [Fact]
    public async Task CaseCommands_WrongTypesAndUnknownFields_Refused400AndRevisionUnchanged()
    {
        var id = await Submit(clients.Applicant);
        await Post(clients.Clerk, $"/api/cases/{id}/accept");
        var task = (await OpenTasks(clients.Approver, id))["NameDeclaration"];
        var revision = Revision(id);

        (HttpClient Client, string Path, string Body)[] refused =
        [
            (clients.Applicant, $"/api/cases/{id}/rating", "{\"rating\":\"five\"}"),
            (clients.Applicant, $"/api/cases/{id}/comments", "{\"text\":\"你好\",\"kind\":\"opinion\"}"),
            (clients.Applicant, $"/api/cases/{id}/comments", "{\"text\":42}"),
            (clients.Applicant, $"/api/cases/{id}/comments", "{}"),
            (clients.Approver, $"/api/tasks/{task}/complete", "{\"formData\":{\"approvedName\":\"x\"},\"outcome\":\"approved\"}"),
            (clients.Approver, $"/api/tasks/{task}/complete", "{\"formData\":\"approved\"}"),
            (clients.Approver, $"/api/tasks/{task}/complete", "{\"formData\":{\"approvedName\":12}}"),
            (clients.Approver, $"/api/tasks/{task}/signers", "{\"signer\":\"clerk\",\"after\":\"yes\"}"),
            (clients.Approver, $"/api/tasks/{task}/copy", "{\"recipients\":\"clerk\"}"),
            (clients.Approver, $"/api/tasks/{task}/opinions", "{\"text\":\"" + new string('意', 2001) + "\"}"),
            (clients.Approver, $"/api/tasks/{task}/refuse", "{\"reason\":\"   \"}"),
            (clients.Approver, $"/api/tasks/{task}/correction", "{\"items\":[]}"),
            (clients.Approver, $"/api/tasks/{task}/correction", "{\"items\":[{\"item\":\"a\"}],\"extra\":1}"),
        ];
        var failures = new List<string>();
        foreach (var (client, path, body) in refused)
        {
            using var response = await Send(client, HttpMethod.Post, path, body);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !IsChineseProblem(response, text))
            {
                failures.Add($"{path} {body[..Math.Min(body.Length, 80)]}: {(int)response.StatusCode} {text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(revision, Revision(id));
        Assert.Equal(0, App.Query(db => db.Set<CaseCommentRecord>().Count(c => c.CaseId == Guid.Parse(id))));
    }

    [Fact]
    public async Task CaseAndComments_SqlAndScriptText_StoredVerbatimAndServedEscaped()
    {
        var created = await Post(clients.Applicant, "/api/cases", new
        {
            processId = "qiye-kaiban", applicant = new { kind = "person", name = Sql + Script, idNumber = PersonId() },
            formData = new { companyName = Sql, address = Script, registeredCapital = 100, businessScope = Sql + Script, needsBankAccount = false },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        await Post(clients.Applicant, $"/api/cases/{id}/comments", new { text = Sql + Script }, HttpStatusCode.Created);
        await Post(clients.Applicant, $"/api/cases/{id}/submit");
        await Post(clients.Clerk, $"/api/cases/{id}/accept");
        var task = (await OpenTasks(clients.Approver, id))["NameDeclaration"];
        await Post(clients.Approver, $"/api/tasks/{task}/opinions", new { text = Script + Sql }, HttpStatusCode.Created);
        await Post(clients.Approver, $"/api/tasks/{task}/correction",
            new { items = new[] { new { item = Sql, requirement = Script } } });

        using var response = await clients.Applicant.GetAsync(new Uri($"/api/cases/{id}", UriKind.Relative));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(!raw.Contains("<script>", StringComparison.OrdinalIgnoreCase), raw);
        var detail = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(Sql + Script, detail.GetProperty("summary").GetProperty("applicantName").GetString());
        Assert.Equal(Sql, detail.GetProperty("formData").GetProperty("companyName").GetString());
        Assert.Equal(Script, detail.GetProperty("formData").GetProperty("address").GetString());
        var correction = Assert.Single(detail.GetProperty("correction").EnumerateArray());
        Assert.Equal(Sql, correction.GetProperty("item").GetString());
        Assert.Equal(Script, correction.GetProperty("requirement").GetString());
        Assert.Contains(detail.GetProperty("comments").EnumerateArray(), c => c.GetProperty("text").GetString() == Sql + Script);
        Assert.Equal(Script + Sql, App.Query(db => db.Set<CaseCommentRecord>()
            .Single(c => c.CaseId == Guid.Parse(id) && c.Kind == CaseCommentKind.Opinion).Text));
        await AssertTablesIntact();
    }

    [Fact]
    public async Task Reasons_SqlAndScriptText_StoredVerbatim()
    {
        var withdrawn = await Submit(clients.Applicant);
        var refusedAtIntake = await Submit(clients.Applicant);
        var refusedByApprover = await Submit(clients.Applicant);
        await Post(clients.Clerk, $"/api/cases/{refusedByApprover}/accept");
        var task = (await OpenTasks(clients.Approver, refusedByApprover))["NameDeclaration"];

        await Post(clients.Applicant, $"/api/cases/{withdrawn}/withdraw", new { reason = Sql });
        await Post(clients.Clerk, $"/api/cases/{refusedAtIntake}/refuse", new { reason = Script });
        await Post(clients.Approver, $"/api/tasks/{task}/refuse", new { reason = Sql + Script });
        using var urge = await Send(clients.Applicant, HttpMethod.Post, $"/api/tasks/{task}/urge",
            JsonSerializer.Serialize(new { message = Script }));

        Assert.Equal(Sql, (await Get(clients.Applicant, $"/api/cases/{withdrawn}")).GetProperty("reason").GetString());
        Assert.Equal(Script, (await Get(clients.Applicant, $"/api/cases/{refusedAtIntake}")).GetProperty("reason").GetString());
        Assert.Equal(Sql + Script, (await Get(clients.Applicant, $"/api/cases/{refusedByApprover}")).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, urge.StatusCode);
        await AssertTablesIntact();
    }

    [Fact]
    public async Task Queues_SqlAndScriptQueryParameters_RefusedOrFilteredAsData()
    {
        using var state = await clients.Applicant.GetAsync(new Uri("/api/cases/mine?state=" + Uri.EscapeDataString(Sql), UriKind.Relative));
        await AssertProblem(state, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var intake = await Get(clients.Clerk, "/api/cases/intake?processId=" + Uri.EscapeDataString(Sql));
        Assert.Equal(0, intake.GetProperty("total").GetInt32());
        using var page = await clients.Approver.GetAsync(new Uri("/api/tasks?pageSize=101", UriKind.Relative));
        await AssertProblem(page, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        using var view = await clients.Approver.GetAsync(new Uri("/api/tasks?view=" + Uri.EscapeDataString(Script), UriKind.Relative));
        await AssertProblem(view, HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await AssertTablesIntact();
    }

    private int CaseCount() => App.Query(db => db.Set<CaseRecord>().Count(c => c.Applicant == "applicant"));

    private long Revision(string id) => App.Query(db => db.Set<CaseRecord>().Single(c => c.Id == Guid.Parse(id)).Revision);

    private async Task AssertTablesIntact()
    {
        Assert.True(App.Query(db => db.Set<CaseRecord>().Any()));
        Assert.True(App.Query(db => db.Set<CaseCommentRecord>().Any()));
        await Get(clients.Applicant, "/api/cases/mine");
    }

    private async Task AssertServerUp()
    {
        using var anonymous = App.Anonymous();
        using var health = await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await Get(clients.Applicant, "/api/cases/mine");
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        return await client.SendAsync(request);
    }

    private static bool IsChineseProblem(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        var json = JsonDocument.Parse(text).RootElement;
        return json.TryGetProperty("code", out _) && json.TryGetProperty("title", out var title)
            && (title.GetString() ?? "").Any(c => c is >= '\u4e00' and <= '\u9fff');
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        Assert.True(IsChineseProblem(response, text), text);
        var json = JsonDocument.Parse(text).RootElement.Clone();
        if (code is not null)
        {
            Assert.Equal(code, json.GetProperty("code").GetString());
        }

        return json;
    }

    /// <summary>The app and the signed-in clients the tests share.</summary>
    public sealed class Clients : IAsyncLifetime
    {
        public AuthorizationApp App { get; } = new();

        public HttpClient Applicant { get; private set; } = null!;

        public HttpClient Clerk { get; private set; } = null!;

        public HttpClient Approver { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Applicant = await App.SignInAsync("applicant");
            Clerk = await App.SignInAsync("clerk");
            Approver = await App.SignInAsync("approver");
        }

        public Task DisposeAsync()
        {
            Applicant.Dispose();
            Clerk.Dispose();
            Approver.Dispose();
            App.Dispose();
            return Task.CompletedTask;
        }
    }
}
