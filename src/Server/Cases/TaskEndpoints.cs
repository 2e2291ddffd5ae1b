using OneThing.Cases.Persistence;
using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Server.Api;
using CaseCommandResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<OneThing.Server.Cases.CaseDetail>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem, OneThing.Server.Api.NotFoundProblem,
    OneThing.Server.Api.ForbiddenProblem, OneThing.Server.Api.ConflictProblem>;

namespace OneThing.Server.Cases;

/// <summary>Which queue of <c>GET /api/tasks</c>.</summary>
public enum TaskView
{
    /// <summary>待办: open tasks assigned to me, or unassigned in my departments; least time left first.</summary>
    Todo,
    /// <summary>已办: tasks I ended, newest first.</summary>
    Done,
    /// <summary>抄送我的: tasks of cases copied to me, newest first.</summary>
    Copied,
}

/// <summary>审批: the queues of clerks and approvers and the operations on one task.</summary>
public static class TaskEndpoints
{
    /// <summary>Maps <c>/api/tasks</c>.</summary>
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").WithTags("审批 Tasks");
        var staff = Actors.Staff;
        tasks.MapGet("/", Queue).RequireAuthorization(p => p.RequireRole(staff));
        // Auditors read everything (CaseAccess lets them read every case), so they may read a task too.
        tasks.MapGet("/{id:guid}", Get).RequireAuthorization(p => p.RequireRole([.. staff, Roles.Auditor]));
        tasks.MapPost("/{id:guid}/claim", Claim).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/release", Release).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/complete", Complete).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/correction", RequestCorrection).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/transfer", Transfer).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/delegate", Delegate).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/remove-signer", RemoveSigner).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/return", Return).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/take-back", TakeBack).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/refuse", Refuse).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/copy", Copy).RequireAuthorization(p => p.RequireRole(staff));
        tasks.MapPost("/{id:guid}/urge", Urge)
            .RequireAuthorization(p => p.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Approver))
            .RequireRateLimiting(RateLimits.Urges);
        tasks.MapPost("/{id:guid}/signers", AddSigner).RequireAuthorization(p => p.RequireRole(staff)).WithIdempotency();
        tasks.MapPost("/{id:guid}/opinions", Opinion).RequireAuthorization(p => p.RequireRole(staff)).WithIdempotency();
        return app;
    }

    /// <summary>认领: the caller takes an open task of their department.</summary>
    public static Task<CaseCommandResult> Claim(Guid id, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Tasks.Claim(services.Actor, new ClaimTask(id)));

    /// <summary>Gives a claimed task back to its departments.</summary>
    public static Task<CaseCommandResult> Release(Guid id, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Tasks.Release(services.Actor, new ReleaseTask(id)));

    /// <summary>办理: completes the task with the step's form data and an optional 审批意见. The step's form must be
    /// deployed (422 <c>FORM_NOT_DEPLOYED</c>).</summary>
    public static Task<Results<Ok<CaseDetail>, ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem,
        UnprocessableProblem>> Complete(Guid id, CompleteTaskRequest body, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.CommandOrInvalid(() => CaseEndpoints.Respond(
            services.Tasks.Complete(services.Actor, new CompleteTask(id, body.FormData, body.Opinion)), services.User, services.Contexts));
    }

    /// <summary>一次性告知补正 from a step.</summary>
    public static Task<CaseCommandResult> RequestCorrection(Guid id, CorrectionRequest body,
        [AsParameters] CaseServices services) =>
        services.Respond(() => services.Tasks.RequestCorrection(services.Actor, new RequestTaskCorrection(id, body.Items ?? [])));

    /// <summary>转办 to a person or a department.</summary>
    public static Task<CaseCommandResult> Transfer(Guid id, TransferRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Tasks.Transfer(services.Actor, new TransferTask(id, body.ToUser, body.ToDepartment, body.Reason)));

    /// <summary>委派: someone else works the task, which comes back to the caller.</summary>
    public static Task<CaseCommandResult> Delegate(Guid id, DelegateRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Tasks.Delegate(services.Actor, new DelegateTask(id, body.ToUser ?? "")));

    /// <summary>减签: removes a co-signature not yet done.</summary>
    public static Task<CaseCommandResult> RemoveSigner(Guid id, [AsParameters] CaseServices services) =>
        services.Respond(() => services.CoSign.Remove(services.Actor, new RemoveCoSigner(id)));

    /// <summary>退回 to an earlier step.</summary>
    public static Task<CaseCommandResult> Return(Guid id, ReturnRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Moves.Return(services.Actor, new ReturnTask(id, body.ToNodeId ?? "", body.Reason ?? "")));

    /// <summary>撤回 a step the caller completed while the next has not started.</summary>
    public static Task<CaseCommandResult> TakeBack(Guid id, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Moves.TakeBack(services.Actor, new TakeBackTask(id)));

    /// <summary>不予许可, with a reason.</summary>
    public static Task<CaseCommandResult> Refuse(Guid id, ReasonRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Moves.Refuse(services.Actor, new RefuseTask(id, body.Reason ?? "")));

    /// <summary>抄送.</summary>
    public static Task<CaseCommandResult> Copy(Guid id, CopyRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Tasks.Copy(services.Actor, new CopyCase(id, body.Recipients ?? [])));

    /// <summary>催办.</summary>
    public static Task<CaseCommandResult> Urge(Guid id, UrgeRequest body, [AsParameters] CaseServices services) =>
        services.Respond(() => services.Tasks.Urge(services.Actor, new UrgeTask(id, body.Message)));

    /// <summary>加签 before (default) or after the owner; answers with the new co-signature task.</summary>
    public static Task<Results<Created<TaskItem>, ValidationProblem, NotFoundProblem, ForbiddenProblem,
        ConflictProblem>> AddSigner(Guid id, AddSignerRequest body, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Command(() =>
        {
            var added = services.CoSign.Add(services.Actor, new AddCoSigner(id, body.Signer ?? "", body.After));
            return Task.FromResult(TypedResults.Created($"/api/tasks/{added.Task.Id}", TaskItem.Of(added.Task, added.Case)));
        });
    }

    /// <summary>审批意见 on the task.</summary>
    public static Task<Results<Created<CommentItem>, ValidationProblem, NotFoundProblem, ForbiddenProblem,
        ConflictProblem>> Opinion(Guid id, TextRequest body, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Command(() =>
        {
            var comment = services.Tasks.Opinion(services.Actor, new GiveOpinion(id, body.Text));
            return Task.FromResult(TypedResults.Created($"/api/cases/{comment.CaseId}", CommentItem.Of(comment)));
        });
    }

    /// <summary>The caller's queue: 待办 (least time left first), 已办 or 抄送我的 (newest first).</summary>
    public static Task<Results<Ok<Page<TaskItem>>, ValidationProblem>> Queue(string? view, string? processId,
        string? state, string? caseState, int? page, int? pageSize, [AsParameters] CaseServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Refusals.Query(() => QueuePage(services.User, services.Contexts, view, processId, state, caseState, page,
            pageSize, services.Aborted));
    }

    private static async Task<Ok<Page<TaskItem>>> QueuePage(ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, string? view, string? processId, string? state, string? caseState,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var ofCase = CaseEndpoints.ParseEnum<CaseState>(caseState, "caseState");
        var queue = CaseEndpoints.ParseEnum<TaskView>(view, "view") ?? TaskView.Todo;
        var taskState = CaseEndpoints.ParseEnum<CaseTaskState>(state, "state");
        var actor = Actors.Of(user);
        var me = actor.UserName;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var tasks = db.Set<CaseTaskRecord>().AsNoTracking();
        switch (queue)
        {
            case TaskView.Todo:
                tasks = tasks.Where(t => t.State == CaseTaskState.Open).Where(Workable(actor));
                break;
            case TaskView.Done:
                tasks = tasks.Where(t => t.EndedBy == me && t.Outcome != "cancelled");
                if (taskState is not null)
                {
                    tasks = tasks.Where(t => t.State == taskState);
                }

                break;
            default:
                var copied = db.Set<CaseCopyRecord>().Where(c => c.Recipient == me).Select(c => c.TaskId);
                tasks = tasks.Where(t => copied.Contains(t.Id));
                break;
        }

        var rows = from t in tasks
                   join c in db.Set<CaseRecord>().AsNoTracking() on t.CaseId equals c.Id
                   select new { Task = t, Case = c };
        if (processId is not null)
        {
            rows = rows.Where(r => r.Case.ProcessId == processId);
        }

        if (ofCase is not null)
        {
            rows = rows.Where(r => r.Case.State == ofCase);
        }

        rows = queue switch
        {
            // Least time left first; tasks without a limit after those with one, oldest first.
            TaskView.Todo => rows.OrderBy(r => r.Task.DueAt == null).ThenBy(r => r.Task.DueAt)
                .ThenBy(r => r.Task.CreatedAt).ThenBy(r => r.Task.Id),
            TaskView.Done => rows.OrderByDescending(r => r.Task.EndedAt).ThenByDescending(r => r.Task.Id),
            _ => rows.OrderByDescending(r => r.Task.CreatedAt).ThenByDescending(r => r.Task.Id),
        };
        return await CaseEndpoints.Paged(rows, page, pageSize, r => TaskItem.Of(r.Task, r.Case), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Open to the actor: assigned to them, or unassigned in one of their departments (whole names only,
    /// see <see cref="CaseAccess.DepartmentList"/>).</summary>
    private static Expression<Func<CaseTaskRecord, bool>> Workable(CaseActor actor)
    {
        var task = Expression.Parameter(typeof(CaseTaskRecord), "t");
        var assignee = Expression.Property(task, nameof(CaseTaskRecord.Assignee));
        var departments = Expression.Property(task, nameof(CaseTaskRecord.Departments));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression inDepartment = Expression.Constant(false);
        foreach (var department in actor.Departments)
        {
            inDepartment = Expression.OrElse(inDepartment,
                Expression.Call(departments, contains, Expression.Constant(CaseAccess.DepartmentList([department]))));
        }

        var body = Expression.OrElse(Expression.Equal(assignee, Expression.Constant(actor.UserName, typeof(string))),
            Expression.AndAlso(Expression.Equal(assignee, Expression.Constant(null, typeof(string))), inDepartment));
        return Expression.Lambda<Func<CaseTaskRecord, bool>>(body, task);
    }

    /// <summary>One task, to whoever may read its case (404 otherwise, as for a missing task).</summary>
    public static Task<Results<Ok<TaskItem>, NotFoundProblem>> Get(Guid id, ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken) =>
        Refusals.Read(() => GetTask(id, user, contexts, cancellationToken));

    private static async Task<Ok<TaskItem>> GetTask(Guid id, ClaimsPrincipal user,
        IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var task = await db.Set<CaseTaskRecord>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
            .ConfigureAwait(false) ?? throw new CaseException(CaseErrorKind.NotFound, "TASK_NOT_FOUND", "任务不存在");
        CaseRecord record;
        try
        {
            record = await CaseEndpoints.Readable(db, task.CaseId, user, cancellationToken).ConfigureAwait(false);
        }
        catch (CaseException)
        {
            throw new CaseException(CaseErrorKind.NotFound, "TASK_NOT_FOUND", "任务不存在");
        }

        return TypedResults.Ok(TaskItem.Of(task, record));
    }
}
