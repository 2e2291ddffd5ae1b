using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Integration.Tests.Persistence;

public class SqliteSingleWriterTests
{
    private const string OneTask = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="urn:t">
          <bpmn:process id="P" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="Review"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Review"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public void ConcurrentCommands_AllCommit_AfterAFailedCommandReleasedTheWriter()
    {
        using var db = TestDatabase.Create("sqlite");
        using (var context = db.CreateDbContext())
        {
            // The mode the product runs SQLite in (readers beside one writer); the writers queue in process.
            context.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL");
        }

        var engine = new DurableEngine(db, new EngineOptions());
        engine.Deploy("p.bpmn", OneTask);

        // Fails inside its transaction: the writer it held must be free again for the commands below.
        Assert.Throws<EngineException>(() => engine.Complete(Guid.NewGuid(), Guid.NewGuid()));

        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 3; i++)
            {
                var id = engine.Start("P");
                engine.Complete(id, Assert.Single(engine.GetInstance(id)!.Waits).Id);
                ids.Add(id);
            }
        });

        Assert.Equal(12, ids.Count);
        Assert.All(ids, id => Assert.Equal(InstanceState.Completed, engine.GetInstance(id)!.State));
    }

    /// <summary>Group commits are written on a connection of their own, closed after two idle seconds: the file is
    /// then no longer held open, and the commands after the idle spell open a fresh connection; everything any of
    /// them committed is in the file for a new engine.</summary>
    [Fact]
    public void GroupCommits_GoOn_AfterTheWriterConnectionClosedWhenIdle()
    {
        using var db = TestDatabase.Create("sqlite");
        var path = Path.GetFullPath(new SqliteConnectionStringBuilder(db.ConnectionString).DataSource);
        var engine = new DurableEngine(db, new EngineOptions());
        engine.Deploy("p.bpmn", OneTask);
        var before = engine.StartInstance("P");

        // The test's own connections are not pooled, so once the writer connection is closed nothing holds the file.
        Assert.True(SpinWait.SpinUntil(() => OpenHandles(path) == 0, TimeSpan.FromSeconds(30)),
            "the group writer connection was not closed when idle");
        engine.Complete(before.InstanceId, before.Waits.Single().Id);
        var after = engine.StartInstance("P");

        var fresh = new DurableEngine(db, new EngineOptions());
        Assert.Equal(InstanceState.Completed, fresh.GetInstance(before.InstanceId)!.State);
        Assert.Equal(InstanceState.Running, fresh.GetInstance(after.InstanceId)!.State);
        Assert.Single(fresh.GetInstance(after.InstanceId)!.Waits);
    }

    // How many of this process's file descriptors point at the database file (Linux).
    private static int OpenHandles(string path) =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget == path;
            }
            catch (IOException)
            {
                return false; // closed while we looked
            }
        });
}
