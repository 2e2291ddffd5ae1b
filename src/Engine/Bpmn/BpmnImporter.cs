using System.Xml.Linq;
using OneThing.Engine.Model;

namespace OneThing.Engine.Bpmn;

/// <summary>Reads BPMN 2.0 XML (as drawn in bpmn-js or Camunda Modeler, Camunda 7 or Zeebe flavour) into a
/// <see cref="BpmnDocument"/>. The file is read safely (see <see cref="BpmnImportOptions"/>); a file that is not
/// BPMN at all is refused with <see cref="BpmnImportException"/>, while problems inside a readable diagram are
/// listed in <see cref="BpmnDocument.ImportProblems"/> for the validator.</summary>
public static class BpmnImporter
{
    /// <summary>Imports BPMN XML held in a string.</summary>
    /// <exception cref="BpmnImportException">The text is not safe, well-formed BPMN 2.0 XML.</exception>
    public static BpmnDocument Import(string xml, BpmnImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Build(SafeXmlReader.Load(xml, options ?? BpmnImportOptions.Default));
    }

    /// <summary>Imports BPMN XML from a stream (any encoding the XML declaration names); the stream is read to
    /// its end but not closed.</summary>
    /// <exception cref="BpmnImportException">The content is not safe, well-formed BPMN 2.0 XML.</exception>
    public static BpmnDocument Import(Stream xml, BpmnImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Build(SafeXmlReader.Load(xml, options ?? BpmnImportOptions.Default));
    }

    /// <summary>Imports a BPMN file.</summary>
    /// <exception cref="BpmnImportException">The content is not safe, well-formed BPMN 2.0 XML.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static BpmnDocument ImportFile(string path, BpmnImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Import(stream, options);
    }

    private static BpmnDocument Build(XDocument xml)
    {
        var root = xml.Root!;
        if (root.Name != XNames.Definitions)
        {
            throw new BpmnImportException(BpmnImportErrorCodes.NotDefinitions,
                $"这不是 BPMN 2.0 文件：根元素应为命名空间 {BpmnNamespaces.Bpmn} 中的 definitions，实际为 "
                + $"{root.Name.LocalName}（命名空间 \"{root.Name.NamespaceName}\"）");
        }

        var context = new ImportContext();
        ReadDeclarations(root, context);
        var processes = new List<ProcessModel>();
        foreach (var element in root.Elements(XNames.Process))
        {
            if (ModelBuilder.Build(element, context) is { } process)
            {
                processes.Add(process);
            }
        }

        return new BpmnDocument(xml, processes, context.Messages, context.Errors, context.Problems);
    }

    /// <summary>Reads the root-level messages and errors that events refer to by id.</summary>
    private static void ReadDeclarations(XElement root, ImportContext context)
    {
        foreach (var element in root.Elements(XNames.Message))
        {
            if (XmlValues.Attr(element, "id") is not { } id)
            {
                context.Error(element, "ID_MISSING", "消息（message）缺少 id，已忽略");
                continue;
            }

            // Engines correlate by name; a nameless message is known by its id instead.
            if (!context.Messages.TryAdd(id, new MessageDeclaration(id, XmlValues.Attr(element, "name") ?? id)))
            {
                context.Error(element, "DUPLICATE_ID", $"id \"{id}\" 重复，已忽略后出现的 message");
                continue;
            }

            var subscription = XmlValues.Extension(element, XNames.Zeebe + "subscription");
            if (subscription is not null && XmlValues.Attr(subscription, "correlationKey") is { } key)
            {
                context.CorrelationKeys[id] = key;
            }
        }

        foreach (var element in root.Elements(XNames.Error))
        {
            if (XmlValues.Attr(element, "id") is not { } id)
            {
                context.Error(element, "ID_MISSING", "错误（error）缺少 id，已忽略");
                continue;
            }

            var declaration = new ErrorDeclaration(id, XmlValues.Attr(element, "name"), XmlValues.Attr(element, "errorCode"));
            if (!context.Errors.TryAdd(id, declaration))
            {
                context.Error(element, "DUPLICATE_ID", $"id \"{id}\" 重复，已忽略后出现的 error");
            }
        }
    }
}
