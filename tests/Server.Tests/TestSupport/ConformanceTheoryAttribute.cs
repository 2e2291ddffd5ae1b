namespace OneThing.Server.Tests.TestSupport;

/// <summary>A theory over the shared conformance corpus: skipped, saying what is missing and how to get it, when
/// <see cref="RepositoryPaths.Conformance"/> is absent (a fresh clone); run as before when it is there (CI). xunit reads
/// the skip before it enumerates the data, so the missing folder is never listed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the corpus is missing.</summary>
    public ConformanceTheoryAttribute() => Skip = Directory.Exists(RepositoryPaths.Conformance)
        ? null
        : $"缺少一致性测试语料 {RepositoryPaths.Conformance}（OMG MIWG 测试套件 miwg/ 与 bpmn-elements 的 .bpmn 文件）；"
          + "把它们放到仓库旁的 ../shared/conformance 下，或用环境变量 ONETHING_CONFORMANCE_DIR 指向它们，即可运行这些测试";
}
