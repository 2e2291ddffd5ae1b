using OneThing.Engine.Bpmn;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.Bpmn;

namespace OneThing.Engine.Tests.Runtime;

public class SequentialStepTests
{
    [Theory]
    [InlineData("NameDeclaration", true)]
    [InlineData("Registration", true)]
    [InlineData("Seal", false)]
    [InlineData("TaxRegistration", false)]
    [InlineData("JoinAfterLicence", false)]
    [InlineData("BankAccount", true)]
    [InlineData("Delivery", true)]
    public void IsSequentialStep_QiyeKaiban_OnlyOutsideTheParallelSection(string nodeId, bool expected)
    {
        var model = BpmnImporter.ImportFile(Path.Combine(ConformanceFiles.RepositoryRoot, "workflows", "qiye-kaiban.bpmn"))
            .FindProcess("qiye-kaiban")!;

        Assert.Equal(expected, Executor.IsSequentialStep(model, model.FindNode(nodeId)!));
    }
}
