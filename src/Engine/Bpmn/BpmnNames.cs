using System.Xml.Linq;

namespace OneThing.Engine.Bpmn;

/// <summary>The XML namespaces the importer understands.</summary>
public static class BpmnNamespaces
{
    /// <summary>BPMN 2.0 semantic model.</summary>
    public const string Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /// <summary>Camunda 7 extension attributes and elements.</summary>
    public const string Camunda = "http://camunda.org/schema/1.0/bpmn";

    /// <summary>Camunda 8 (Zeebe) extension elements.</summary>
    public const string Zeebe = "http://camunda.org/schema/zeebe/1.0";

    /// <summary>OneThing's own extensions (<c>ot:</c> by convention).</summary>
    public const string OneThing = "urn:onething:bpmn:1";
}

/// <summary>Pre-built <see cref="XName"/>s so the readers compare names without building strings.</summary>
internal static class XNames
{
    internal static readonly XNamespace Bpmn = BpmnNamespaces.Bpmn;
    internal static readonly XNamespace Camunda = BpmnNamespaces.Camunda;
    internal static readonly XNamespace Zeebe = BpmnNamespaces.Zeebe;
    internal static readonly XNamespace Ot = BpmnNamespaces.OneThing;

    internal static readonly XName Definitions = Bpmn + "definitions";
    internal static readonly XName Process = Bpmn + "process";
    internal static readonly XName Message = Bpmn + "message";
    internal static readonly XName Error = Bpmn + "error";
    internal static readonly XName Signal = Bpmn + "signal";
    internal static readonly XName SequenceFlow = Bpmn + "sequenceFlow";
    internal static readonly XName Association = Bpmn + "association";
    internal static readonly XName ConditionExpression = Bpmn + "conditionExpression";
    internal static readonly XName ExtensionElements = Bpmn + "extensionElements";
    internal static readonly XName MultiInstance = Bpmn + "multiInstanceLoopCharacteristics";
    internal static readonly XName StandardLoop = Bpmn + "standardLoopCharacteristics";
    internal static readonly XName LoopCardinality = Bpmn + "loopCardinality";
    internal static readonly XName CompletionCondition = Bpmn + "completionCondition";
    internal static readonly XName LoopDataInputRef = Bpmn + "loopDataInputRef";
    internal static readonly XName LoopDataOutputRef = Bpmn + "loopDataOutputRef";
    internal static readonly XName InputDataItem = Bpmn + "inputDataItem";
    internal static readonly XName OutputDataItem = Bpmn + "outputDataItem";
    internal static readonly XName EventDefinitionRef = Bpmn + "eventDefinitionRef";
    internal static readonly XName TimeDate = Bpmn + "timeDate";
    internal static readonly XName TimeDuration = Bpmn + "timeDuration";
    internal static readonly XName TimeCycle = Bpmn + "timeCycle";
}
