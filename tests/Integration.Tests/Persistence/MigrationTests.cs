using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Integration.Tests.Persistence;

public class MigrationTests
{
    private const string RootVariables = """{"申请人":"王五"}""";

    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:t">
          <bpmn:process id="U" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="Review" camunda:candidateGroups="房管局"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A database made by the first release (schema "Initial", with a case waiting in it) upgrades to
    /// the current schema, and the case goes on where it stopped.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Migrate_FromFirstRelease_KeepsRunningCases(string provider)
    {
        using var db = TestDatabase.Create(provider, migrateTo: "20261122000000_Initial");
        var deploymentId = Guid.CreateVersion7();
        var definitionId = Guid.CreateVersion7();
        var instanceId = Guid.CreateVersion7();
        var waitId = Guid.CreateVersion7();
        var taskExecution = Guid.CreateVersion7();
        using (var old = db.CreateDbContext())
        {
            // Rows exactly as the first release wrote them (its columns only).
            old.Database.ExecuteSql($"""INSERT INTO ot_deployment ("Id","Name","Hash","Xml","DeployedAt") VALUES ({deploymentId}, 'u.bpmn', 'h', {Diagram}, 0)""");
            old.Database.ExecuteSql($"""INSERT INTO ot_definition ("Id","DeploymentId","ProcessId","Version","Name") VALUES ({definitionId}, {deploymentId}, 'U', 1, NULL)""");
            old.Database.ExecuteSql($"""INSERT INTO ot_instance ("Id","DefinitionId","ProcessId","State","StartedAt","EndedAt","CalledByInstanceId","CalledByWaitId","Revision","HistoryCount") VALUES ({instanceId}, {definitionId}, 'U', 0, 0, NULL, NULL, NULL, 1, 2)""");
            // The trace as the first release wrote it: one visit row per element.
            old.Database.ExecuteSql($"""INSERT INTO ot_history ("Id","InstanceId","Seq","At","Type","NodeId","WaitId") VALUES ({Guid.CreateVersion7()}, {instanceId}, 0, 0, 'visit', 'S', NULL)""");
            old.Database.ExecuteSql($"""INSERT INTO ot_history ("Id","InstanceId","Seq","At","Type","NodeId","WaitId") VALUES ({Guid.CreateVersion7()}, {instanceId}, 1, 0, 'visit', 'Review', NULL)""");
            old.Database.ExecuteSql($"""INSERT INTO ot_execution ("Id","InstanceId","ParentId","Role","NodeId","ArrivedViaFlowId","ItemIndex","MultiInstanceJson","VariablesJson") VALUES ({instanceId}, {instanceId}, NULL, 0, NULL, NULL, 0, NULL, {RootVariables})""");
            old.Database.ExecuteSql($"""INSERT INTO ot_execution ("Id","InstanceId","ParentId","Role","NodeId","ArrivedViaFlowId","ItemIndex","MultiInstanceJson","VariablesJson") VALUES ({taskExecution}, {instanceId}, {instanceId}, 1, 'Review', 'f1', 0, NULL, NULL)""");
            old.Database.ExecuteSql($"""INSERT INTO ot_wait ("Id","InstanceId","ExecutionId","Kind","NodeId","CreatedAt","FiredCount","CandidateGroups","RetryMode","Attempts") VALUES ({waitId}, {instanceId}, {taskExecution}, 0, 'Review', 0, 0, '房管局', 0, 0)""");
        }

        using (var current = db.CreateDbContext())
        {
            var pending = PlatformSchema.Pending(current);
            Assert.Contains("20261122010000_WaitCreationOrder", pending);
            Assert.Contains("20261122020000_Accounts", pending);
            PlatformSchema.Migrate(current);
            Assert.Empty(PlatformSchema.Pending(current));
        }

        var engine = new DurableEngine(db, new EngineOptions());
        var before = engine.GetInstance(instanceId)!;
        Assert.Equal("王五", before.Variables["申请人"]);
        Assert.Equal("房管局", Assert.Single(before.Waits).CandidateGroups);
        Assert.Equal(["S", "Review"], before.Trace);
        engine.Complete(instanceId, waitId);

        // The old rows (an element each) and the new one (the command's path) make one trace.
        var after = engine.GetInstance(instanceId)!;
        Assert.Equal(InstanceState.Completed, after.State);
        Assert.Equal(["S", "Review", "E"], after.Trace);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Migrate_AllTheWayDownAndUp_Works(string provider)
    {
        using var db = TestDatabase.Create(provider);
        using var context = db.CreateDbContext();
        using var engine = PlatformSchema.EngineContextOf(context);

        // Down: the platform's set first (its tables sit on the engine's), then the engine's.
        context.GetService<IMigrator>().Migrate(Migration.InitialDatabase);
        engine.GetService<IMigrator>().Migrate(Migration.InitialDatabase);
        Assert.Equal(context.Database.GetMigrations().Count() + engine.Database.GetMigrations().Count(),
            PlatformSchema.Pending(context).Count);
        PlatformSchema.Migrate(context);

        Assert.Empty(PlatformSchema.Pending(context));
    }

    /// <summary>The split left every id where it was: engine and platform sets are disjoint and together are the
    /// migrations the releases before the split applied.</summary>
    [Fact]
    public void Migrations_EngineAndPlatformSets_AreDisjointAndComplete()
    {
        using var db = TestDatabase.Create("sqlite");
        using var context = db.CreateDbContext();
        using var engine = PlatformSchema.EngineContextOf(context);

        Assert.Equal(
            ["20261122000000_Initial", "20261122010000_WaitCreationOrder", "20261127020000_PartialWaitIndexes",
             "20261127040000_HistoryPath"],
            engine.Database.GetMigrations());
        Assert.Equal(
            ["20261122020000_Accounts", "20261127000000_Cases", "20261127010000_AuditAndNotifications",
             "20261127030000_Idempotency", "20261202010000_AccountSecurity", "20261202020000_RequestGuards",
             "20261202030000_KeysAndPersonalData", "20261202040000_AuditFacts"],
            context.Database.GetMigrations().Take(8));
    }
}
