using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Cases.Persistence;
using OneThing.Cases.Security;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Cases.Tests.TestSupport;

/// <summary>The case layer on a fresh SQLite file with a fake clock, wired as a host wires it: the engine makes
/// platform contexts and the cases follow every engine command.</summary>
public sealed class CaseHost : IDisposable
{
    public const string ProcessId = "Licence";

    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:t">
          <bpmn:process id="Licence" name="许可事项" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="Review" name="审查" camunda:candidateGroups="审批科" camunda:dueDate="PT2H"/>
            <bpmn:userTask id="Decide" name="决定" camunda:candidateGroups="审批科"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Decide"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Decide" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static readonly CaseActor Applicant = new("applicant", [Roles.Applicant], []);
    public static readonly CaseActor Other = new("other", [Roles.Applicant], []);
    public static readonly CaseActor Clerk = new("clerk", [Roles.Clerk], ["综合窗口"]);
    public static readonly CaseActor Approver = new("approver", [Roles.Approver], ["审批科"]);
    public static readonly ApplicantInput Person = new(ApplicantKind.Person, "张三", "11010519491231002X");

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"onething-cases-{Guid.NewGuid():N}.db");

    public CaseHost()
    {
        var options = new DbContextOptionsBuilder<PlatformDbContext>().UseSqlite($"Data Source={_path};Pooling=False");
        options.UsePersonalDataProtection(
            new PersonalDataProtector(new MasterKeyRing(CryptoProfile.International, MasterKeyRing.NewMasterKey())));
        Contexts = PlatformDbContext.PooledFactory(options);
        using (var db = Contexts.CreateDbContext())
        {
            PlatformSchema.Migrate(db);
        }

        Engine = new DurableEngine(new PlatformContextFactory(Contexts), new EngineOptions { Clock = Clock });
        Engine.AfterEveryCommand(CaseSync.FromEngine);
        Engine.Deploy("licence.bpmn", Diagram);
        var runner = new CaseCommandRunner(Engine, new CaseOptions());
        Applications = new ApplicationCommands(runner);
        Intake = new IntakeCommands(runner);
        Tasks = new TaskCommands(runner);
        CoSign = new CoSignCommands(runner);
        Moves = new MoveCommands(runner);
        Materials = new MaterialCommands(runner);
        Warnings = new LimitWarnings(runner);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public IDbContextFactory<PlatformDbContext> Contexts { get; }

    public DurableEngine Engine { get; }

    public ApplicationCommands Applications { get; }

    public IntakeCommands Intake { get; }

    public TaskCommands Tasks { get; }

    public CoSignCommands CoSign { get; }

    public MoveCommands Moves { get; }

    public MaterialCommands Materials { get; }

    public LimitWarnings Warnings { get; }

    /// <summary>A draft by <see cref="Applicant"/>.</summary>
    public Guid Draft() => Applications.Create(Applicant, new CreateDraft(ProcessId, Person, null)).Id;

    /// <summary>A case submitted by <see cref="Applicant"/>.</summary>
    public Guid Submitted()
    {
        var id = Draft();
        Applications.Submit(Applicant, new SubmitCase(id));
        return id;
    }

    /// <summary>A case accepted at intake: its process runs, 审查 is open.</summary>
    public Guid Accepted()
    {
        var id = Submitted();
        Intake.Accept(Clerk, new AcceptCase(id));
        return id;
    }

    /// <summary>A case whose 审查 <see cref="Approver"/> completed: 决定 is open.</summary>
    public Guid Reviewed()
    {
        var id = Accepted();
        Tasks.Complete(Approver, new CompleteTask(OpenTask(id), null, null));
        return id;
    }

    /// <summary>A case whose process ended with a grant.</summary>
    public Guid Decided()
    {
        var id = Reviewed();
        Tasks.Complete(Approver, new CompleteTask(OpenTask(id), null, "同意"));
        return id;
    }

    /// <summary>Adds a staff account (an approver of 审批科 unless told otherwise).</summary>
    public void AddStaff(string userName, string role = Roles.Approver, string departments = "审批科")
    {
        using var db = Contexts.CreateDbContext();
        db.Add(new AccountRecord
        {
            Id = Guid.NewGuid(), UserName = userName, DisplayName = userName, Roles = role, Departments = departments,
            CreatedAt = Clock.GetUtcNow(),
        });
        db.SaveChanges();
    }

    /// <summary>The step tasks and co-sign tasks of a case still open or waiting.</summary>
    public IReadOnlyList<CaseTaskRecord> OpenTasks(Guid caseId)
    {
        using var db = Contexts.CreateDbContext();
        return db.Set<CaseTaskRecord>().AsNoTracking().Where(t => t.CaseId == caseId && t.EndedAt == null).ToList();
    }

    public Guid OpenTask(Guid caseId)
    {
        using var db = Contexts.CreateDbContext();
        return db.Set<CaseTaskRecord>().AsNoTracking()
            .Where(t => t.CaseId == caseId && t.EndedAt == null && t.Kind == CaseTaskKind.Step).Select(t => t.Id).Single();
    }

    public CaseRecord Case(Guid id)
    {
        using var db = Contexts.CreateDbContext();
        return db.Set<CaseRecord>().AsNoTracking().Single(c => c.Id == id);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
