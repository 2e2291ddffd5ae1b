using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Model;
using OneThing.Engine.Persistence;
using OneThing.Server.Api;

namespace OneThing.Server.Definitions;

/// <summary>A time limit as written in the diagram (<c>3wd</c>) and as a person reads it (<c>3 个工作日</c>).</summary>
public sealed record LimitText(string Raw, string Text)
{
    /// <summary>The limit's two spellings, or null for none.</summary>
    public static LimitText? Of(TimeLimit? limit)
    {
        if (limit is null)
        {
            return null;
        }

        var amount = limit.Amount.ToString(CultureInfo.InvariantCulture);
        var unit = limit.Unit switch
        {
            TimeLimitUnit.WorkingDays => "个工作日",
            TimeLimitUnit.NaturalDays => "个自然日",
            _ => "小时",
        };
        return new LimitText(limit.ToString(), $"{amount} {unit}");
    }
}

/// <summary>A material the applicant brings (<c>use="consume"</c>); <paramref name="Step"/> names the first step that
/// needs it.</summary>
public sealed record CatalogueMaterial(string Code, string Name, bool Required, string Step);

/// <summary>A result the one-thing issues (<c>use="issue"</c>).</summary>
public sealed record CatalogueResult(string Code, string Name);

/// <summary>One step of the one-thing: the departments handling it and its own limit.</summary>
public sealed record CatalogueStep(string Id, string Name, IReadOnlyList<string> Departments, LimitText? Limit);

/// <summary>The public guide (办事指南) of one deployed one-thing, newest version.</summary>
public sealed record CatalogueEntry(
    string ProcessId,
    string Name,
    int Version,
    Guid DefinitionId,
    string? Summary,
    string? Documentation,
    LimitText? StatutoryLimit,
    LimitText? PromisedLimit,
    string? StartFormKey,
    IReadOnlyList<string> Conditions,
    string? Fee,
    string? Pickup,
    IReadOnlyList<CatalogueMaterial> Materials,
    IReadOnlyList<CatalogueResult> Results,
    IReadOnlyList<CatalogueStep> Steps);

/// <summary>办事指南: the public catalogue of the one-things an applicant can apply for, read from the newest deployed
/// version of every executable process (its documentation, <c>ot:guide</c>, limits, steps and materials). Anonymous:
/// a guide is public information.</summary>
public static class CatalogueEndpoints
{
    /// <summary>Entries by definition id; a deployed definition never changes, so each is built once.</summary>
    private static readonly ConcurrentDictionary<Guid, CatalogueEntry?> Entries = new();

