using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Integration.Tests.Persistence;

public class JobExecutorTests
{
    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:ot="urn:onething:bpmn:1" id="D" targetNamespace="urn:t">
          <bpmn:process id="J" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:serviceTask id="Slow" ot:action="slow"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Slow"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Slow" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Stopping the executor while a job runs lets that job finish and commit; nothing is cut off.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stop_WhileJobRuns_JobFinishesAndCommits(string provider)
    {
        using var db = TestDatabase.Create(provider);
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var engine = new DurableEngine(db, new EngineOptions
        {
            ServiceHandlers = new Dictionary<string, ServiceTaskHandler>
            {
                ["slow"] = _ =>
                {
                    running.Set();
                    release.Wait();
                    return new Dictionary<string, object?> { ["done"] = true };
                },
            },
        });
        engine.Deploy("j.bpmn", Diagram);
        var id = engine.Start("J");
        using var stop = new CancellationTokenSource();
        var executor = new JobExecutor(engine, new JobExecutorOptions(), TimeProvider.System);

        var loop = Task.Run(() => executor.RunAsync(stop.Token));
        Assert.True(running.Wait(TimeSpan.FromSeconds(60)));
        await stop.CancelAsync();
        release.Set();
        await loop.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, executor.JobsRun);
        var view = engine.GetInstance(id)!;
        Assert.Equal(InstanceState.Completed, view.State);
        Assert.Equal(true, view.Variables["done"]);
    }

    /// <summary>The poll that finds the next due job is an index seek, so its cost does not grow with the number
    /// of pending timers.</summary>
    [Fact]
    public void DueJobPoll_SQLite_UsesTheDueTimeIndex()
    {
        using var db = TestDatabase.Create("sqlite");
        using var context = db.CreateDbContext();
        var now = DateTimeOffset.UnixEpoch;
        var sql = context.Waits.Where(w => w.DueAt != null && w.DueAt <= now).OrderBy(w => w.DueAt)
            .ThenBy(w => w.CreatedSeq).Select(w => new { w.Id, w.InstanceId }).Take(1).ToQueryString();

        var connection = context.Database.GetDbConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        // The statement is EF's own query text, not input: nothing to inject.
        command.CommandText = "EXPLAIN QUERY PLAN " + StripParameters(sql);
        var details = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                details.Add(reader.GetString(reader.GetOrdinal("detail")));
            }
        }

        var plan = string.Join('\n', details);

        Assert.Contains("IX_ot_wait_DueAt", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN ot_wait\n", plan + "\n", StringComparison.Ordinal);
    }

    /// <summary>EF prints parameter declarations before the statement; the plan needs only the statement, with
    /// the parameter replaced by a value.</summary>
    private static string StripParameters(string sql)
    {
        var lines = sql.Split('\n').Where(l => !l.StartsWith(".param", StringComparison.Ordinal)).ToList();
        return System.Text.RegularExpressions.Regex.Replace(string.Join('\n', lines), "@\\w+", "0");
    }
}
