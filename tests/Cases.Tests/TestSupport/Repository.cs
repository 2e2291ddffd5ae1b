namespace OneThing.Cases.Tests.TestSupport;

/// <summary>Files of the repository the tests read (the shipped forms).</summary>
public static class Repository
{
    private static readonly Lazy<string> Directory = new(Find);

    /// <summary>The repository root: the folder above the test's base directory that holds OneThing.sln.</summary>
    public static string Root => Directory.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OneThing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"OneThing.sln not found above {AppContext.BaseDirectory}");
    }
}
