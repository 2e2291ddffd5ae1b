using System.Xml.Linq;
using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>Creates one <see cref="FlowNode"/> (or <see cref="SubProcessNode"/>) with every property read from
/// its element. Settings that belong to other kinds are not read, so e.g. a stray <c>camunda:assignee</c> on a
/// service task does not surface as an assignment.</summary>
internal static class NodeFactory
{
    public static FlowNode Create(XElement element, string id, ElementKind kind, IFlowScope scope,
        ImportContext context)
    {
        var name = XmlValues.Attr(element, "name");
        var isEvent = element.Name.LocalName.EndsWith("Event", StringComparison.Ordinal);
        var events = isEvent ? EventDefinitionReader.Read(element, context)
            : kind is ElementKind.ReceiveTask or ElementKind.SendTask
              && EventDefinitionReader.ReadTaskMessage(element, context) is { } message
                ? [message]
                : [];
        var isActivity = kind.IsActivity();
        var isUserTask = kind == ElementKind.UserTask;
        var assignment = isUserTask ? ExtensionReader.ReadAssignment(element) : TaskAssignment.None;
        // Start events carry the application form (一表申请), user tasks the step's form.
        var formKey = isUserTask || kind == ElementKind.StartEvent ? ExtensionReader.ReadFormKey(element) : null;
        var dueDate = isUserTask ? ExtensionReader.ReadDueDate(element) : null;
        var taskType = kind is ElementKind.ServiceTask or ElementKind.SendTask or ElementKind.BusinessRuleTask
            ? ExtensionReader.ReadTaskType(element)
            : null;
        var scriptFormat = kind == ElementKind.ScriptTask ? XmlValues.Attr(element, "scriptFormat") : null;
        var calledElement = kind == ElementKind.CallActivity ? ExtensionReader.ReadCalledElement(element) : null;
        var multiInstance = isActivity ? ExtensionReader.ReadMultiInstance(element) : null;
        var standardLoop = isActivity && element.Element(XNames.StandardLoop) is not null;
        // Zeebe also allows output mappings on catch events, so I/O is read for every node.
        var (inputs, outputs) = ExtensionReader.ReadIo(element, context);
        var action = isActivity ? OtExtensionReader.ReadAction(element) : null;
        var stepLimit = OtExtensionReader.ReadLimit(element, "stepLimit", context);
        var materials = OtExtensionReader.ReadMaterials(element, context);
        var cancelActivity = XmlValues.Bool(element.Attribute("cancelActivity")?.Value, fallback: true);
        var isInterrupting = XmlValues.Bool(element.Attribute("isInterrupting")?.Value, fallback: true);
        var forCompensation = XmlValues.Bool(element.Attribute("isForCompensation")?.Value, fallback: false);

        // Init-only properties must be set in an object initializer, hence the two near-identical blocks.
        if (NodeKinds.IsScope(kind))
        {
            return new SubProcessNode(id, kind, element.Name.LocalName, scope)
            {
                TriggeredByEvent = XmlValues.Bool(element.Attribute("triggeredByEvent")?.Value, fallback: false),
                Name = name, EventDefinitions = events, MultiInstance = multiInstance, HasStandardLoop = standardLoop,
                CancelActivity = cancelActivity, IsInterrupting = isInterrupting, Assignment = assignment,
                FormKey = formKey, DueDate = dueDate, TaskType = taskType, Action = action,
                ScriptFormat = scriptFormat, Inputs = inputs, Outputs = outputs, CalledElement = calledElement,
                StepLimit = stepLimit, Materials = materials, IsForCompensation = forCompensation,
            };
        }

        return new FlowNode(id, kind, element.Name.LocalName, scope)
        {
            Name = name, EventDefinitions = events, MultiInstance = multiInstance, HasStandardLoop = standardLoop,
            CancelActivity = cancelActivity, IsInterrupting = isInterrupting, Assignment = assignment,
            FormKey = formKey, DueDate = dueDate, TaskType = taskType, Action = action,
            ScriptFormat = scriptFormat, Inputs = inputs, Outputs = outputs, CalledElement = calledElement,
            StepLimit = stepLimit, Materials = materials, IsForCompensation = forCompensation,
        };
    }
}
