using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Authorization;

/// <summary>Who may call what: one row per endpoint of the running app (route pattern and method), one expected
/// status per caller. <c>applicant</c> owns every case the rows act on and <c>applicant2</c> is another applicant;
/// every task is 市场监管局's, the department of <c>approver</c>, not of <c>approver-tax</c>. An endpoint without a
/// row, or a row without an endpoint, fails the test: add a row when you add an endpoint.</summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Resources resources)
    : IClassFixture<AuthorizationMatrixTests.Resources>
{
    /// <summary>Every caller of the matrix, in the order the cells run.</summary>
    public static readonly string[] Callers =
        ["anonymous", "applicant", "applicant2", "clerk", "approver", "approver-tax", "analyst", "auditor", "admin"];

    /// <summary>What a path parameter stands for.</summary>
    public enum Target
    {
        None, Definition, Form,
        /// <summary>The process id of a deployed one-thing (qiye-kaiban).</summary>
        Process,
        DraftCase, SubmittedCase, AcceptedCase,
        /// <summary>Every step done, outcome granted, awaiting 出件.</summary>
        DecidedCase,
        /// <summary>Delivered, awaiting 好差评.</summary>
        DeliveredCase,
        /// <summary>NameDeclaration, open to 市场监管局.</summary>
        OpenTask,
        /// <summary>NameDeclaration claimed by approver.</summary>
        ClaimedTask,
        /// <summary>A 前加签 co-sign task (clerk) on NameDeclaration, which approver owns.</summary>
        CoSignTask,
        /// <summary>NameDeclaration completed by approver; Registration open and untouched.</summary>
        CompletedTask,
        /// <summary>Registration, open to 市场监管局 after NameDeclaration was completed.</summary>
        RegistrationTask,
        /// <summary>A PDF uploaded to a draft case (path: case id and material id).</summary>
        DraftMaterial,
        /// <summary>A PDF uploaded before submission, on a case since accepted.</summary>
        AcceptedMaterial,
        /// <summary>A notification of <c>applicant</c> (their case was accepted).</summary>
        Notification,
        /// <summary>An account: <c>clerk</c>.</summary>
        User,
        /// <summary>An account no caller signs in as (<c>approver-bank</c>): ending its sessions disturbs no cell.</summary>
        IdleUser,
    }

    /// <summary>One endpoint: the expected status per caller as <c>caller=status</c> pairs; <c>*</c> is every caller not
    /// named. <paramref name="Mutates"/>: a cell expecting success acts on a fresh resource, so the shared ones keep
    /// their state. <paramref name="FreshClient"/>: each cell signs in again (the call signs out).
    /// <paramref name="EndsSessions"/>: the call ends every session of the caller, so the caller's shared client signs
    /// in again after it.</summary>
    public sealed record Row(string Method, string Pattern, Target Target, string Expected, object? Body = null,
        bool Mutates = false, bool FreshClient = false, bool EndsSessions = false)
    {
        public IReadOnlyDictionary<string, int> Statuses()
        {
            var pairs = Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
            Assert.All(pairs.Keys, k => Assert.True(k == "*" || Callers.Contains(k), $"{Method} {Pattern}: unknown caller {k}"));
            return Callers.ToDictionary(c => c, c => pairs.TryGetValue(c, out var s) ? s
                : pairs.TryGetValue("*", out var d) ? d : throw new InvalidOperationException($"{Method} {Pattern}: no status for {c}"));
        }

        public override string ToString() => $"{Method} {Pattern}";
    }

    /// <summary>Readers of a case: its applicant, clerks, approvers whose department it touches, auditors.</summary>
    private const string CaseReaders =
        "anonymous=401 applicant=200 applicant2=404 clerk=200 approver=200 approver-tax=404 analyst=403 auditor=200 admin=403";

    /// <summary>Workers of a 市场监管局 task: approver only; clerks read the case but may not work it; another
    /// department does not learn that it exists.</summary>
    private const string TaskWorkers = "*=403 anonymous=401 clerk=403 approver=200 approver-tax=404";

    private static readonly object CreateBody = new
    {
        processId = "qiye-kaiban", applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
        formData = ApplyForm(),
    };

    /// <summary>The matrix. Statuses other than 2xx/401/403/404 name a caller who passes every access check and is
    /// then refused for the resource's state (e.g. a clerk delivering a case still in progress: 409).</summary>
    public static readonly Row[] Matrix =
    [
        // Public: documented as open to anyone (README, docs/api.md).
        new("GET", "/healthz", Target.None, "*=200"),
        new("POST", "/api/auth/login", Target.None, "*=400", new { }),
        new("GET", "/api/auth/antiforgery", Target.None, "*=200"),
        new("GET", "/api/auth/session", Target.None, "*=200"),
        new("GET", "/api/catalogue/", Target.None, "*=200"),
        new("GET", "/api/catalogue/{processId}", Target.Process, "*=200"),
        new("POST", "/api/auth/logout", Target.None, "*=204 anonymous=401", FreshClient: true),
        new("GET", "/api/auth/me", Target.None, "*=200 anonymous=401"),
        new("POST", "/api/auth/sign-out-everywhere", Target.None, "*=204 anonymous=401", FreshClient: true,
            EndsSessions: true),
        // A wrong current password: nobody changes a password without knowing it.
        new("POST", "/api/auth/password", Target.None, "*=400 anonymous=401",
            new { currentPassword = "not-the-password-1", newPassword = "Matrix#2026x" }),

        // 流程定义 and 表单: analysts manage; auditors and approvers read definitions; anyone signed in reads forms.
        new("POST", "/api/definitions/validate", Target.None, "*=403 anonymous=401 analyst=200", Xml()),
        new("POST", "/api/definitions/", Target.None, "*=403 anonymous=401 analyst=200", Xml()),
        new("GET", "/api/definitions/", Target.None, "*=403 anonymous=401 analyst=200 auditor=200 approver=200 approver-tax=200"),
        new("GET", "/api/definitions/{id:guid}/xml", Target.Definition, "*=403 anonymous=401 analyst=200 auditor=200 approver=200 approver-tax=200"),
        new("PUT", "/api/forms/{**key}", Target.Form, "*=403 anonymous=401 analyst=200", FormJson()),
        new("GET", "/api/forms/{**key}", Target.Form, "*=200 anonymous=401"),

        // 办件
        new("GET", "/api/cases/", Target.None, "*=200 anonymous=401 analyst=403 admin=403"),
        new("POST", "/api/cases/", Target.None, "*=403 anonymous=401 applicant=201 applicant2=201", CreateBody),
        new("GET", "/api/cases/mine", Target.None, "*=403 anonymous=401 applicant=200 applicant2=200"),
        new("GET", "/api/cases/intake", Target.None, "*=403 anonymous=401 clerk=200"),
        new("GET", "/api/cases/{id:guid}", Target.AcceptedCase, CaseReaders),
        new("PUT", "/api/cases/{id:guid}", Target.DraftCase, "*=403 anonymous=401 applicant=200 applicant2=404",
            new { formData = ApplyForm(bank: true) }, Mutates: true),
        new("POST", "/api/cases/{id:guid}/submit", Target.DraftCase, "*=403 anonymous=401 applicant=200 applicant2=404", Mutates: true),
        new("POST", "/api/cases/{id:guid}/withdraw", Target.SubmittedCase, "*=403 anonymous=401 applicant=200 applicant2=404",
            new { reason = "不办了" }, Mutates: true),
        new("POST", "/api/cases/{id:guid}/accept", Target.SubmittedCase, "*=403 anonymous=401 clerk=200", Mutates: true),
        new("POST", "/api/cases/{id:guid}/refuse", Target.SubmittedCase, "*=403 anonymous=401 clerk=200",
            new { reason = "不属于本窗口受理范围" }, Mutates: true),
        new("POST", "/api/cases/{id:guid}/correction", Target.SubmittedCase, "*=403 anonymous=401 clerk=200",
            new { items = new[] { new { item = "住所证明", requirement = "请上传租赁合同" } } }, Mutates: true),
        new("POST", "/api/cases/{id:guid}/deliver", Target.DecidedCase, "*=403 anonymous=401 clerk=200", Mutates: true),
        new("POST", "/api/cases/{id:guid}/rating", Target.DeliveredCase, "*=403 anonymous=401 applicant=200 applicant2=404",
            new { rating = 5 }, Mutates: true),
        new("POST", "/api/cases/{id:guid}/comments", Target.AcceptedCase,
            "*=403 anonymous=401 applicant=201 applicant2=404 clerk=201 approver=201 approver-tax=404",
            new { text = "请问进度如何？" }, Mutates: true),
        new("GET", "/api/cases/{id:guid}/history", Target.AcceptedCase, CaseReaders),
        new("GET", "/api/cases/{id:guid}/history/verify", Target.AcceptedCase, "*=403 anonymous=401 auditor=200"),

        // 审批
        new("GET", "/api/tasks/", Target.None, "*=403 anonymous=401 clerk=200 approver=200 approver-tax=200"),
        new("GET", "/api/tasks/{id:guid}", Target.OpenTask, "*=403 anonymous=401 clerk=200 approver=200 approver-tax=404 auditor=200"),
        new("POST", "/api/tasks/{id:guid}/claim", Target.OpenTask, TaskWorkers, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/release", Target.ClaimedTask, TaskWorkers, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/complete", Target.OpenTask, TaskWorkers,
            new { formData = new { approvedName = "上海一件事科技有限公司" }, opinion = "名称可用" }, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/correction", Target.OpenTask, TaskWorkers,
            new { items = new[] { new { item = "名称", requirement = "请补充字号说明" } } }, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/transfer", Target.OpenTask, TaskWorkers,
            new { toDepartment = "税务局", reason = "属税务事项" }, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/delegate", Target.OpenTask, TaskWorkers, new { toUser = "clerk" }, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/signers", Target.OpenTask, TaskWorkers.Replace("approver=200", "approver=201", StringComparison.Ordinal),
            new { signer = "clerk", after = false }, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/remove-signer", Target.CoSignTask, TaskWorkers, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/return", Target.RegistrationTask, TaskWorkers,
            new { toNodeId = "NameDeclaration", reason = "名称需重新申报" }, Mutates: true),
        // Only whoever completed the step takes it back; a clerk reads the case but did not complete it.
        new("POST", "/api/tasks/{id:guid}/take-back", Target.CompletedTask, "*=403 anonymous=401 approver=200 approver-tax=404",
            Mutates: true),
        new("POST", "/api/tasks/{id:guid}/refuse", Target.OpenTask, TaskWorkers, new { reason = "名称与在先登记冲突" }, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/copy", Target.OpenTask, TaskWorkers, new { recipients = new[] { "clerk" } }, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/opinions", Target.OpenTask, TaskWorkers.Replace("approver=200", "approver=201", StringComparison.Ordinal),
            new { text = "同意" }, Mutates: true),
        new("POST", "/api/tasks/{id:guid}/urge", Target.OpenTask,
            "*=403 anonymous=401 applicant=200 applicant2=404 clerk=200 approver=200 approver-tax=404",
            new { message = "请尽快办理" }, Mutates: true),

        // 材料: the applicant uploads and removes while editable; readers of the case download.
        new("POST", "/api/cases/{id:guid}/materials", Target.DraftCase, "*=403 anonymous=401 applicant=201 applicant2=404",
            new MultipartBody("公司章程", "%PDF-1.7 章程"), Mutates: true),
        new("GET", "/api/cases/{id:guid}/materials/{materialId:guid}", Target.AcceptedMaterial, CaseReaders),
        new("DELETE", "/api/cases/{id:guid}/materials/{materialId:guid}", Target.DraftMaterial,
            "*=403 anonymous=401 applicant=200 applicant2=404", Mutates: true),

        // 审计 and 站内信: auditors check every chain; everyone signed in reads and marks only their own notifications.
        new("GET", "/api/audit/verify", Target.None, "*=403 anonymous=401 auditor=200"),
        new("GET", "/api/audit/security-events", Target.None, "*=403 anonymous=401 auditor=200 admin=200"),
        new("GET", "/api/notifications/", Target.None, "*=200 anonymous=401"),
        new("POST", "/api/notifications/{id:guid}/read", Target.Notification, "*=404 anonymous=401 applicant=204"),
        new("POST", "/api/notifications/read-all", Target.None, "*=200 anonymous=401"),

        // 管理: administrators manage accounts and departments; everyone signed in lists departments.
        new("GET", "/api/admin/users", Target.None, "*=403 anonymous=401 admin=200"),
        new("POST", "/api/admin/users", Target.None, "*=403 anonymous=401 admin=201", new
        {
            userName = "matrix-user", displayName = "矩阵用户", password = "Matrix#2026x", roles = new[] { "clerk" },
            departments = new[] { "综合窗口" },
        }),
        new("PUT", "/api/admin/users/{userName}", Target.User, "*=403 anonymous=401 admin=200",
            new { displayName = "李窗口（综合受理）" }),
        new("POST", "/api/admin/users/{userName}/sign-out-everywhere", Target.IdleUser, "*=403 anonymous=401 admin=204"),
        new("POST", "/api/admin/departments", Target.None, "*=403 anonymous=401 admin=201", new { code = "matrix", name = "矩阵局" }),
        new("GET", "/api/departments", Target.None, "*=200 anonymous=401"),
    ];

    public static TheoryData<string> RowNames()
    {
        var data = new TheoryData<string>();
        foreach (var row in Matrix)
        {
            data.Add(row.ToString());
        }

        return data;
    }

    [Fact]
    public void Matrix_EveryEndpoint_HasExactlyOneRow()
    {
        var endpoints = resources.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && !p.StartsWith("/swagger", StringComparison.Ordinal)
                && !p.StartsWith("/openapi", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet(StringComparer.Ordinal);
        var rows = Matrix.Select(r => r.ToString()).ToList();

        Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count());
        Assert.True(endpoints.SetEquals(rows),
            $"endpoints without a row: [{string.Join(", ", endpoints.Except(rows).Order(StringComparer.Ordinal))}]; " +
            $"rows without an endpoint: [{string.Join(", ", rows.Except(endpoints).Order(StringComparer.Ordinal))}]");
    }

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Endpoint_EachCaller_GetsExpectedStatus(string endpoint)
    {
        var row = Matrix.Single(r => r.ToString() == endpoint);
        var failures = new List<string>();
        foreach (var (caller, expected) in row.Statuses())
        {
            var fresh = row.Mutates && expected is >= 200 and < 300;
            var path = await resources.PathOf(row, fresh);
            var client = row.FreshClient ? await resources.NewClient(caller) : resources.Client(caller);
            try
            {
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(path, UriKind.Relative))
                {
                    Content = row.Body switch
                    {
                        null when row.Method == "GET" => null,
                        null => JsonContent.Create(new { }),
                        RawBody raw => new StringContent(raw.Text, Encoding.UTF8, raw.ContentType),
                        MultipartBody upload => upload.Content(),
                        var body => JsonContent.Create(body),
                    },
                };
                using var response = await client.SendAsync(request);
                if ((int)response.StatusCode != expected)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    failures.Add($"{caller}: expected {expected}, got {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
                }
                else if (expected >= 400 && await RefusalProblem(response) is { } problem)
                {
                    failures.Add($"{caller}: {expected} is not a problem with a Chinese title and a code: {problem}");
                }
            }
            finally
            {
                if (row.FreshClient)
                {
                    client.Dispose();
                }

                if (row.EndsSessions)
                {
                    await resources.SignInAgain(caller);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{endpoint}:\n" + string.Join('\n', failures));
    }

    /// <summary>Null when the refusal is <c>application/problem+json</c> with a Chinese title and a code; else the body.
    /// </summary>
    private static async Task<string?> RefusalProblem(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"({response.Content.Headers.ContentType?.MediaType}) {text}";
        }

        var json = System.Text.Json.JsonDocument.Parse(text).RootElement;
        var title = json.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
        return title.Any(c => c is >= '\u4e00' and <= '\u9fff') && json.TryGetProperty("code", out _) ? null : text;
    }

    /// <summary>A body sent as is.</summary>
    public sealed record RawBody(string Text, string ContentType);

    /// <summary>A material upload: the material's code and a PDF's text.</summary>
    public sealed record MultipartBody(string Code, string Pdf)
    {
        public MultipartFormDataContent Content()
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Pdf));
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            return new MultipartFormDataContent { { new StringContent(Code), "code" }, { file, "file", "material.pdf" } };
        }
    }

    private static RawBody Xml() =>
        new(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "workflows", "qiye-kaiban.bpmn")), "application/xml");

    private static RawBody FormJson() =>
        new(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "forms", "qiye-kaiban", "apply.form")), "application/json");

    /// <summary>The app, one signed-in client per caller and the shared resources, made once per class.</summary>
    public sealed class Resources : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
        private readonly Dictionary<Target, string> _shared = [];

        public AuthorizationApp App { get; } = new();

        public HttpClient Client(string caller) => _clients[caller];

        public async Task<HttpClient> NewClient(string caller) =>
            caller == "anonymous" ? App.Anonymous() : await App.SignInAsync(caller);

        /// <summary>Replaces the caller's shared client by a newly signed-in one (its session was ended).</summary>
        public async Task SignInAgain(string caller)
        {
            var ended = _clients[caller];
            _clients[caller] = await NewClient(caller);
            ended.Dispose();
        }

        public async Task InitializeAsync()
        {
            foreach (var caller in Callers.Concat(["approver-police", "approver-hrss"]))
            {
                _clients[caller] = await NewClient(caller);
            }
        }

        public Task DisposeAsync()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            App.Dispose();
            return Task.CompletedTask;
        }

        public async Task<string> PathOf(Row row, bool fresh)
        {
            var id = row.Target == Target.None ? null
                : fresh ? await Make(row.Target)
                : _shared.TryGetValue(row.Target, out var made) ? made
                : _shared[row.Target] = await Make(row.Target);
            return row.Pattern.Replace("{id:guid}/materials/{materialId:guid}", id, StringComparison.Ordinal)
                .Replace("{userName}", id, StringComparison.Ordinal)
                .Replace("{id:guid}", id, StringComparison.Ordinal)
                .Replace("{**key}", id, StringComparison.Ordinal)
                .Replace("{processId}", id, StringComparison.Ordinal);
        }

        private async Task<string> Make(Target target)
        {
            var applicant = Client("applicant");
            var clerk = Client("clerk");
            var approver = Client("approver");
            switch (target)
            {
                case Target.Definition:
                    var definitions = await Get(Client("analyst"), "/api/definitions");
                    return definitions.EnumerateArray().First(d => d.GetProperty("processId").GetString() == "qiye-kaiban")
                        .GetProperty("id").GetString()!;
                case Target.Form:
                    return "qiye-kaiban/apply";
                case Target.Process:
                    return "qiye-kaiban";
                case Target.DraftCase:
                    var created = await Post(applicant, "/api/cases", CreateBody, HttpStatusCode.Created);
                    return created.GetProperty("summary").GetProperty("id").GetString()!;
                case Target.SubmittedCase:
                    return await Submit(applicant);
                case Target.AcceptedCase:
                    var id = await Submit(applicant);
                    await Post(clerk, $"/api/cases/{id}/accept");
                    return id;
                case Target.OpenTask:
                    return (await OpenTasks(approver, await Make(Target.AcceptedCase)))["NameDeclaration"];
                case Target.ClaimedTask:
                    var claimed = await Make(Target.OpenTask);
                    await Post(approver, $"/api/tasks/{claimed}/claim");
                    return claimed;
                case Target.CoSignTask:
                    var owned = await Make(Target.OpenTask);
                    var coSign = await Post(approver, $"/api/tasks/{owned}/signers", new { signer = "clerk", after = false },
                        HttpStatusCode.Created);
                    return coSign.GetProperty("id").GetString()!;
                case Target.CompletedTask:
                    var done = await Make(Target.OpenTask);
                    await Post(approver, $"/api/tasks/{done}/complete",
                        new { formData = new { approvedName = "上海一件事科技有限公司" } });
                    return done;
                case Target.RegistrationTask:
                    var first = await Make(Target.CompletedTask);
                    var caseId = (await Get(approver, $"/api/tasks/{first}")).GetProperty("caseId").GetString()!;
                    return (await OpenTasks(approver, caseId))["Registration"];
                case Target.DecidedCase:
                    var registration = await Make(Target.RegistrationTask);
                    var decided = (await Get(approver, $"/api/tasks/{registration}")).GetProperty("caseId").GetString()!;
                    await Post(approver, $"/api/tasks/{registration}/complete",
                        new { formData = new { creditCode = "91310104MA1FL12371", registeredOn = "2026-11-27" } });
                    var parallel = await OpenTasks(Client("auditor"), decided);
                    await Post(Client("approver-police"), $"/api/tasks/{parallel["Seal"]}/complete");
                    await Post(Client("approver-tax"), $"/api/tasks/{parallel["TaxRegistration"]}/complete");
                    await Post(Client("approver-hrss"), $"/api/tasks/{parallel["SocialInsurance"]}/complete");
                    await Post(clerk, $"/api/tasks/{(await OpenTasks(clerk, decided))["Delivery"]}/complete");
                    return decided;
                case Target.DeliveredCase:
                    var delivered = await Make(Target.DecidedCase);
                    await Post(clerk, $"/api/cases/{delivered}/deliver");
                    return delivered;
                case Target.DraftMaterial or Target.AcceptedMaterial:
                    var owner = await Make(Target.DraftCase);
                    using (var upload = new MultipartBody("公司章程", "%PDF-1.7 章程").Content())
                    using (var response = await applicant.PostAsync(new Uri($"/api/cases/{owner}/materials", UriKind.Relative), upload))
                    {
                        var material = (await Ok(response, HttpStatusCode.Created)).GetProperty("id").GetString();
                        if (target == Target.AcceptedMaterial)
                        {
                            await Post(applicant, $"/api/cases/{owner}/submit");
                            await Post(clerk, $"/api/cases/{owner}/accept");
                        }

                        return $"{owner}/materials/{material}";
                    }

                case Target.Notification:
                    await Make(Target.AcceptedCase);
                    return (await Get(applicant, "/api/notifications")).GetProperty("items")[0].GetProperty("id").GetString()!;
                case Target.User:
                    return "clerk";
                case Target.IdleUser:
                    return "approver-bank";
                default:
                    throw new ArgumentOutOfRangeException(nameof(target), target, null);
            }
        }
    }
}
