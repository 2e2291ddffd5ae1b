using OneThing.Cases.Persistence;

namespace OneThing.Cases.Tests;

/// <summary>The platform layer sits on the engine and under the web host: no ASP.NET in it.</summary>
public class LayeringTests
{
    [Fact]
    public void CasesAssembly_References_TheEngineAndNoAspNet()
    {
        var referenced = typeof(PlatformDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("OneThing.Engine", referenced);
        Assert.DoesNotContain(referenced, name => name is not null
            && (name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name == "OneThing.Server"));
    }

    [Fact]
    public void CasesTypes_LiveInCasesNamespaces()
    {
        var types = typeof(PlatformDbContext).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("OneThing.", StringComparison.Ordinal) == true).ToList();

        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.StartsWith("OneThing.Cases", t.Namespace, StringComparison.Ordinal));
    }
}
