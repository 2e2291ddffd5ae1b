using OneThing.Engine.Bpmn;
using OneThing.Engine.Model;
using OneThing.Engine.Runtime;

namespace OneThing.Engine.Tests.TestSupport;

/// <summary>An in-memory engine on a fake clock, with helpers that act the way a user or worker would.</summary>
public sealed class EngineHarness
{
    private const string Namespaces = """
        xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
        xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
        xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
        xmlns:ot="urn:onething:bpmn:1"
        """;

    public EngineHarness(IReadOnlyDictionary<string, ServiceTaskHandler>? handlers = null)
    {
        Engine = new ProcessEngine(new EngineOptions
        {
            Clock = Clock,
            ServiceHandlers = handlers ?? new Dictionary<string, ServiceTaskHandler>(),
        });
    }

    public FakeClock Clock { get; } = new();

    public ProcessEngine Engine { get; }

    /// <summary>Wraps process content (and optional root-level declarations) into a BPMN file.</summary>
    public static string Wrap(string processBody, string processId = "P", string declarations = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions {Namespaces} id="Defs" targetNamespace="urn:test">
          {declarations}
          <bpmn:process id="{processId}" isExecutable="true">
            {processBody}
          </bpmn:process>
        </bpmn:definitions>
        """;

    public BpmnDocument Deploy(string xml)
    {
        var document = BpmnImporter.Import(xml);
        Engine.Deploy(document);
        return document;
    }

    public ProcessInstance Start(string processBody, IReadOnlyDictionary<string, object?>? variables = null,
        string declarations = "")
    {
        Deploy(Wrap(processBody, "P", declarations));
        return Engine.Start("P", variables);
    }

    public WaitState Wait(ProcessInstance instance, string nodeId) =>
        instance.Waits.Single(w => w.NodeId == nodeId && w.Kind != WaitKind.Incident);

    public void Complete(ProcessInstance instance, string nodeId, IReadOnlyDictionary<string, object?>? variables = null) =>
        Engine.Complete(instance, Wait(instance, nodeId).Id, variables);

    /// <summary>Completes user and service tasks and delivers messages until the instance waits for nothing but
    /// timers (which are then fired by advancing the clock) or ends.</summary>
    public void RunToEnd(ProcessInstance instance, int maxSteps = 1000)
    {
        for (var i = 0; i < maxSteps && !instance.IsEnded; i++)
        {
            var wait = instance.Waits.Where(w => w.Kind is WaitKind.UserTask or WaitKind.ServiceTask or WaitKind.Message)
                .OrderBy(w => w.CreatedAt).ThenBy(w => w.Sequence).FirstOrDefault();
            if (wait is not null)
            {
                Engine.Complete(instance, wait.Id);
                continue;
            }

            if (Engine.NextTimerDueAt() is { } due)
            {
                Clock.Set(due > Clock.GetUtcNow() ? due : Clock.GetUtcNow());
                Engine.FireDueTimers();
                continue;
            }

            break;
        }
    }

    public static Dictionary<string, object?> Vars(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);
}
