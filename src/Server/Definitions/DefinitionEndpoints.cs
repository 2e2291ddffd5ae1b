using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Feel;
using OneThing.Engine.Model;
using OneThing.Engine.Persistence;
using OneThing.Engine.Validation;
using OneThing.Server.Api;

namespace OneThing.Server.Definitions;

/// <summary>One problem of a diagram, as the API reports it.</summary>
public sealed record ProblemItem(string ElementId, string ElementType, string Severity, string Code, string Message)
{
    /// <summary>From the validator's record.</summary>
    public static ProblemItem Of(BpmnProblem p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.ElementId, p.ElementType, p.Severity == ProblemSeverity.Error ? "error" : "warning", p.Code, p.Message);
    }
}

/// <summary>The answer of <c>POST /api/definitions/validate</c>.</summary>
public sealed record ValidationReport(bool Valid, IReadOnlyList<ProblemItem> Problems);

/// <summary>One deployed process version.</summary>
public sealed record DefinitionItem(Guid Id, string ProcessId, int Version, string? Name, Guid DeploymentId,
    string FileName, DateTimeOffset DeployedAt);

/// <summary>The answer of <c>POST /api/definitions</c>.</summary>
public sealed record DeploymentReport(Guid DeploymentId, bool Created, IReadOnlyList<DefinitionItem> Definitions,
    IReadOnlyList<ProblemItem> Warnings);

/// <summary>流程定义: validate, deploy (versioned), list and download BPMN files. Analysts manage them; auditors
/// and approvers may read them.</summary>
public static class DefinitionEndpoints
{
    /// <summary>Largest BPMN file accepted, the importer's own limit.</summary>
    public const long MaxFileBytes = BpmnImportOptions.DefaultMaxBytes;

    /// <summary>How much of the body one read takes.</summary>
    private const int ReadChunkBytes = 81920;

    /// <summary>The server's backstop: one read past <see cref="MaxFileBytes"/>, so the endpoint's own check, with its
    /// own message, is what refuses a file too large.</summary>
    private const long BodyLimitBytes = MaxFileBytes + ReadChunkBytes;

    /// <summary>Maps <c>/api/definitions</c>.</summary>
    public static IEndpointRouteBuilder MapDefinitions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/definitions").WithTags("流程定义 Definitions").WithBodyLimit(BodyLimitBytes);
        group.MapPost("/validate", Validate).RequireAuthorization(Roles.Analyst)
            .Accepts<string>("application/xml", "text/xml");
        group.MapPost("/", Deploy).RequireAuthorization(Roles.Analyst).Accepts<string>("application/xml", "text/xml");
        group.MapGet("/", List).RequireAuthorization(policy => policy.RequireRole(Roles.Analyst, Roles.Auditor, Roles.Approver));
        group.MapGet("/{id:guid}/xml", Download)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Analyst, Roles.Auditor, Roles.Approver));
        return app;
    }

    /// <summary>Checks a diagram without deploying it.</summary>
    public static async Task<IResult> Validate(HttpRequest request, IDbContextFactory<EngineDbContext> contexts,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (xml, error) = await ReadBody(request).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var problems = await Check(xml!, contexts, clock, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new ValidationReport(problems.All(p => p.Severity != ProblemSeverity.Error),
            problems.Select(ProblemItem.Of).ToList()));
    }

    /// <summary>Deploys a diagram as new versions of its executable processes; refused with the problem list when
    /// the validator finds an error. Deploying an identical file again creates nothing (201 only when created).
    /// </summary>
    public static async Task<IResult> Deploy(HttpRequest request, DurableEngine engine,
        IDbContextFactory<EngineDbContext> contexts, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(engine);
        var (xml, error) = await ReadBody(request).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var problems = await Check(xml!, contexts, clock, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return ProblemResponses.Problem(StatusCodes.Status422UnprocessableEntity, "BPMN_INVALID", "流程图未通过校验",
                $"发现 {problems.Count(p => p.Severity == ProblemSeverity.Error)} 个错误，未部署",
                new Dictionary<string, object?> { ["problems"] = problems.Select(ProblemItem.Of).ToList() });
        }

        var name = request.Headers["X-File-Name"].FirstOrDefault() ?? "diagram.bpmn";
        var result = engine.Deploy(name.Length > 200 ? name[..200] : name, xml!);
        var items = await ListItems(contexts, d => d.DeploymentId == result.DeploymentId, request.HttpContext.RequestAborted)
            .ConfigureAwait(false);
        var report = new DeploymentReport(result.DeploymentId, result.Created, items,
            problems.Select(ProblemItem.Of).ToList());
        return result.Created ? TypedResults.Created($"/api/definitions?deployment={result.DeploymentId}", report)
            : TypedResults.Ok(report);
    }

    private static async Task<Ok<IReadOnlyList<DefinitionItem>>> List(IDbContextFactory<EngineDbContext> contexts,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await ListItems(contexts, _ => true, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> Download(Guid id, IDbContextFactory<EngineDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var file = await (from d in db.Definitions
                          join p in db.Deployments on d.DeploymentId equals p.Id
                          where d.Id == id
                          select new { p.Xml, d.ProcessId, d.Version }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return file is null
            ? ProblemResponses.Problem(StatusCodes.Status404NotFound, "DEFINITION_NOT_FOUND", "未找到", "流程定义不存在")
            : TypedResults.File(Encoding.UTF8.GetBytes(file.Xml), "application/xml", $"{file.ProcessId}-v{file.Version}.bpmn");
    }

    private static async Task<IReadOnlyList<DefinitionItem>> ListItems(IDbContextFactory<EngineDbContext> contexts,
        System.Linq.Expressions.Expression<Func<DefinitionRecord, bool>> filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await (from d in db.Definitions.Where(filter)
                          join p in db.Deployments on d.DeploymentId equals p.Id
                          select new { d, p.Name, p.DeployedAt }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.d.ProcessId, StringComparer.Ordinal).ThenByDescending(r => r.d.Version)
            .Select(r => new DefinitionItem(r.d.Id, r.d.ProcessId, r.d.Version, r.d.Name, r.d.DeploymentId, r.Name, r.DeployedAt))
            .ToList();
    }

    private static async Task<IReadOnlyList<BpmnProblem>> Check(string xml, IDbContextFactory<EngineDbContext> contexts,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var document = BpmnImporter.Import(xml);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var deployed = await db.Definitions.Select(d => d.ProcessId).Distinct().ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new BpmnValidator(new FeelEngine(clock)).Validate(document, deployed.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Reads the BPMN text, refusing bodies over <see cref="MaxFileBytes"/> before reading them whole.</summary>
    private static async Task<(string? Xml, IResult? Error)> ReadBody(HttpRequest request)
    {
        if (request.ContentLength > MaxFileBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[ReadChunkBytes];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? (null, ProblemResponses.Problem(StatusCodes.Status400BadRequest, "BODY_EMPTY", "请求无效", "请求体应为 BPMN 2.0 XML 文件内容"))
            : (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    private static IResult TooLarge() => ProblemResponses.Problem(StatusCodes.Status413PayloadTooLarge, "BODY_TOO_LARGE",
        "文件过大", $"BPMN 文件不能超过 {MaxFileBytes / 1024 / 1024} MB");
}
