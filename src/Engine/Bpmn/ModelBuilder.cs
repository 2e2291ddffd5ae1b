using System.Xml.Linq;
using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>Builds the <see cref="ProcessModel"/> of one <c>bpmn:process</c>: nodes first (recursively into
/// sub-processes), then per scope the sequence flows, boundary attachments and default flows, because BPMN lets
/// all of these refer forwards in document order.</summary>
internal sealed class ModelBuilder
{
    private readonly ImportContext _context;
    private readonly ProcessModel _process;
    private readonly HashSet<string> _flowIds = new(StringComparer.Ordinal);

    private ModelBuilder(ImportContext context, ProcessModel process)
    {
        _context = context;
        _process = process;
    }

    /// <summary>Builds the process, or returns null (after reporting) when it has no id.</summary>
    public static ProcessModel? Build(XElement processElement, ImportContext context)
    {
        if (XmlValues.Attr(processElement, "id") is not { } id)
        {
            context.Error(processElement, "ID_MISSING", "流程（process）缺少 id，已忽略");
            return null;
        }

        var process = new ProcessModel(id)
        {
            Name = XmlValues.Attr(processElement, "name"),
            IsExecutable = XmlValues.Bool(processElement.Attribute("isExecutable")?.Value, fallback: true),
            StatutoryLimit = OtExtensionReader.ReadLimit(processElement, "statutoryLimit", context),
            PromisedLimit = OtExtensionReader.ReadLimit(processElement, "promisedLimit", context),
            Documentation = OtExtensionReader.ReadDocumentation(processElement),
            Guide = OtExtensionReader.ReadGuide(processElement),
        };
        new ModelBuilder(context, process).FillScope(processElement, process, process.Add, process.Add);
        return process;
    }

    private void FillScope(XElement scopeElement, IFlowScope scope, Action<FlowNode> addNode,
        Action<SequenceFlow> addFlow)
    {
        var nodes = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        var created = new List<(FlowNode Node, XElement Element)>();
        foreach (var child in scopeElement.Elements())
        {
            if (child.Name.Namespace != XNames.Bpmn || NodeKinds.Classify(child.Name.LocalName) is not { } kind)
            {
                continue;
            }

            if (XmlValues.Attr(child, "id") is not { } id)
            {
                _context.Error(child, "ID_MISSING", $"{child.Name.LocalName} 元素缺少 id，已忽略");
                continue;
            }

            var node = NodeFactory.Create(child, id, kind, scope, _context);
            if (_flowIds.Contains(id) || !_process.Register(node))
            {
                _context.Error(child, "DUPLICATE_ID", $"id \"{id}\" 重复，已忽略后出现的 {child.Name.LocalName}");
                continue;
            }

            addNode(node);
            nodes[id] = node;
            created.Add((node, child));
            if (node is SubProcessNode subProcess)
            {
                FillScope(child, subProcess, subProcess.Add, subProcess.Add);
            }
        }

        var flows = ReadFlows(scopeElement, nodes, addFlow);
        foreach (var (node, element) in created)
        {
            if (node.Kind == ElementKind.BoundaryEvent)
            {
                Attach(node, element, nodes);
            }

            if (XmlValues.Attr(element, "default") is { } defaultId)
            {
                SetDefault(node, element, defaultId, flows);
            }
        }

        LinkCompensationHandlers(scopeElement, nodes);
    }

    /// <summary>An association between a compensation boundary event and an <c>isForCompensation</c> activity (drawn
    /// either way round) names the activity's compensation handler. Other associations are documentation.</summary>
    private static void LinkCompensationHandlers(XElement scopeElement, Dictionary<string, FlowNode> nodes)
    {
        foreach (var association in scopeElement.Elements(XNames.Association))
        {
            var source = ImportContext.Resolve(nodes, XmlValues.Attr(association, "sourceRef"));
            var target = ImportContext.Resolve(nodes, XmlValues.Attr(association, "targetRef"));
            var (boundary, handler) = IsCompensationBoundary(source) ? (source, target) : (target, source);
            if (IsCompensationBoundary(boundary) && handler is { IsForCompensation: true })
            {
                boundary!.CompensationHandler ??= handler;
            }
        }
    }

    private static bool IsCompensationBoundary(FlowNode? node) =>
        node is { Kind: ElementKind.BoundaryEvent, EventDefinition: CompensateEventDefinition };

    private Dictionary<string, SequenceFlow> ReadFlows(XElement scopeElement, Dictionary<string, FlowNode> nodes,
        Action<SequenceFlow> addFlow)
    {
        var flows = new Dictionary<string, SequenceFlow>(StringComparer.Ordinal);
        foreach (var element in scopeElement.Elements(XNames.SequenceFlow))
        {
            if (XmlValues.Attr(element, "id") is not { } id)
            {
                _context.Error(element, "ID_MISSING", "顺序流（sequenceFlow）缺少 id，已忽略");
                continue;
            }

            if (_process.FindNode(id) is not null || !_flowIds.Add(id))
            {
                _context.Error(element, "DUPLICATE_ID", $"id \"{id}\" 重复，已忽略后出现的 sequenceFlow");
                continue;
            }

            var sourceRef = XmlValues.Attr(element, "sourceRef");
            var targetRef = XmlValues.Attr(element, "targetRef");
            var source = ImportContext.Resolve(nodes, sourceRef);
            var target = ImportContext.Resolve(nodes, targetRef);
            if (source is null || target is null)
            {
                var (end, reference) = source is null ? ("起点 sourceRef", sourceRef) : ("终点 targetRef", targetRef);
                _context.Error(element, "FLOW_DANGLING",
                    $"顺序流 \"{id}\" 的{end} \"{reference}\" 在所在的流程或子流程中找不到，已忽略该顺序流");
                continue;
            }

            var condition = element.Element(XNames.ConditionExpression);
            var flow = new SequenceFlow(id, source, target, XmlValues.Text(condition))
            {
                Name = XmlValues.Attr(element, "name"),
                ConditionLanguage = condition is null ? null : XmlValues.Attr(condition, "language"),
            };
            source.AddOutgoing(flow);
            target.AddIncoming(flow);
            addFlow(flow);
            flows[id] = flow;
        }

        return flows;
    }

    private void Attach(FlowNode boundary, XElement element, Dictionary<string, FlowNode> nodes)
    {
        var reference = XmlValues.Attr(element, "attachedToRef");
        if (ImportContext.Resolve(nodes, reference) is not { } activity)
        {
            _context.Error(element, "ATTACHED_TO_DANGLING", reference is null
                ? $"边界事件 \"{boundary.Id}\" 没有 attachedToRef（所附着的活动）"
                : $"边界事件 \"{boundary.Id}\" 附着的活动 \"{reference}\" 在所在的流程或子流程中找不到");
            return;
        }

        boundary.AttachedTo = activity;
        activity.AddBoundaryEvent(boundary);
    }

    private void SetDefault(FlowNode node, XElement element, string defaultId,
        Dictionary<string, SequenceFlow> flows)
    {
        var flow = ImportContext.Resolve(flows, defaultId);
        if (flow is null || !ReferenceEquals(flow.Source, node))
        {
            _context.Error(element, "DEFAULT_FLOW_INVALID",
                $"{node} 的默认顺序流 \"{defaultId}\" 不存在或不是从该元素出发的顺序流");
            return;
        }

        node.DefaultFlow = flow;
    }
}
