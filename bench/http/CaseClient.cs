using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using OneThing.Bench.Durable;

namespace OneThing.Bench.Http;

/// <summary>One signed-in browser: its own cookie jar (the session cookie and the anti-forgery cookie) and the
/// anti-forgery request token the web UI sends with every state-changing request.</summary>
internal sealed class Session : IDisposable
{
    private const string DemoPassword = "OneThing#2026"; // the demo accounts' published password (README, demo mode)

    private readonly HttpClient _http;

    private Session(HttpClient http) => _http = http;

    /// <summary>Signs in from <paramref name="from"/>, a loopback address of the client's own: the server allows
    /// only a few sign-ins a minute per address (a fixed limit, not configurable), and each client signs six people
    /// in.</summary>
    public static Session SignIn(Uri server, IPAddress from, string userName)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        var session = new Session(http);
        session.Send(HttpMethod.Post, "/api/auth/login", new { userName, password = DemoPassword });
        var token = session.Send(HttpMethod.Get, "/api/auth/antiforgery");
        http.DefaultRequestHeaders.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        return session;
    }

    /// <summary>Sends a request (synchronously: each client is a thread) and returns its JSON answer; anything but
    /// 2xx fails the run with the server's answer.</summary>
    public JsonElement Send(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = _http.Send(request);
        using var stream = response.Content.ReadAsStream();
        using var json = JsonDocument.Parse(stream);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {json.RootElement}",
                null, response.StatusCode);
        }

        return json.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>One client of the bench: the people of one 企业开办 case, each with a session of their own, taking
/// cases from application to rating through the public API the way the web UI does.</summary>
/// <remarks>A case is 17 case commands (state-changing requests): create the draft, submit, accept; claim and complete
/// each of the six steps (名称自主申报 and 设立登记 by 市场监管局, 印章刻制 by 公安局, 税务登记 by 税务局, 社保登记 by
/// 人社局 in parallel, 统一出件 by the 综合窗口 clerk); deliver; rate. Besides them, 5 reads: whenever the next step
/// is someone else's, that person opens the case (<c>GET /api/cases/{id}</c>) to find their task, as from the queue;
/// the one who acted last sees the case in the answer of their own command.</remarks>
internal sealed class CaseClient : IDisposable
{
    public const int CommandsPerCase = 17;
    public const int ReadsPerCase = 5;

    // A valid 居民身份证号 (check character computed by GB 11643's ISO 7064 MOD 11-2).
    private const string IdNumber = "31010419900307123X";

    private readonly Session _applicant;
    private readonly Session _clerk;
    private readonly Session _market;
    private readonly Session _police;
    private readonly Session _tax;
    private readonly Session _hr;

    /// <summary>Signs the client's people in from 127.0.0.(2 + <paramref name="index"/>).</summary>
    public CaseClient(Uri server, int index)
    {
        if (index > 250)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "at most 251 clients (one loopback address each)");
        }

        var from = new IPAddress([127, 0, 0, (byte)(2 + index)]);
        _applicant = Session.SignIn(server, from, "applicant");
        _clerk = Session.SignIn(server, from, "clerk");
        _market = Session.SignIn(server, from, "approver");
        _police = Session.SignIn(server, from, "approver-police");
        _tax = Session.SignIn(server, from, "approver-tax");
        _hr = Session.SignIn(server, from, "approver-hrss");
    }

    /// <summary>Runs one case to its rating; each command is timed and counted in <paramref name="phase"/> (when
    /// given), each read counted beside them. Throws if the case does not end rated.</summary>
    public void RunCase(Phase? phase)
    {
        var created = Command(phase, _applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "张三", idNumber = IdNumber },
            formData = new
            {
                companyName = "上海一件事科技有限公司", address = "上海市徐汇区漕溪北路 1 号", registeredCapital = 100,
                needsBankAccount = false,
            },
        });
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        var path = $"/api/cases/{id}";
        Command(phase, _applicant, $"{path}/submit");
        Command(phase, _clerk, $"{path}/accept");

        var afterName = Step(phase, _market, Read(phase, _market, path), "NameDeclaration",
            new { formData = new { approvedName = "上海一件事科技有限公司" }, opinion = "名称可用" });
        Step(phase, _market, afterName, "Registration",
            new { formData = new { creditCode = "91310104MA1FL12371", registeredOn = "2026-11-27" } });
        Step(phase, _police, Read(phase, _police, path), "Seal", new { });
        Step(phase, _tax, Read(phase, _tax, path), "TaxRegistration", new { });
        Step(phase, _hr, Read(phase, _hr, path), "SocialInsurance", new { });
        Step(phase, _clerk, Read(phase, _clerk, path), "Delivery", new { });
        Command(phase, _clerk, $"{path}/deliver");
        var rated = Command(phase, _applicant, $"{path}/rating", new { rating = 5, comment = "一次办成" });
        var state = rated.GetProperty("summary").GetProperty("state").GetString();
        if (state != "rated")
        {
            throw new InvalidOperationException($"case {id} ended {state}, not rated");
        }

        phase?.Add(Counter.Instances);
    }

    public void Dispose()
    {
        foreach (var session in new[] { _applicant, _clerk, _market, _police, _tax, _hr })
        {
            session.Dispose();
        }
    }

    /// <summary>Claims and completes the open step <paramref name="nodeId"/> found in <paramref name="detail"/>.
    /// </summary>
    private static JsonElement Step(Phase? phase, Session worker, JsonElement detail, string nodeId, object body)
    {
        var task = detail.GetProperty("tasks").EnumerateArray().FirstOrDefault(t =>
            t.GetProperty("nodeId").GetString() == nodeId && t.GetProperty("state").GetString() == "open"
            && t.GetProperty("kind").GetString() == "step");
        if (task.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"no open task {nodeId} in {detail}");
        }

        var taskPath = $"/api/tasks/{task.GetProperty("id").GetString()}";
        Command(phase, worker, $"{taskPath}/claim");
        return Command(phase, worker, $"{taskPath}/complete", body);
    }

    /// <summary>One case command. A 409 CONFLICT (another command on the same rows won) is answered as the web UI
    /// does, by sending it again; each refused attempt is counted as a conflict, not as a command.</summary>
    private static JsonElement Command(Phase? phase, Session session, string path, object? body = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var answer = session.Send(HttpMethod.Post, path, body ?? new { });
                phase?.Took(Stopwatch.GetTimestamp() - started);
                phase?.Add(Counter.Done);
                return answer;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Conflict && e.Message.Contains("\"CONFLICT\"",
                StringComparison.Ordinal) && attempt < MaxAttempts)
            {
                phase?.Add(Counter.Conflicts);
            }
        }
    }

    private const int MaxAttempts = 10;

    private static JsonElement Read(Phase? phase, Session session, string path)
    {
        var answer = session.Send(HttpMethod.Get, path);
        phase?.Add(Counter.Reads);
        return answer;
    }
}
