using OneThing.Engine.Persistence;

namespace OneThing.Engine.Tests;

/// <summary>The engine is the BPMN engine only: it knows nothing of the 一件事 platform built on it.</summary>
public class LayeringTests
{
    private static readonly System.Reflection.Assembly Engine = typeof(EngineDbContext).Assembly;

    [Fact]
    public void EngineAssembly_References_NoPlatformAssembly()
    {
        var referenced = Engine.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Microsoft.EntityFrameworkCore.Relational", referenced);
        Assert.DoesNotContain(referenced, name => name is not null
            && (name.StartsWith("OneThing.", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)));
    }

    [Fact]
    public void EngineTypes_LiveInEngineNamespaces_NoneInThePlatforms()
    {
        var types = Engine.GetTypes().Where(t => t.Namespace?.StartsWith("OneThing.", StringComparison.Ordinal) == true).ToList();

        Assert.NotEmpty(types);
        Assert.DoesNotContain(types, t => t.Namespace!.StartsWith("OneThing.Cases", StringComparison.Ordinal));
        Assert.All(types, t => Assert.StartsWith("OneThing.Engine", t.Namespace, StringComparison.Ordinal));
    }
}
