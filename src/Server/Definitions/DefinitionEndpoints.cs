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
            .RequireAuthorization(policy => policy.RequireRole(Roles.Analyst, Roles.Auditor, Roles.Approver))
            .Produces<string>(StatusCodes.Status200OK, "application/xml");
        return app;
    }

    /// <summary>Checks a diagram without deploying it.</summary>
    public static async Task<Results<Ok<ValidationReport>, BadRequestProblem, TooLargeProblem>> Validate(
        HttpRequest request, IDbContextFactory<EngineDbContext> contexts, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBody(request).ConfigureAwait(false);
        if (body.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }

        if (body.Unreadable is { } unreadable)
        {
            return unreadable;
        }

        var check = await Check(body.Xml!, contexts, clock, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (check.Unreadable is { } notBpmn)
        {
            return notBpmn;
        }

        var problems = check.Problems;

        return TypedResults.Ok(new ValidationReport(problems.All(p => p.Severity != ProblemSeverity.Error),
            problems.Select(ProblemItem.Of).ToList()));
    }

    /// <summary>Deploys a diagram as new versions of its executable processes; refused with the problem list when
    /// the validator finds an error. Deploying an identical file again creates nothing (201 only when created).
    /// </summary>
    public static async Task<Results<Created<DeploymentReport>, Ok<DeploymentReport>, BadRequestProblem,
        TooLargeProblem, UnprocessableProblem>> Deploy(HttpRequest request, DurableEngine engine,
        IDbContextFactory<EngineDbContext> contexts, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(engine);
        var body = await ReadBody(request).ConfigureAwait(false);
        if (body.TooLarge is { } tooLarge)
        {
            return tooLarge;
        }

        if (body.Unreadable is { } unreadable)
        {
            return unreadable;
        }

        var xml = body.Xml;
        var check = await Check(xml!, contexts, clock, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (check.Unreadable is { } notBpmn)
        {
            return notBpmn;
        }

        var problems = check.Problems;

        if (problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return new UnprocessableProblem("BPMN_INVALID", "流程图未通过校验",
                $"发现 {problems.Count(p => p.Severity == ProblemSeverity.Error)} 个错误，未部署",
                new Dictionary<string, object?> { ["problems"] = problems.Select(ProblemItem.Of).ToList() });
        }

        var name = request.Headers["X-File-Name"].FirstOrDefault() ?? "diagram.bpmn";
        var result = engine.Deploy(name.Length > DeploymentRecord.MaxNameLength ? name[..DeploymentRecord.MaxNameLength] : name, xml!);
        var items = await ListItems(contexts, d => d.DeploymentId == result.DeploymentId, request.HttpContext.RequestAborted)
            .ConfigureAwait(false);
        var report = new DeploymentReport(result.DeploymentId, result.Created, items,
            problems.Select(ProblemItem.Of).ToList());
        return result.Created ? TypedResults.Created($"/api/definitions?deployment={result.DeploymentId}", report)
            : TypedResults.Ok(report);
    }

    /// <summary>Every deployed version, by process id, newest version first.</summary>
    public static async Task<Ok<IReadOnlyList<DefinitionItem>>> List(IDbContextFactory<EngineDbContext> contexts,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await ListItems(contexts, _ => true, cancellationToken).ConfigureAwait(false));

    /// <summary>The BPMN file of a deployed version.</summary>
    public static async Task<Results<FileContentHttpResult, NotFoundProblem>> Download(Guid id,
        IDbContextFactory<EngineDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var file = await (from d in db.Definitions
                          join p in db.Deployments on d.DeploymentId equals p.Id
                          where d.Id == id
                          select new { p.Xml, d.ProcessId, d.Version }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return new NotFoundProblem("DEFINITION_NOT_FOUND", "未找到", "流程定义不存在");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(file.Xml), "application/xml", $"{file.ProcessId}-v{file.Version}.bpmn");
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

    /// <summary>The validator's problems, or why the file cannot be read as BPMN at all: the importer's code and
    /// Chinese message, as the exception handler would answer it.</summary>
    private sealed record Checked(IReadOnlyList<BpmnProblem> Problems, BadRequestProblem? Unreadable = null);

    private static async Task<Checked> Check(string xml, IDbContextFactory<EngineDbContext> contexts,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        BpmnDocument document;
        try
        {
            document = BpmnImporter.Import(xml);
        }
        catch (BpmnImportException e)
        {
            var (_, code, title, detail) = ProblemResponses.Describe(e);
            return new Checked([], new BadRequestProblem(code, title, detail));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var deployed = await db.Definitions.Select(d => d.ProcessId).Distinct().ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new Checked(new BpmnValidator(new FeelEngine(clock)).Validate(document,
            deployed.ToHashSet(StringComparer.Ordinal)));
    }


    /// <summary>Reads the BPMN text, refusing bodies over <see cref="MaxFileBytes"/> before reading them whole.</summary>
    private sealed record Body(string? Xml, TooLargeProblem? TooLarge = null, BadRequestProblem? Unreadable = null);

    private static async Task<Body> ReadBody(HttpRequest request)
    {
        if (request.ContentLength > MaxFileBytes)
        {
            return new Body(null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[ReadChunkBytes];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                return new Body(null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? new Body(null, Unreadable: new BadRequestProblem("BODY_EMPTY", "请求无效", "请求体应为 BPMN 2.0 XML 文件内容"))
            : new Body(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static TooLargeProblem TooLarge() => new("文件过大", $"BPMN 文件不能超过 {MaxFileBytes / 1024 / 1024} MB");
}
