namespace OneThing.Engine.Tests.Bpmn;

/// <summary>Locates the shared conformance diagrams (<c>../shared/conformance</c> next to the repository root),
/// which stay outside the project so nobody mistakes them for our own fixtures.</summary>
public static class ConformanceFiles
{
    private static readonly Lazy<string> RepositoryDirectory = new(FindRepositoryRoot);

    /// <summary>The repository root: the folder above the test's base directory that holds OneThing.sln.</summary>
    public static string RepositoryRoot => RepositoryDirectory.Value;

    /// <summary>The conformance folder: <c>ONETHING_CONFORMANCE_DIR</c> when set, else <c>../shared/conformance</c>.
    /// </summary>
    public static string Root => Path.GetFullPath(Environment.GetEnvironmentVariable("ONETHING_CONFORMANCE_DIR")
        ?? Path.Combine(RepositoryRoot, "..", "shared", "conformance"));

    /// <summary>Why the conformance tests are skipped: the folder is missing and how to get it; null when it is
    /// there.</summary>
    public static string? MissingReason => Directory.Exists(Root)
        ? null
        : $"缺少一致性测试语料 {Root}（OMG MIWG 测试套件 miwg/ 与 bpmn-elements 的 .bpmn 文件）；"
          + "把它们放到仓库旁的 ../shared/conformance 下，或用环境变量 ONETHING_CONFORMANCE_DIR 指向它们，即可运行这些测试";

    /// <summary>Every <c>.bpmn</c> file under miwg/ and bpmn-elements/, as paths relative to <see cref="Root"/>.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "miwg", "bpmn-elements" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, folder), "*.bpmn")
                         .Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    /// <summary>The absolute path of a file given relative to <see cref="Root"/>.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRepositoryRoot()
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
