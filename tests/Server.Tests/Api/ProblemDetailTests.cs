using System.Net;
using System.Text;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Api;

/// <summary>Refusals say what is wrong: the JSON field a body got wrong, the roles a refused caller would need.
/// </summary>
public sealed class ProblemDetailTests : IClassFixture<ProblemDetailTests.Host>
{
    private readonly Host _host;

    public ProblemDetailTests(Host host) => _host = host;

    /// <summary>One server for the class.</summary>
    public sealed class Host : IDisposable
    {
        public OneThingFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    [Theory]
    [InlineData("""{"processId":"qiye-kaiban","applicant":{"kind":"person","name":"张三","idNumber":"x"},"xyz":1}""",
        "未知字段 \"xyz\"")]
    [InlineData("""{"processId":"qiye-kaiban","applicant":{"kind":"person","nam":"张三","idNumber":"x"}}""",
        "未知字段 \"applicant.nam\"")]
    [InlineData("""{"processId":7,"applicant":{"kind":"person","name":"张三","idNumber":"x"}}""",
        "字段 \"processId\" 的值格式不正确")]
    [InlineData("""{"processId":"qiye-kaiban","applicant":{"kind":"alien","name":"张三","idNumber":"x"}}""",
        "字段 \"applicant.kind\" 的值格式不正确")]
    [InlineData("not json", "请求体不是有效的 JSON，或类型与接口不符")]
    public async Task Body_WrongField_Is400NamingIt(string json, string detail)
    {
        using var applicant = await _host.Factory.SignInAsync("applicant", address: "192.0.2.60");
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await applicant.PostAsync(new Uri("/api/cases", UriKind.Relative), content);
        var problem = await Json(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", problem.GetProperty("code").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/cases?createdFrom=yesterday", "参数 \"createdFrom\" 的值格式不正确")]
    [InlineData("/api/cases?pageSize=many", "参数 \"pageSize\" 的值格式不正确")]
    [InlineData("/api/tasks?page=first", "参数 \"page\" 的值格式不正确")]
    public async Task Query_UnreadableValue_Is400NamingTheParameter(string path, string detail)
    {
        using var clerk = await _host.Factory.SignInAsync("clerk", address: "192.0.2.62");

        using var response = await clerk.GetAsync(new Uri(path, UriKind.Relative));
        var problem = await Json(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Task_OfAnotherDepartment_Is403NamingTheDepartment()
    {
        using var applicant = await _host.Factory.SignInAsync("applicant", address: "192.0.2.63");
        using var clerk = await _host.Factory.SignInAsync("clerk", address: "192.0.2.63");
        var id = await Accepted(applicant, clerk);
        var name = (await OpenTasks(clerk, id))["NameDeclaration"];

        using var response = await clerk.PostAsync(new Uri($"/api/tasks/{name}/claim", UriKind.Relative), null);
        var problem = await Json(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("该任务由市场监管局办理，不属于您的部门", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("clerk", "/api/cases/mine", "需要以下角色之一：申请人")]
    [InlineData("analyst", "/api/tasks", "需要以下角色之一：窗口人员、审批人员")]
    [InlineData("applicant", "/api/audit/verify", "需要以下角色之一：监察/审计人员")]
    [InlineData("admin", "/api/cases", "需要以下角色之一：申请人、窗口人员、审批人员、监察/审计人员")]
    public async Task RolePolicy_Refused_Is403NamingTheRoles(string user, string path, string detail)
    {
        using var client = await _host.Factory.SignInAsync(user, address: "192.0.2.61");

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var problem = await Json(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("FORBIDDEN", problem.GetProperty("code").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }
}
