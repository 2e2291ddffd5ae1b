using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Model;

namespace OneThing.Engine.Persistence;

/// <summary>Parsed process models by definition id. A definition never changes once deployed, so a model parsed
/// once serves every command on every thread.</summary>
internal sealed class DefinitionCache
{
    private readonly ConcurrentDictionary<Guid, ProcessModel> _models = new();
    private readonly ConditionalWeakTable<ProcessModel, StrongBox<Guid>> _ids = [];

    public ProcessModel Get(EngineDbContext db, Guid definitionId)
    {
        if (_models.TryGetValue(definitionId, out var cached))
        {
            return cached;
        }

        var definition = db.Definitions.Single(d => d.Id == definitionId);
        var xml = db.Deployments.Where(d => d.Id == definition.DeploymentId).Select(d => d.Xml).Single();
        var model = BpmnImporter.Import(xml).FindProcess(definition.ProcessId)
            ?? throw new InvalidOperationException($"definition {definitionId} names a process missing from its file");
        _ids.AddOrUpdate(model, new StrongBox<Guid>(definitionId));
        return _models.GetOrAdd(definitionId, model);
    }

    public Guid IdOf(ProcessModel model) =>
        _ids.TryGetValue(model, out var box) ? box.Value : throw new InvalidOperationException("model not from this cache");
}
