using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneThing.Cases.Casework;

namespace OneThing.Server.Tests.Cases;

/// <summary>Calls of the case API as the web UI makes them, shared by the case tests.</summary>
internal static class CaseApi
{
    /// <summary>A valid 居民身份证号 (check character computed).</summary>
    public static string PersonId(string body17 = "31010419900307123") => body17 + ResidentIdNumber.ComputeCheckCharacter(body17);

    public static object ApplyForm(bool bank = false) => new
    {
        companyName = "上海一件事科技有限公司",
        address = "上海市徐汇区漕溪北路 1 号",
        registeredCapital = 100,
        needsBankAccount = bank,
    };

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> Post(HttpClient client, string path, object? body = null,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body ?? new { });
        return await Ok(response, expected);
    }

    public static async Task<JsonElement> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await Ok(response);
    }

    public static async Task<JsonElement> Put(HttpClient client, string path, object body,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);
        return await Ok(response, expected);
    }

    /// <summary>The problem code of a refused request.</summary>
    public static async Task<string?> Refused(HttpClient client, string path, object? body, HttpStatusCode expected) =>
        (await Post(client, path, body, expected)).GetProperty("code").GetString();

    /// <summary>Submits and accepts a 企业开办 application; returns the case id.</summary>
    public static async Task<string> Accepted(HttpClient applicant, HttpClient clerk, bool bank = false)
    {
        var id = await Submit(applicant, bank);
        await Post(clerk, $"/api/cases/{id}/accept");
        return id;
    }

    /// <summary>The state of a case as the reader sees it.</summary>
    public static async Task<string?> State(HttpClient reader, string caseId) =>
        (await Get(reader, $"/api/cases/{caseId}")).GetProperty("summary").GetProperty("state").GetString();

    /// <summary>Every task of a case (steps and co-signatures) as the reader sees it.</summary>
    public static async Task<List<JsonElement>> Tasks(HttpClient reader, string caseId) =>
        (await Get(reader, $"/api/cases/{caseId}")).GetProperty("tasks").EnumerateArray().ToList();

    /// <summary>The task ids of a queue (<c>GET /api/tasks</c> with <paramref name="query"/>).</summary>
    public static async Task<List<string>> Queue(HttpClient worker, string query = "view=todo") =>
        (await Get(worker, $"/api/tasks?{query}")).GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("id").GetString()!).ToList();

    /// <summary>Completes NameDeclaration of an accepted case; returns the Registration task id.</summary>
    public static async Task<string> PastName(HttpClient approver, string caseId)
    {
        var name = (await OpenTasks(approver, caseId))["NameDeclaration"];
        await Post(approver, $"/api/tasks/{name}/complete", NameForm);
        return (await OpenTasks(approver, caseId))["Registration"];
    }

    public static readonly object NameForm = new { formData = new { approvedName = "上海一件事科技有限公司" } };

    public static readonly object RegistrationForm =
        new { formData = new { creditCode = "91310104MA1FL12371", registeredOn = "2026-11-27" } };

    /// <summary>Creates and submits a 企业开办 application; returns the case id.</summary>
    public static async Task<string> Submit(HttpClient applicant, bool bank = false)
    {
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = ApplyForm(bank),
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        await Post(applicant, $"/api/cases/{id}/submit");
        return id;
    }

    /// <summary>The open tasks of a case, by node id.</summary>
    public static async Task<Dictionary<string, string>> OpenTasks(HttpClient reader, string caseId)
    {
        var detail = await Get(reader, $"/api/cases/{caseId}");
        return detail.GetProperty("tasks").EnumerateArray()
            .Where(t => t.GetProperty("state").GetString() == "open" && t.GetProperty("kind").GetString() == "step")
            .ToDictionary(t => t.GetProperty("nodeId").GetString()!, t => t.GetProperty("id").GetString()!);
    }
}
