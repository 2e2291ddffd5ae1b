using OneThing.Cases.Persistence;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases;
using OneThing.Cases.Accounts;
using OneThing.Cases.Audit;
using OneThing.Cases.Casework;
using OneThing.Cases.Security;
using OneThing.Server.Api;
using OneThing.Server.Audit;
using OneThing.Server.Hosting;

using CaseCommandResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<OneThing.Server.Cases.CaseDetail>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem, OneThing.Server.Api.NotFoundProblem,
    OneThing.Server.Api.ForbiddenProblem, OneThing.Server.Api.ConflictProblem>;
using CreatedCase = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<OneThing.Server.Cases.CaseDetail>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem, OneThing.Server.Api.ForbiddenProblem,
    OneThing.Server.Api.UnprocessableProblem>;

namespace OneThing.Server.Cases;

/// <summary>办件: an applicant's application from draft to rating, the clerk's intake (综合受理), a case's detail and
/// its tamper-evident history. Who may do what is checked per row by the command classes (<see cref="CaseCommandRunner"/>) and
/// <see cref="CaseAccess"/>; the role requirements here only keep other roles out early.</summary>
public static partial class CaseEndpoints
{
    /// <summary>Registers the case layer.</summary>
    public static WebApplicationBuilder AddCases(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.AddValidatedSettings(CaseOptions.Section, new SettingRules<CaseOptions>(CaseOptions.Section)
            .Require(nameof(CaseOptions.District), o => o.District is { Length: > 0 } d && d.All(char.IsAsciiDigit),
                "应为行政区划代码（数字）")
            .Require(nameof(CaseOptions.NumberPattern), o => !string.IsNullOrWhiteSpace(o.NumberPattern), "不能为空")
            .Require(nameof(CaseOptions.LimitWarningLead), o => o.LimitWarningLead > TimeSpan.Zero, "应大于 0")
            .Require(nameof(CaseOptions.MaxCorrectionItems), o => o.MaxCorrectionItems >= 1, "应不小于 1")
            .Require(nameof(CaseOptions.MaxMaterialBytes), o => o.MaxMaterialBytes >= 1, "应不小于 1")
            .Require(nameof(CaseOptions.MaxMaterialsPerCase), o => o.MaxMaterialsPerCase >= 1, "应不小于 1")
            .Require(nameof(CaseOptions.MaxMaterialBytesPerApplicant), o => o.MaxMaterialBytesPerApplicant >= 1,
                "应不小于 1")
            .Require(nameof(CaseOptions.UrgeInterval), o => o.UrgeInterval >= TimeSpan.Zero, "不能为负")
            .Require(nameof(CaseOptions.MaxFormDataLength), o => o.MaxFormDataLength >= 2, "应不小于 2"));
        builder.Services.AddCases(options);
        builder.Services.AddHostedService<LimitWarningService>();
        return builder;
    }

