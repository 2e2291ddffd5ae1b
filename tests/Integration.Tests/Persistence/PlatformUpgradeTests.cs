using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Audit;
using OneThing.Cases.Casework;
using OneThing.Cases.Persistence;
using OneThing.Cases.Security;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>A database of the release before the engine and the platform split their migrations (one set of twelve,
/// applied in id order) upgrades through <see cref="PlatformSchema.Migrate(PlatformDbContext)"/> with its live cases, which then go on
/// to the end.</summary>
public class PlatformUpgradeTests
{
    /// <summary>The last migration of the release before the split.</summary>
    private const string LastBeforeSplit = "20261202040000_AuditFacts";

    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:t">
          <bpmn:process id="Upgrade" name="升级事项" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="Review" name="审查" camunda:candidateGroups="审批科"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static readonly CaseActor Applicant = new("applicant", [Roles.Applicant], []);
    private static readonly CaseActor Clerk = new("clerk", [Roles.Clerk], ["综合窗口"]);
    private static readonly CaseActor Approver = new("approver", [Roles.Approver], ["审批科"]);
    private static readonly ApplicantInput Person = new(ApplicantKind.Person, "张三", "11010519491231002X");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Migrate_FromTheLastReleaseBeforeTheSplit_ContinuesLiveCases(string provider)
    {
        using var db = TestDatabase.Create(provider, migrateTo: LastBeforeSplit);
        var contexts = Contexts(db);
        Guid draft, submitted, accepted;
        {
            var (_, commands) = Platform(contexts);
            draft = commands.Applications.Create(Applicant, new CreateDraft("Upgrade", Person, null)).Id;
            submitted = commands.Applications.Create(Applicant, new CreateDraft("Upgrade", Person, null)).Id;
            commands.Applications.Submit(Applicant, new SubmitCase(submitted));
            accepted = commands.Applications.Create(Applicant, new CreateDraft("Upgrade", Person, null)).Id;
            commands.Applications.Submit(Applicant, new SubmitCase(accepted));
            commands.Intake.Accept(Clerk, new AcceptCase(accepted));
        }

        using (var current = contexts.CreateDbContext())
        {
            Assert.Empty(PlatformSchema.Pending(current));
            PlatformSchema.Migrate(current);
            Assert.Empty(PlatformSchema.Pending(current));
            var running = current.Set<CaseRecord>().AsNoTracking().Single(c => c.Id == accepted);
            Assert.Equal(CaseState.Accepted, running.State);
            Assert.NotNull(running.InstanceId);
        }

        {
            var (engine, commands) = Platform(contexts);
            Assert.Equal(InstanceState.Running, engine.GetInstance(InstanceOf(contexts, accepted))!.State);
            commands.Applications.Submit(Applicant, new SubmitCase(draft));
            foreach (var id in new[] { draft, submitted })
            {
                commands.Intake.Accept(Clerk, new AcceptCase(id));
            }

            foreach (var id in new[] { draft, submitted, accepted })
            {
                commands.Tasks.Complete(Approver, new CompleteTask(TaskOf(contexts, id), null, "同意"));
                commands.Intake.Deliver(Clerk, new DeliverCase(id));
                Assert.Equal(CaseState.Rated, commands.Applications.Rate(Applicant, new RateCase(id, 5, "办事顺利")).State);
                Assert.Equal(InstanceState.Completed, engine.GetInstance(InstanceOf(contexts, id))!.State);
            }
        }

        using var read = contexts.CreateDbContext();
        Assert.All(AuditTrail.VerifyAll(read), v => Assert.True(v.Intact, v.ToString()));
    }

    private static IDbContextFactory<PlatformDbContext> Contexts(TestDatabase db)
    {
        var options = new DbContextOptionsBuilder<PlatformDbContext>();
        if (db.Provider == "sqlite")
        {
            options.UseSqlite(db.ConnectionString).AddInterceptors(SqliteDurability.Instance);
        }
        else
        {
            options.UseNpgsql(db.ConnectionString);
        }

        options.UsePersonalDataProtection(Protector);
        return PlatformDbContext.PooledFactory(options);
    }

    private static readonly PersonalDataProtector Protector =
        new(new MasterKeyRing(CryptoProfile.International, MasterKeyRing.NewMasterKey()));

    /// <summary>The engine and the case commands as a host wires them, the engine making platform contexts.</summary>
    private static (DurableEngine Engine, Commands Commands) Platform(IDbContextFactory<PlatformDbContext> contexts)
    {
        var engine = new DurableEngine(new PlatformContextFactory(contexts), new EngineOptions());
        engine.AfterEveryCommand(CaseSync.FromEngine);
        engine.Deploy("upgrade.bpmn", Diagram);
        var runner = new CaseCommandRunner(engine, new CaseOptions());
        return (engine, new Commands(new ApplicationCommands(runner), new IntakeCommands(runner), new TaskCommands(runner)));
    }

    /// <summary>The command classes the upgrade drives.</summary>
    private sealed record Commands(ApplicationCommands Applications, IntakeCommands Intake, TaskCommands Tasks);

    private static Guid TaskOf(IDbContextFactory<PlatformDbContext> contexts, Guid caseId)
    {
        using var db = contexts.CreateDbContext();
        return db.Set<CaseTaskRecord>().AsNoTracking().Where(t => t.CaseId == caseId && t.EndedAt == null)
            .Select(t => t.Id).Single();
    }

    private static Guid InstanceOf(IDbContextFactory<PlatformDbContext> contexts, Guid caseId)
    {
        using var db = contexts.CreateDbContext();
        return db.Set<CaseRecord>().AsNoTracking().Where(c => c.Id == caseId).Select(c => c.InstanceId).Single()!.Value;
    }
}
