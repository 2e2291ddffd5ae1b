using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Cases.Persistence;
using OneThing.Cases.Security;
using OneThing.Engine.Persistence;

namespace OneThing.Bench.CaseCommands;

/// <summary>bench/case-commands: case commands per second against plain engine commands per second, alternating in
/// one process on one SQLite file. The last line is <c>ratio: X</c> (case commands/s ÷ engine commands/s).</summary>
internal static class Program
{
    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:bench">
          <bpmn:process id="Bench" name="基准事项" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="Review" name="审查" camunda:candidateGroups="审批科"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Case commands of one case: create, submit, accept, complete, deliver, rate.</summary>
    private const int CaseCommandsPerCase = 6;

    /// <summary>Engine commands of one instance: start, complete.</summary>
    private const int EngineCommandsPerInstance = 2;

    private static readonly CaseActor Applicant = new("applicant", [Roles.Applicant], []);
    private static readonly CaseActor Clerk = new("clerk", [Roles.Clerk], ["综合窗口"]);
    private static readonly CaseActor Approver = new("approver", [Roles.Approver], ["审批科"]);
    private static readonly ApplicantInput Person = new(ApplicantKind.Person, "张三", "11010519491231002X");

    private static int Main(string[] args)
    {
        var seconds = Option(args, "--seconds", 10.0);
        var rounds = (int)Option(args, "--rounds", 5.0);
        var path = Path.Combine(Path.GetTempPath(), $"onething-bench-cases-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<PlatformDbContext>()
                .UseSqlite($"Data Source={path}").AddInterceptors(SqliteDurability.Instance);
            // As the server: identity numbers are sealed on write (a context without a protector refuses them).
            options.UsePersonalDataProtection(
                new PersonalDataProtector(new MasterKeyRing(CryptoProfile.International, MasterKeyRing.NewMasterKey())));
            var contexts = PlatformDbContext.PooledFactory(options);
            using (var db = contexts.CreateDbContext())
            {
                PlatformSchema.Migrate(db);
            }

            var engine = new DurableEngine(new PlatformContextFactory(contexts), new OneThing.Engine.Runtime.EngineOptions());
            engine.AfterEveryCommand(OneThing.Cases.Casework.CaseSync.FromEngine);
            var commands = new Commands(new OneThing.Cases.Casework.CaseCommandRunner(engine, new CaseOptions()));
            engine.Deploy("bench.bpmn", Diagram);
            Console.WriteLine($"database: SQLite {path} ({SqliteDurability.Pragmas})");
            Console.WriteLine($"method: one client; {rounds} rounds of {seconds / rounds:0.#} s per phase, alternating, after a warm-up");

            OneCase(commands, contexts);
            OneInstance(engine);
            var window = TimeSpan.FromSeconds(seconds / rounds);
            Measure(() => OneCase(commands, contexts), TimeSpan.FromSeconds(1));
            Measure(() => OneInstance(engine), TimeSpan.FromSeconds(1));
            var cases = new Phase();
            var instances = new Phase();
            for (var round = 0; round < rounds; round++)
            {
                cases = cases.Plus(Measure(() => OneCase(commands, contexts), window));
                instances = instances.Plus(Measure(() => OneInstance(engine), window));
            }

            var caseRate = cases.Units * CaseCommandsPerCase / cases.Elapsed.TotalSeconds;
            var engineRate = instances.Units * EngineCommandsPerInstance / instances.Elapsed.TotalSeconds;
            var caseCpu = cases.Cpu.TotalMicroseconds / (cases.Units * CaseCommandsPerCase);
            var engineCpu = instances.Cpu.TotalMicroseconds / (instances.Units * EngineCommandsPerInstance);
            Console.WriteLine(Invariant($"case commands: {caseRate:F0}/s ({cases.Units} cases x {CaseCommandsPerCase} commands in {cases.Elapsed.TotalSeconds:F2} s, {1e6 / caseRate:F0} µs/command, CPU {caseCpu:F0} µs/command)"));
            Console.WriteLine(Invariant($"engine commands: {engineRate:F0}/s ({instances.Units} instances x {EngineCommandsPerInstance} commands in {instances.Elapsed.TotalSeconds:F2} s, {1e6 / engineRate:F0} µs/command, CPU {engineCpu:F0} µs/command)"));
            // CPU time per command is steadier than wall-clock rates when the machine is shared (fsync waits vary).
            Console.WriteLine(Invariant($"cpu ratio: {engineCpu / caseCpu:F3} (engine CPU per command ÷ case CPU per command)"));
            Console.WriteLine(Invariant($"ratio: {caseRate / engineRate:F3}"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static void OneCase(Commands commands, IDbContextFactory<PlatformDbContext> contexts)
    {
        var draft = commands.Applications.Create(Applicant, new CreateDraft("Bench", Person, null));
        commands.Applications.Submit(Applicant, new SubmitCase(draft.Id));
        commands.Intake.Accept(Clerk, new AcceptCase(draft.Id));
        Guid taskId;
        using (var db = contexts.CreateDbContext())
        {
            taskId = db.Set<CaseTaskRecord>().AsNoTracking().Where(t => t.CaseId == draft.Id).Select(t => t.Id).Single();
        }

        commands.Tasks.Complete(Approver, new CompleteTask(taskId, null, "同意"));
        commands.Intake.Deliver(Clerk, new DeliverCase(draft.Id));
        commands.Applications.Rate(Applicant, new RateCase(draft.Id, 5, "办事顺利"));
    }

    private static void OneInstance(DurableEngine engine)
    {
        var started = engine.StartInstance("Bench");
        engine.Complete(started.InstanceId, started.Waits[0].Id);
    }

    private static Phase Measure(Action unit, TimeSpan window)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var units = 0;
        while (clock.Elapsed < window)
        {
            unit();
            units++;
        }

        return new Phase(units, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? double.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Phase(int Units, TimeSpan Elapsed, TimeSpan Cpu)
    {
        public Phase Plus(Phase other) => new(Units + other.Units, Elapsed + other.Elapsed, Cpu + other.Cpu);
    }

    /// <summary>The command classes a case of the bench goes through, on one runner.</summary>
    private sealed class Commands(CaseCommandRunner runner)
    {
        public ApplicationCommands Applications { get; } = new(runner);

        public IntakeCommands Intake { get; } = new(runner);

        public TaskCommands Tasks { get; } = new(runner);
    }
}
