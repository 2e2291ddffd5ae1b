using System.Net;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Accounts.AccountTestApi;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Accounts;

/// <summary>Issue 9, item 9: weak passwords, names differing only in case, and control characters in names are
/// refused.</summary>
public sealed class AccountRulesTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("password12")]
    [InlineData("Password2024!")]
    [InlineData("OneThing#2026")]
    [InlineData("aaaaaaaaa1")]
    [InlineData("1234567890a")]
    [InlineData("zhangwei-2026-x")]
    [InlineData("short1")]
    [InlineData("onlyletterslong")]
    public async Task CreateUser_WeakPassword_Is400NamingThePassword(string password)
    {
        using var admin = await _factory.SignInAsync("admin");

        var refused = await Post(admin, "/api/admin/users", new
        {
            userName = "zhangwei", displayName = "张伟", password, roles = new[] { "clerk" },
        }, HttpStatusCode.BadRequest);

        Assert.Equal(["password"], refused.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task CreateUser_NameDifferingOnlyInCase_Is409()
    {
        using var admin = await _factory.SignInAsync("admin");

        var refused = await Post(admin, "/api/admin/users", new
        {
            userName = "Admin", displayName = "假管理员", password = "Window#Seat481", roles = new[] { "admin" },
        }, HttpStatusCode.Conflict);

        Assert.Equal("USER_EXISTS", refused.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("userName", "clerk2\n")]
    [InlineData("userName", "clerk\u00003")]
    [InlineData("displayName", "张三\u0000")]
    [InlineData("displayName", "\u202E三张")]
    [InlineData("displayName", "张\u200B三")]
    [InlineData("displayName", "张\uFEFF三")]
    public async Task CreateUser_ControlCharactersInNames_Is400(string field, string value)
    {
        using var admin = await _factory.SignInAsync("admin");
        var body = new Dictionary<string, object>
        {
            ["userName"] = "zhang-san", ["displayName"] = "张三", ["password"] = "Window#Seat481", ["roles"] = new[] { "clerk" },
        };
        body[field] = value;

        var refused = await Post(admin, "/api/admin/users", body, HttpStatusCode.BadRequest);

        Assert.Equal([field], refused.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Theory]
    [InlineData("\u202E局管监")]
    [InlineData("市场\u200B监管局")]
    [InlineData("市场\u0000局")]
    public async Task CreateDepartment_ControlCharactersInName_Is400(string name)
    {
        using var admin = await _factory.SignInAsync("admin");

        var refused = await Post(admin, "/api/admin/departments", new { code = "bad", name }, HttpStatusCode.BadRequest);

        Assert.Equal("VALIDATION_FAILED", refused.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UpdateUser_ControlCharacterInDisplayNameOrWeakPassword_Is400()
    {
        using var admin = await _factory.SignInAsync("admin");

        Assert.Equal(HttpStatusCode.BadRequest,
            await Send(admin, HttpMethod.Put, "/api/admin/users/clerk", new { displayName = "李\u202E窗口" }));
        Assert.Equal(HttpStatusCode.BadRequest,
            await Send(admin, HttpMethod.Put, "/api/admin/users/clerk", new { password = "password12" }));
    }

    [Fact]
    public void Check_StrongPassword_Passes()
    {
        Assert.Null(PasswordPolicy.Check("zhangwei", "Window#Seat481"));
        Assert.NotNull(PasswordPolicy.Check("zhangwei", "ZhangWei#2026x"));
    }
}
