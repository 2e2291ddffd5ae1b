using OneThing.Engine.Bpmn;
using OneThing.Engine.Model;
using OneThing.Engine.Runtime;
using OneThing.Engine.Tests.Bpmn;
using OneThing.Engine.Tests.TestSupport;

namespace OneThing.Engine.Tests.Workflows;

/// <summary>The shipped 企业开办 one-thing, driven the way the departments would clear their queues.</summary>
public class QiyeKaibanTests
{
    private static readonly string FilePath =
        Path.Combine(ConformanceFiles.RepositoryRoot, "workflows", "qiye-kaiban.bpmn");

    [Fact]
    public void Import_ReadsTimeLimitsDepartmentsAndMaterials()
    {
        var process = BpmnImporter.ImportFile(FilePath).FindProcess("qiye-kaiban")!;

        Assert.Equal(new TimeLimit(3, TimeLimitUnit.WorkingDays), process.StatutoryLimit);
        Assert.Equal(new TimeLimit(1, TimeLimitUnit.WorkingDays), process.PromisedLimit);
        var registration = process.FindNode("Registration")!;
        Assert.Equal(["市场监管局"], registration.Assignment.CandidateGroups);
        Assert.Contains(registration.Materials, m => m is { Code: "营业执照", Use: MaterialUse.Issue });
        Assert.Equal(new TimeLimit(2, TimeLimitUnit.Hours), process.FindNode("NameDeclaration")!.StepLimit);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_EachDepartmentClearsItsQueue_CaseIsDelivered(bool needsBankAccount)
    {
        var h = new EngineHarness();
        h.Engine.Deploy(BpmnImporter.ImportFile(FilePath));
        var instance = h.Engine.Start("qiye-kaiban", EngineHarness.Vars(("needsBankAccount", needsBankAccount)));

        h.Complete(instance, "NameDeclaration");
        h.Complete(instance, "Registration");
        Assert.Equal(["人社局", "公安局", "税务局"],
            instance.UserTasks.SelectMany(t => t.CandidateGroups).Order());
        foreach (var id in new[] { "SocialInsurance", "Seal", "TaxRegistration" })
        {
            h.Complete(instance, id);
        }

        if (needsBankAccount)
        {
            h.Complete(instance, "BankAccount");
        }

        h.Complete(instance, "Delivery");

        Assert.Equal(InstanceState.Completed, instance.State);
        string[] bank = needsBankAccount ? ["BankAccount"] : [];
        Assert.Equal(
            ["Start", "NameDeclaration", "Registration", "ForkAfterLicence", "Seal", "TaxRegistration",
             "SocialInsurance", "JoinAfterLicence", "BankChosen", .. bank, "BankMerge", "Delivery", "End"],
            instance.Trace);
    }
}