    /// <summary>Maps <c>/api/catalogue</c>.</summary>
    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalogue").WithTags("办事指南 Catalogue").AllowAnonymous();
        group.MapGet("/", List);
        group.MapGet("/{processId}", Get);
        return app;
    }

    /// <summary>The newest deployed version of every executable process, sorted by name.</summary>
    public static async Task<Ok<IReadOnlyList<CatalogueEntry>>> List(IDbContextFactory<EngineDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var entries = await Newest(contexts, null, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<CatalogueEntry>>(entries
            .OrderBy(e => e.Name, StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), false))
            .ThenBy(e => e.ProcessId, StringComparer.Ordinal).ToList());
    }

    /// <summary>The guide of one process, newest deployed version; 404 <c>PROCESS_NOT_FOUND</c> when none is
    /// deployed.</summary>
    public static async Task<Results<Ok<CatalogueEntry>, NotFoundProblem>> Get(string processId,
        IDbContextFactory<EngineDbContext> contexts, CancellationToken cancellationToken)
    {
        var entries = await Newest(contexts, processId, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0
            ? new NotFoundProblem("PROCESS_NOT_FOUND", "未找到", $"没有已部署的事项 \"{processId}\"")
            : TypedResults.Ok(entries[0]);
    }

    private static async Task<List<CatalogueEntry>> Newest(IDbContextFactory<EngineDbContext> contexts,
        string? processId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var definitions = db.Definitions.AsQueryable();
        if (processId is not null)
        {
            definitions = definitions.Where(d => d.ProcessId == processId);
        }

        var rows = await definitions.Select(d => new { d.Id, d.ProcessId, d.Version, d.DeploymentId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var newest = rows.GroupBy(r => r.ProcessId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.Version)!).ToList();
        var result = new List<CatalogueEntry>();
        foreach (var row in newest)
        {
            if (!Entries.TryGetValue(row.Id, out var entry))
            {
                var xml = await db.Deployments.Where(p => p.Id == row.DeploymentId).Select(p => p.Xml)
                    .SingleAsync(cancellationToken).ConfigureAwait(false);
                var model = BpmnImporter.Import(xml).FindProcess(row.ProcessId);
                entry = model is null || !model.IsExecutable ? null : Build(model, row.Id, row.Version);
                Entries[row.Id] = entry;
            }

            if (entry is not null)
            {
                result.Add(entry);
            }
        }

        return result;
    }

    /// <summary>The guide of one parsed process. Materials consumed by a step but issued by another step of the same
    /// one-thing (the licence the seal step needs) are the departments' business, not the applicant's: left out.
    /// </summary>
    internal static CatalogueEntry Build(ProcessModel model, Guid definitionId, int version)
    {
        ArgumentNullException.ThrowIfNull(model);
        var steps = Activities(model).ToList();
        var issued = steps.SelectMany(s => s.Materials).Where(m => m.Use == MaterialUse.Issue)
            .Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        var materials = new List<CatalogueMaterial>();
        var results = new List<CatalogueResult>();
        foreach (var step in steps)
        {
            foreach (var m in step.Materials)
            {
                if (m.Use == MaterialUse.Issue)
                {
                    if (results.All(r => r.Code != m.Code))
                    {
                        results.Add(new CatalogueResult(m.Code, m.Name ?? m.Code));
                    }
                }
                else if (!issued.Contains(m.Code))
                {
                    var index = materials.FindIndex(x => x.Code == m.Code);
                    if (index < 0)
                    {
                        materials.Add(new CatalogueMaterial(m.Code, m.Name ?? m.Code, m.Required, step.Name ?? step.Id));
                    }
                    else if (m.Required && !materials[index].Required)
                    {
                        materials[index] = materials[index] with { Required = true };
                    }
                }
            }
        }

        var start = model.Nodes.FirstOrDefault(n => n.Kind == ElementKind.StartEvent && n.FormKey is not null)
                    ?? model.Nodes.FirstOrDefault(n => n.Kind == ElementKind.StartEvent);
        var documentation = model.Documentation;
        return new CatalogueEntry(
            model.Id,
            model.Name ?? model.Id,
            version,
            definitionId,
            documentation?.Split("\n\n", 2)[0],
            documentation,
            LimitText.Of(model.StatutoryLimit),
            LimitText.Of(model.PromisedLimit),
            start?.FormKey,
            model.Guide?.Conditions ?? [],
            model.Guide?.Fee,
            model.Guide?.Pickup,
            materials,
            results,
            steps.Where(s => s.Kind != ElementKind.SubProcess || s.StepLimit is not null)
                .Select(s => new CatalogueStep(s.Id, s.Name ?? s.Id,
                    s.Assignment.CandidateGroups.Distinct(StringComparer.Ordinal).ToList(), LimitText.Of(s.StepLimit)))
                .ToList());
    }

    /// <summary>The activities of the process in document order, those of sub-processes after their sub-process.
    /// </summary>
    private static IEnumerable<FlowNode> Activities(IFlowScope scope)
    {
        foreach (var node in scope.Nodes)
        {
            if (node.Kind.IsActivity())
            {
                yield return node;
            }

            if (node is SubProcessNode sub)
            {
                foreach (var inner in Activities(sub))
                {
                    yield return inner;
                }
            }
        }
    }
}
