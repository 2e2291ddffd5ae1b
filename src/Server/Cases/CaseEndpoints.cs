using OneThing.Cases.Persistence;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Audit;
using OneThing.Cases.Casework;
using OneThing.Cases.Security;
using OneThing.Server.Api;
using OneThing.Server.Audit;

namespace OneThing.Server.Cases;

/// <summary>办件: an applicant's application from draft to rating, the clerk's intake (综合受理), a case's detail and
/// its tamper-evident history. Who may do what is checked per row by <see cref="CaseCommands"/> and
/// <see cref="CaseAccess"/>; the role requirements here only keep other roles out early.</summary>
public static class CaseEndpoints
{
    /// <summary>Largest page.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Registers the case layer.</summary>
    public static WebApplicationBuilder AddCases(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(CaseOptions.Section).Get<CaseOptions>() ?? new();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<CaseCommands>();
        builder.Services.AddHostedService<LimitWarningService>();
        return builder;
    }

    /// <summary>Maps <c>/api/cases</c> and <c>/api/tasks</c>.</summary>
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var cases = app.MapGroup("/api/cases").WithTags("办件 Cases");
        cases.MapPost("/", Create).RequireAuthorization(Roles.Applicant).WithIdempotency()
            .RequireRateLimiting(RateLimits.Drafts);
        cases.MapGet("/mine", Mine).RequireAuthorization(Roles.Applicant);
        cases.MapGet("/intake", Intake).RequireAuthorization(Roles.Clerk);
        cases.MapGet("/{id:guid}", Get).RequireAuthorization(Readers);
        cases.MapPut("/{id:guid}", (Guid id, UpdateCaseRequest body, ClaimsPrincipal user, CaseCommands commands,
                IDbContextFactory<PlatformDbContext> contexts) =>
                Respond(commands.UpdateDraft(Actors.Of(user), id, body.Applicant?.ToInput(), body.FormData), user, contexts))
            .RequireAuthorization(Roles.Applicant);
        Command(cases, "/{id:guid}/submit", (c, a, id) => c.Submit(a, id)).RequireAuthorization(Roles.Applicant);
        Command<ReasonRequest>(cases, "/{id:guid}/withdraw", (c, a, id, b) => c.Withdraw(a, id, b.Reason))
            .RequireAuthorization(Roles.Applicant);
        Command(cases, "/{id:guid}/accept", (c, a, id) => c.Accept(a, id)).RequireAuthorization(Roles.Clerk);
        Command<ReasonRequest>(cases, "/{id:guid}/refuse", (c, a, id, b) => c.RefuseIntake(a, id, b.Reason ?? ""))
            .RequireAuthorization(Roles.Clerk);
        Command<CorrectionRequest>(cases, "/{id:guid}/correction", (c, a, id, b) => c.RequestCorrection(a, id, b.Items ?? []))
            .RequireAuthorization(Roles.Clerk);
        Command(cases, "/{id:guid}/deliver", (c, a, id) => c.Deliver(a, id)).RequireAuthorization(Roles.Clerk);
        Command<RatingRequest>(cases, "/{id:guid}/rating", (c, a, id, b) => c.Rate(a, id, b.Rating, b.Comment))
            .RequireAuthorization(Roles.Applicant);
        cases.MapPost("/{id:guid}/comments", (Guid id, TextRequest body, ClaimsPrincipal user, CaseCommands commands) =>
            TypedResults.Created($"/api/cases/{id}", CommentItem.Of(commands.Comment(Actors.Of(user), id, body.Text))))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Approver)).WithIdempotency();
        cases.MapPost("/{id:guid}/materials", AddMaterial).RequireAuthorization(Roles.Applicant)
            .Accepts<IFormFile>("multipart/form-data").WithIdempotency()
            .WithBodyLimit(MaterialBodyLimit(app.ServiceProvider.GetRequiredService<CaseOptions>()));
        cases.MapGet("/{id:guid}/materials/{materialId:guid}", DownloadMaterial).RequireAuthorization(Readers);
        cases.MapDelete("/{id:guid}/materials/{materialId:guid}", (Guid id, Guid materialId, ClaimsPrincipal user,
                CaseCommands commands, IDbContextFactory<PlatformDbContext> contexts) =>
                Respond(commands.RemoveMaterial(Actors.Of(user), id, materialId), user, contexts))
            .RequireAuthorization(Roles.Applicant);
        cases.MapGet("/{id:guid}/history", History).RequireAuthorization(Readers);
        cases.MapGet("/{id:guid}/history/verify", Verify).RequireAuthorization(Roles.Auditor);
        return app;
    }

    /// <summary>Maps a command on the case or task <c>id</c> that answers with the case as the command left it.
    /// </summary>
    internal static RouteHandlerBuilder Command(RouteGroupBuilder group, string pattern,
        Func<CaseCommands, CaseActor, Guid, CaseRecord> run) =>
        group.MapPost(pattern, (Guid id, ClaimsPrincipal user, CaseCommands commands,
            IDbContextFactory<PlatformDbContext> contexts) => Respond(run(commands, Actors.Of(user), id), user, contexts));

    /// <summary>As <see cref="Command"/>, with a JSON body.</summary>
    internal static RouteHandlerBuilder Command<TBody>(RouteGroupBuilder group, string pattern,
        Func<CaseCommands, CaseActor, Guid, TBody, CaseRecord> run) =>
        group.MapPost(pattern, (Guid id, TBody body, ClaimsPrincipal user, CaseCommands commands,
            IDbContextFactory<PlatformDbContext> contexts) => Respond(run(commands, Actors.Of(user), id, body), user, contexts));

    /// <summary>Roles that may read cases (each only the rows <see cref="CaseAccess"/> allows).</summary>
    internal static void Readers(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Approver, Roles.Auditor);

    private static IResult Create(CreateCaseRequest body, ClaimsPrincipal user, CaseCommands commands)
    {
        if (body.Applicant is null || string.IsNullOrWhiteSpace(body.ProcessId))
        {
            throw CaseValidationExceptionFor(body.Applicant is null ? "applicant" : "processId", "请选择事项并填写申请人信息");
        }

        var record = commands.CreateDraft(Actors.Of(user), body.ProcessId, body.Applicant.ToInput(), body.FormData);
        return TypedResults.Created($"/api/cases/{record.Id}", Detail(record, user, tasks: [], comments: [], materials: []));
    }

    /// <summary>Uploads one material: multipart form with <c>code</c> (which material) and <c>file</c>.</summary>
    private static async Task<IResult> AddMaterial(Guid id, HttpRequest request, ClaimsPrincipal user,
        CaseCommands commands, CaseOptions options)
    {
        // Refused before reading when the declared size is already too large; the form reader's own limit covers
        // bodies that do not declare one.
        var limit = MaterialBodyLimit(options);
        if (request.ContentLength > limit)
        {
            return TooLarge(options);
        }

        if (!request.HasFormContentType)
        {
            throw CaseValidationExceptionFor("file", "请以 multipart/form-data 上传文件");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions
            {
                MultipartBodyLengthLimit = limit, ValueCountLimit = 16,
            }, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options);
        }
        catch (Exception ex) when (ex is InvalidDataException
                                   || ex is IOException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The size is checked above and by the server's body limit (413); what the form reader refuses besides
            // is a body that is not well-formed multipart (no boundary, cut short, too many fields).
            throw CaseValidationExceptionFor("file", "上传内容不是有效的 multipart/form-data，请重新选择文件上传");
        }

        var file = form.Files.GetFile("file") ?? throw CaseValidationExceptionFor("file", "请选择要上传的文件");
        if (file.Length > options.MaxMaterialBytes)
        {
            return TooLarge(options);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        var material = commands.AttachMaterial(Actors.Of(user), id, form["code"].ToString(), file.FileName,
            file.ContentType, buffer.ToArray());
        return TypedResults.Created($"/api/cases/{id}/materials/{material.Id}", MaterialItem.Of(material));
    }

    /// <summary>A material's multipart body: the file and room for the part headers and the <c>code</c> field.</summary>
    private static long MaterialBodyLimit(CaseOptions options) => options.MaxMaterialBytes + MultipartOverheadBytes;

    private const int MultipartOverheadBytes = 64 * 1024;

    private static IResult TooLarge(CaseOptions options) => Api.ProblemResponses.Problem(
        StatusCodes.Status413PayloadTooLarge, "BODY_TOO_LARGE", "文件过大", $"材料文件不能超过 {options.MaxMaterialBytes / 1024 / 1024} MB");

    private static async Task<IResult> DownloadMaterial(Guid id, Guid materialId, HttpContext http, ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await Readable(db, id, user, cancellationToken).ConfigureAwait(false);
        var material = await db.Set<CaseMaterialRecord>().AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == materialId && m.CaseId == id, cancellationToken).ConfigureAwait(false)
            ?? throw new CaseException(CaseErrorKind.NotFound, "MATERIAL_NOT_FOUND", "材料不存在");
        // Served as a download only: a browser must never render an uploaded file as a page of this site.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(material.Content, material.ContentType, material.FileName);
    }

    private static async Task<IResult> Mine(ClaimsPrincipal user, IDbContextFactory<PlatformDbContext> contexts,
        string? state, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var caseState = ParseEnum<CaseState>(state, "state");
        var me = Actors.Of(user).UserName;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Set<CaseRecord>().AsNoTracking().Where(c => c.Applicant == me);
        if (caseState is not null)
        {
            query = query.Where(c => c.State == caseState);
        }

        return await Paged(query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id), page, pageSize,
            CaseSummary.Of, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The intake queue; <c>idNumber</c> finds an applicant's cases by the exact identity number, through
    /// its keyed lookup hash (the numbers themselves are stored encrypted).</summary>
    private static async Task<IResult> Intake(IDbContextFactory<PlatformDbContext> contexts,
        PersonalDataProtector protector, string? processId, string? idNumber, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Set<CaseRecord>().AsNoTracking().Where(c => c.State == CaseState.Submitted);
        if (processId is not null)
        {
            query = query.Where(c => c.ProcessId == processId);
        }

        if (!string.IsNullOrWhiteSpace(idNumber))
        {
            var hash = ApplicantIdNumbers.LookupHash(protector, idNumber);
            query = query.Where(c => c.ApplicantIdNumberHash == hash);
        }

        return await Paged(query.OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id), page, pageSize, CaseSummary.Of,
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IDbContextFactory<PlatformDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var record = await Readable(db, id, user, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await DetailOf(db, record, user, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> History(Guid id, ClaimsPrincipal user, IDbContextFactory<PlatformDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await Readable(db, id, user, cancellationToken).ConfigureAwait(false);
        var events = await db.Set<AuditEventRecord>().AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.Seq)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // The applicant reads the case's progress, but not what departments noted for each other (审批意见, 退回,
        // 转办, 委派, 加签, 抄送), just as the case's comments hide opinions from them; nor the sealed digests,
        // from which a short opinion could be guessed.
        var actor = Actors.Of(user);
        var seesInternal = actor.IsStaff || actor.Is(Roles.Auditor);
        return TypedResults.Ok(events.Select(e => seesInternal ? AuditEventItem.Of(e)
            : AuditEventItem.Of(e) with { Reason = InternalCommands.Contains(e.Command) ? null : e.Reason, Facts = null })
            .ToList());
    }

    /// <summary>Commands whose recorded detail is for the departments only.</summary>
    private static readonly HashSet<string> InternalCommands = new(StringComparer.Ordinal)
    {
        "task.opinion", "task.return", "task.transfer", "task.delegate", "task.add-signer", "task.remove-signer",
        "task.copy",
    };

    private static async Task<IResult> Verify(Guid id, IDbContextFactory<PlatformDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await db.Set<CaseRecord>().AnyAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false))
        {
            throw new CaseException(CaseErrorKind.NotFound, "CASE_NOT_FOUND", "办件不存在");
        }

        return TypedResults.Ok(AuditTrail.Verify(db, id));
    }

    internal static async Task<CaseRecord> Readable(PlatformDbContext db, Guid id, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var record = await db.Set<CaseRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            .ConfigureAwait(false);
        return record is not null && CaseAccess.CanRead(db, Actors.Of(user), record)
            ? record
            : throw new CaseException(CaseErrorKind.NotFound, "CASE_NOT_FOUND", "办件不存在");
    }

    internal static async Task<IResult> Paged<TRow, TItem>(IQueryable<TRow> ordered, int? page, int? pageSize,
        Func<TRow, TItem> map, CancellationToken cancellationToken)
    {
        var size = pageSize ?? 20;
        var number = page ?? 1;
        if (size is < 1 or > MaxPageSize || number < 1)
        {
            throw CaseValidationExceptionFor("pageSize", $"page 应不小于 1，pageSize 应在 1 至 {MaxPageSize} 之间");
        }

        var total = await ordered.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = Paging.Offset(number, size, total) is { } skip
            ? await ordered.Skip(skip).Take(size).ToListAsync(cancellationToken).ConfigureAwait(false)
            : [];
        return TypedResults.Ok(new Page<TItem>(rows.Select(map).ToList(), total, number, size));
    }

    /// <summary>The answer of a command: the case as the command left it, with its tasks and the comments the
    /// caller may read.</summary>
    internal static async Task<IResult> Respond(CaseRecord record, ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        return TypedResults.Ok(await DetailOf(db, record, user, CancellationToken.None).ConfigureAwait(false));
    }

    private static async Task<CaseDetail> DetailOf(PlatformDbContext db, CaseRecord record, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var tasks = await db.Set<CaseTaskRecord>().AsNoTracking().Where(t => t.CaseId == record.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var actor = Actors.Of(user);
        var comments = await db.Set<CaseCommentRecord>().AsNoTracking()
            .Where(c => c.CaseId == record.Id && (actor.IsStaff || actor.Is(Roles.Auditor) || c.Kind == CaseCommentKind.Public))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // Listed without their content, which only the download reads.
        var materials = await db.Set<CaseMaterialRecord>().AsNoTracking().Where(m => m.CaseId == record.Id)
            .OrderBy(m => m.UploadedAt).ThenBy(m => m.Id)
            .Select(m => new MaterialItem(m.Id, m.Code, m.FileName, m.ContentType, m.Size, m.Sha256, m.UploadedBy,
                m.UploadedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Detail(record, user, tasks, comments, materials);
    }

    private static CaseDetail Detail(CaseRecord record, ClaimsPrincipal user, IReadOnlyList<CaseTaskRecord> tasks,
        IReadOnlyList<CaseCommentRecord> comments, IReadOnlyList<MaterialItem> materials)
    {
        var actor = Actors.Of(user);
        using var data = JsonDocument.Parse(record.FormDataJson);
        return new CaseDetail(CaseSummary.Of(record), CaseSummary.Code(record.ApplicantKind),
            Actors.SeesWholeIdNumber(actor, record) ? record.ApplicantIdNumber : CaseSummary.Mask(record),
            record.Applicant, data.RootElement.Clone(),
            record.CorrectionJson is null ? null : JsonSerializer.Deserialize<List<CorrectionItem>>(record.CorrectionJson),
            record.Reason, record.Rating, record.RatingComment, record.AcceptedAt, record.DeliveredAt, record.InstanceId,
            record.Revision, tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Select(t => TaskItem.Of(t, record)).ToList(),
            comments.OrderBy(c => c.At).ThenBy(c => c.Id).Select(CommentItem.Of).ToList(),
            materials);
    }

    /// <summary>A query-string enum in the API's camelCase spelling (<c>todo</c>, <c>inProgress</c>); null when absent.
    /// </summary>
    internal static T? ParseEnum<T>(string? text, string field) where T : struct, Enum =>
        text is null ? null
        : Enum.TryParse<T>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _) && Enum.IsDefined(value) ? value
        : throw CaseValidationExceptionFor(field, $"{field} 应为以下之一：{string.Join("、", Enum.GetNames<T>().Select(n => CaseSummary.Code(Enum.Parse<T>(n))))}");

    internal static CaseValidationException CaseValidationExceptionFor(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
