using OneThing.Server.Api;

namespace OneThing.Server.Tests.Api;

public sealed class ApiPathsTests
{
    [Theory]
    [InlineData("/api/cases")]
    [InlineData("/API/cases")]
    [InlineData("/Api")]
    [InlineData("//api/cases")]
    [InlineData("/./api/cases")]
    [InlineData("/x/../api/cases")]
    [InlineData("/api./cases")]
    [InlineData("/api%2Fcases")]
    [InlineData("/%61pi/cases")]
    [InlineData("/%2561pi/cases")]
    [InlineData("\\api\\cases")]
    public void IsApiPath_AnySpellingOfApi_IsApi(string path)
    {
        Assert.True(ApiPaths.IsApiPath(path));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/healthz")]
    [InlineData("/apis/x")]
    [InlineData("/swagger/index.html")]
    [InlineData("/api/../healthz")]
    public void IsApiPath_OtherPaths_AreNot(string path)
    {
        Assert.False(ApiPaths.IsApiPath(path));
    }
}
