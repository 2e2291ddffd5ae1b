namespace OneThing.Server.Tests.TestSupport;

/// <summary>Finds the repository (the folder holding OneThing.sln above the test output) and the shared
/// conformance diagrams beside it, which stay outside the project (see their README).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The repository root.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>The shared conformance folder: <c>ONETHING_CONFORMANCE_DIR</c> when set, else <c>../shared/conformance</c>
    /// from the repository root.</summary>
    public static string Conformance => Path.GetFullPath(Environment.GetEnvironmentVariable("ONETHING_CONFORMANCE_DIR")
        ?? Path.Combine(Root, "..", "shared", "conformance"));

    /// <summary>Every conformance <c>.bpmn</c> file, relative to <see cref="Conformance"/>, in a stable order.</summary>
    public static TheoryData<string> ConformanceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Conformance, "*.bpmn", SearchOption.AllDirectories)
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Conformance, file).Replace('\\', '/'));
        }

        return data;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null;
             directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OneThing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OneThing.sln not found above " + AppContext.BaseDirectory);
    }
}
