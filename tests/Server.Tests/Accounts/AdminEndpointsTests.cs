using System.Net;
using System.Net.Http.Json;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Accounts;

public sealed class AdminEndpointsTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task CreateUser_ThenSignIn_ThenUpdateRoles_WorksAndRefusesBadInput()
    {
        using var admin = await _factory.SignInAsync("admin");
        var created = await Post(admin, "/api/admin/users", new
        {
            userName = "approver-gaj", displayName = "公安审批", password = "Police#2026x", roles = new[] { "approver" },
            departments = new[] { "公安局" },
        }, HttpStatusCode.Created);
        Assert.Equal(["公安局"], created.GetProperty("departments").EnumerateArray().Select(d => d.GetString()));

        using var anonymous = _factory.CreateClient();
        using var login = await anonymous.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative),
            new LoginRequest("approver-gaj", "Police#2026x"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        await Post(admin, "/api/admin/users", new
        {
            userName = "approver-gaj", displayName = "重复", password = "Police#2026x", roles = new[] { "approver" },
        }, HttpStatusCode.Conflict);
        var refused = await Post(admin, "/api/admin/users", new
        {
            userName = "x y", displayName = "", password = "short", roles = new[] { "king" }, departments = new[] { "不存在局" },
        }, HttpStatusCode.BadRequest);
        Assert.Equal(["departments", "displayName", "password", "roles", "userName"],
            refused.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        using var update = await admin.PutAsJsonAsync(new Uri("/api/admin/users/approver-gaj", UriKind.Relative),
            new { roles = new[] { "approver", "clerk" } });
        var updated = await Ok(update);
        Assert.Equal(["approver", "clerk"], updated.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var users = await Get(admin, "/api/admin/users");
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("userName").GetString() == "approver-gaj");
    }

    [Fact]
    public async Task Departments_AdminCreates_EveryoneSignedInLists_OthersCannotCreate()
    {
        using var admin = await _factory.SignInAsync("admin");
        using var approver = await _factory.SignInAsync("approver");
        await Post(admin, "/api/admin/departments", new { code = "wjw", name = "卫健委" }, HttpStatusCode.Created);
        await Post(admin, "/api/admin/departments", new { code = "wjw2", name = "卫健委" }, HttpStatusCode.Conflict);
        await Post(approver, "/api/admin/departments", new { code = "x", name = "某局" }, HttpStatusCode.Forbidden);
        var list = await Get(approver, "/api/departments");
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("name").GetString() == "卫健委");
        Assert.DoesNotContain(list.EnumerateArray(), d => d.GetProperty("name").GetString() == "某局");
    }
}
