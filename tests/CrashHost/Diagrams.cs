using System.Globalization;

namespace OneThing.CrashHost;

/// <summary>The diagrams the durability tests run; shared by the host and the tests.</summary>
public static class Diagrams
{
    /// <summary>Process id of <see cref="Crash"/>.</summary>
    public const string CrashProcess = "Crash";

    /// <summary>Process id of <see cref="NodeTasks"/>.</summary>
    public const string TasksProcess = "NodeTasks";

    /// <summary>Process id of <see cref="TimerAt"/>.</summary>
    public const string TimerProcess = "NodeTimer";

    /// <summary>The user tasks of <see cref="Crash"/>.</summary>
    public static readonly IReadOnlyList<string> CrashTasks = ["A", "B", "C"];

    /// <summary>The intermediate timer of <see cref="Crash"/>.</summary>
    public const string CrashTimer = "T1";

    /// <summary>The non-interrupting boundary timer on task C of <see cref="Crash"/>.</summary>
    public const string CrashReminder = "Remind";

    /// <summary>Task A, then two branches: a one-second timer before task B, and task C; both join before the end.
    /// Task C carries a non-interrupting one-second reminder (a boundary timer that ends its own token): it fires if
    /// C stays open long enough and is cancelled with C otherwise, so completing C races the job executor firing
    /// it. Every case passes three user tasks, one or two timer jobs and a parallel join.</summary>
    public const string Crash = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="CrashDefinitions" targetNamespace="urn:onething:crash">
          <bpmn:process id="Crash" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="A" camunda:candidateGroups="综合窗口"/>
            <bpmn:parallelGateway id="Fork"/>
            <bpmn:intermediateCatchEvent id="T1">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:userTask id="B" camunda:candidateGroups="市场监管局"/>
            <bpmn:userTask id="C" camunda:candidateGroups="税务局"/>
            <bpmn:boundaryEvent id="Remind" attachedToRef="C" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="Reminded"/>
            <bpmn:parallelGateway id="Join"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
            <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="Fork"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="T1"/>
            <bpmn:sequenceFlow id="f4" sourceRef="T1" targetRef="B"/>
            <bpmn:sequenceFlow id="f5" sourceRef="B" targetRef="Join"/>
            <bpmn:sequenceFlow id="f6" sourceRef="Fork" targetRef="C"/>
            <bpmn:sequenceFlow id="f7" sourceRef="C" targetRef="Join"/>
            <bpmn:sequenceFlow id="f8" sourceRef="Join" targetRef="E"/>
            <bpmn:sequenceFlow id="f9" sourceRef="Remind" targetRef="Reminded"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Two user tasks in a row: the two-node test completes the first through one node and the second
    /// through the other.</summary>
    public const string NodeTasks = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="NodeTasksDefinitions" targetNamespace="urn:onething:crash">
          <bpmn:process id="NodeTasks" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="First" camunda:candidateGroups="综合窗口"/>
            <bpmn:userTask id="Second" camunda:candidateGroups="市场监管局"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="First"/>
            <bpmn:sequenceFlow id="f2" sourceRef="First" targetRef="Second"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Second" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Start, a timer at one fixed moment, end: every instance's timer is due at the same instant.</summary>
    public static string TimerAt(DateTimeOffset at) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="NodeTimerDefinitions"
            targetNamespace="urn:onething:crash">
          <bpmn:process id="NodeTimer" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="At">
              <bpmn:timerEventDefinition><bpmn:timeDate>{at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}</bpmn:timeDate></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="At"/>
            <bpmn:sequenceFlow id="f2" sourceRef="At" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;
}