    /// <summary>Maps <c>/api/cases</c>.</summary>
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var cases = app.MapGroup("/api/cases").WithTags("办件 Cases");
        cases.MapGet("/", Search).RequireAuthorization(Readers);
        cases.MapPost("/", Create).RequireAuthorization(Roles.Applicant).WithIdempotency()
            .RequireRateLimiting(RateLimits.Drafts);
        cases.MapGet("/mine", Mine).RequireAuthorization(Roles.Applicant);
        cases.MapGet("/intake", Intake).RequireAuthorization(Roles.Clerk);
        cases.MapGet("/{id:guid}", Get).RequireAuthorization(Readers);
        cases.MapPut("/{id:guid}", Update).RequireAuthorization(Roles.Applicant);
        cases.MapPost("/{id:guid}/submit", Submit).RequireAuthorization(Roles.Applicant);
        cases.MapPost("/{id:guid}/withdraw", Withdraw).RequireAuthorization(Roles.Applicant);
        cases.MapPost("/{id:guid}/accept", Accept).RequireAuthorization(Roles.Clerk);
        cases.MapPost("/{id:guid}/refuse", RefuseIntake).RequireAuthorization(Roles.Clerk);
        cases.MapPost("/{id:guid}/correction", RequestCorrection).RequireAuthorization(Roles.Clerk);
        cases.MapPost("/{id:guid}/deliver", Deliver).RequireAuthorization(Roles.Clerk);
        cases.MapPost("/{id:guid}/rating", Rate).RequireAuthorization(Roles.Applicant);
        cases.MapPost("/{id:guid}/comments", Comment)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Approver)).WithIdempotency();
        cases.MapPost("/{id:guid}/materials", AddMaterial).RequireAuthorization(Roles.Applicant)
            .Accepts<IFormFile>("multipart/form-data").WithIdempotency()
            .WithBodyLimit(MaterialBodyLimit(app.ServiceProvider.GetRequiredService<CaseOptions>()));
        cases.MapGet("/{id:guid}/materials/{materialId:guid}", DownloadMaterial).RequireAuthorization(Readers)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "application/octet-stream");
        cases.MapDelete("/{id:guid}/materials/{materialId:guid}", RemoveMaterial).RequireAuthorization(Roles.Applicant);
        cases.MapGet("/{id:guid}/history", History).RequireAuthorization(Readers);
        cases.MapGet("/{id:guid}/history/verify", Verify).RequireAuthorization(Roles.Auditor);
        return app;
    }

    /// <summary>Roles that may read cases (each only the rows <see cref="CaseAccess"/> allows).</summary>
    internal static void Readers(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Approver, Roles.Auditor);

    /// <summary>办件查询: the cases the caller may read, newest first, in keyset pages (see <see cref="CaseSearch"/>).
    /// Identity numbers are shown as the case detail shows them to the caller.</summary>
    public static Task<Results<Ok<Page<CaseSummary>>, ValidationProblem>> Search([AsParameters] CaseSearchRequest query,
        [AsParameters] CaseServices services, PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Query(async () =>
        {
            var actor = services.Actor;
            await using var db = await services.Contexts.CreateDbContextAsync(services.Aborted).ConfigureAwait(false);
            var page = await CaseSearch.RunAsync(db, actor, query.ToQuery(), protector, services.Aborted)
                .ConfigureAwait(false);
            return TypedResults.Ok(Page<CaseSummary>.Keyset(page.Items.Select(c => CaseSummary.For(c, actor)).ToList(),
                query.PageSize ?? CaseSearch.DefaultPageSize, page.NextCursor));
        });
    }

    /// <summary>Starts a draft (草稿) of a one-thing for the signed-in applicant.</summary>
    public static Task<CreatedCase> Create(CreateCaseRequest body, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Create(() =>
        {
            if (body.Applicant is null || string.IsNullOrWhiteSpace(body.ProcessId))
            {
                throw CaseValidationExceptionFor(body.Applicant is null ? "applicant" : "processId", "请选择事项并填写申请人信息");
            }

            var record = services.Applications.Create(services.Actor, new CreateDraft(body.ProcessId, body.Applicant.ToInput(), body.FormData));
            return Task.FromResult(TypedResults.Created($"/api/cases/{record.Id}",
                Detail(record, services.Actor, tasks: [], comments: [], materials: [])));
        });
    }

    /// <summary>Changes a draft or a case under correction.</summary>
    public static Task<CaseCommandResult> Update(Guid id, UpdateCaseRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Applications.Update(services.Actor, new UpdateDraft(id, body.Applicant?.ToInput(), body.FormData)));

    /// <summary>提交: the applicant submits the draft (or the corrected case).</summary>
    public static Task<CaseCommandResult> Submit(Guid id, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Applications.Submit(services.Actor, new SubmitCase(id)));

    /// <summary>撤回 before acceptance.</summary>
    public static Task<CaseCommandResult> Withdraw(Guid id, ReasonRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Applications.Withdraw(services.Actor, new WithdrawCase(id, body.Reason)));

    /// <summary>受理: the clerk accepts a submitted case; its process starts.</summary>
    public static Task<CaseCommandResult> Accept(Guid id, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Intake.Accept(services.Actor, new AcceptCase(id)));

    /// <summary>不予受理, with a reason.</summary>
    public static Task<CaseCommandResult> RefuseIntake(Guid id, ReasonRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Intake.Refuse(services.Actor, new RefuseIntake(id, body.Reason ?? "")));

    /// <summary>一次性告知补正 at intake.</summary>
    public static Task<CaseCommandResult> RequestCorrection(Guid id, CorrectionRequest body,
        [AsParameters] CaseServices services) =>
        services.Respond(() => services.Intake.RequestCorrection(services.Actor, new RequestIntakeCorrection(id, body.Items ?? [])));

    /// <summary>出件: the results were handed over.</summary>
    public static Task<CaseCommandResult> Deliver(Guid id, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Intake.Deliver(services.Actor, new DeliverCase(id)));

    /// <summary>好差评.</summary>
    public static Task<CaseCommandResult> Rate(Guid id, RatingRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Applications.Rate(services.Actor, new RateCase(id, body.Rating, body.Comment)));

    /// <summary>留言 on a case.</summary>
    public static Task<Results<Created<CommentItem>, ValidationProblem, NotFoundProblem, ForbiddenProblem,
        ConflictProblem>> Comment(Guid id, TextRequest body, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Command(() => Task.FromResult(TypedResults.Created($"/api/cases/{id}",
            CommentItem.Of(services.Applications.Comment(services.Actor, new CommentOnCase(id, body.Text))))));
    }

    /// <summary>我的办件: the applicant's own cases, newest first.</summary>
    public static Task<Results<Ok<Page<CaseSummary>>, ValidationProblem>> Mine(string? state, int? page, int? pageSize,
        [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Query(async () =>
        {
            var caseState = ParseEnum<CaseState>(state, "state");
            var me = services.Actor.UserName;
            await using var db = await services.Contexts.CreateDbContextAsync(services.Aborted).ConfigureAwait(false);
            var query = db.Set<CaseRecord>().AsNoTracking().Where(c => c.Applicant == me);
            if (caseState is not null)
            {
                query = query.Where(c => c.State == caseState);
            }

            return await Paged(query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id), page, pageSize,
                CaseSummary.Of, services.Aborted).ConfigureAwait(false);
        });
    }

    /// <summary>The intake queue; <c>idNumber</c> finds an applicant's cases by the exact identity number, through
    /// its keyed lookup hash (the numbers themselves are stored encrypted).</summary>
    public static Task<Results<Ok<Page<CaseSummary>>, ValidationProblem>> Intake(string? processId, string? idNumber,
        int? page, int? pageSize, PersonalDataProtector protector, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Query(async () =>
        {
            await using var db = await services.Contexts.CreateDbContextAsync(services.Aborted).ConfigureAwait(false);
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
                services.Aborted).ConfigureAwait(false);
        });
    }

    /// <summary>A case with everything the caller may read of it.</summary>
    public static Task<Results<Ok<CaseDetail>, NotFoundProblem>> Get(Guid id, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Read(async () =>
        {
            await using var db = await services.Contexts.CreateDbContextAsync(services.Aborted).ConfigureAwait(false);
            var record = await Readable(db, id, services.User, services.Aborted).ConfigureAwait(false);
            return TypedResults.Ok(await DetailOf(db, record, services.User, services.Aborted).ConfigureAwait(false));
        });
    }

    /// <summary>The case's tamper-evident history, oldest first.</summary>
    public static Task<Results<Ok<List<AuditEventItem>>, NotFoundProblem>> History(Guid id,
        [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Read(async () =>
        {
            await using var db = await services.Contexts.CreateDbContextAsync(services.Aborted).ConfigureAwait(false);
            await Readable(db, id, services.User, services.Aborted).ConfigureAwait(false);
            var events = await db.Set<AuditEventRecord>().AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.Seq)
                .ToListAsync(services.Aborted).ConfigureAwait(false);
            // The applicant reads the case's progress, but not what departments noted for each other (审批意见, 退回,
            // 转办, 委派, 加签, 抄送), just as the case's comments hide opinions from them; nor the sealed digests,
            // from which a short opinion could be guessed.
            var actor = services.Actor;
            var seesInternal = actor.IsStaff || actor.Is(Roles.Auditor);
            return TypedResults.Ok(events.Select(e => seesInternal ? AuditEventItem.Of(e)
                : AuditEventItem.Of(e) with { Reason = InternalCommands.Contains(e.Command) ? null : e.Reason, Facts = null })
                .ToList());
        });
    }

    /// <summary>Commands whose recorded detail is for the departments only.</summary>
    private static readonly HashSet<string> InternalCommands = new(StringComparer.Ordinal)
    {
        "task.opinion", "task.return", "task.transfer", "task.delegate", "task.add-signer", "task.remove-signer",
        "task.copy",
    };

    /// <summary>Recomputes the case's audit chain.</summary>
    public static Task<Results<Ok<AuditVerification>, NotFoundProblem>> Verify(Guid id,
        IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        return Refusals.Read(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (!await db.Set<CaseRecord>().AnyAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false))
            {
                throw new CaseException(CaseErrorKind.NotFound, "CASE_NOT_FOUND", "办件不存在");
            }

            return TypedResults.Ok(AuditTrail.Verify(db, id));
        });
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

    internal static async Task<Ok<Page<TItem>>> Paged<TRow, TItem>(IQueryable<TRow> ordered, int? page, int? pageSize,
        Func<TRow, TItem> map, CancellationToken cancellationToken)
    {
        var (number, size) = Paging.Check(page, pageSize);
        var total = await ordered.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = Paging.Offset(number, size, total) is { } skip
            ? await ordered.Skip(skip).Take(size).ToListAsync(cancellationToken).ConfigureAwait(false)
            : [];
        return TypedResults.Ok(Page<TItem>.Numbered(rows.Select(map).ToList(), total, number, size));
    }

    /// <summary>The answer of a command: the case as the command left it, with its tasks and the comments the
    /// caller may read.</summary>
    internal static async Task<Ok<CaseDetail>> Respond(CaseRecord record, ClaimsPrincipal user,
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
        // The engine instance's definition, so the web UI can draw the diagram (GET /api/definitions/{id}/xml).
        Guid? definitionId = record.InstanceId is { } instanceId
            ? await db.Set<OneThing.Engine.Persistence.InstanceRecord>().AsNoTracking().Where(i => i.Id == instanceId)
                .Select(i => (Guid?)i.DefinitionId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            : null;
        return Detail(record, actor, tasks, comments, materials) with { DefinitionId = definitionId };
    }

    private static CaseDetail Detail(CaseRecord record, CaseActor actor, IReadOnlyList<CaseTaskRecord> tasks,
        IReadOnlyList<CaseCommentRecord> comments, IReadOnlyList<MaterialItem> materials)
    {
        using var data = JsonDocument.Parse(record.FormDataJson);
        return new CaseDetail(CaseSummary.Of(record), CaseSummary.Code(record.ApplicantKind),
            CaseSummary.IdNumberFor(record, actor),
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
