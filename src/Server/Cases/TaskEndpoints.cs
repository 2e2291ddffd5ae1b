using OneThing.Cases.Persistence;
using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Server.Api;
using static OneThing.Server.Cases.CaseEndpoints;

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
        tasks.MapGet("/", Queue)
            .RequireAuthorization(p => p.RequireRole(staff));
        // Auditors read everything (CaseAccess lets them read every case), so they may read a task too.
        tasks.MapGet("/{id:guid}", Get).RequireAuthorization(p => p.RequireRole([.. staff, Roles.Auditor]));
        Command(tasks, "/{id:guid}/claim", (c, a, id) => c.Claim(a, id))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command(tasks, "/{id:guid}/release", (c, a, id) => c.Release(a, id))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command<CompleteTaskRequest>(tasks, "/{id:guid}/complete", (c, a, id, b) => c.Complete(a, id, b.FormData, b.Opinion))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command<CorrectionRequest>(tasks, "/{id:guid}/correction", (c, a, id, b) => c.RequestTaskCorrection(a, id, b.Items ?? []))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command<TransferRequest>(tasks, "/{id:guid}/transfer", (c, a, id, b) => c.Transfer(a, id, b.ToUser, b.ToDepartment, b.Reason))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command<DelegateRequest>(tasks, "/{id:guid}/delegate", (c, a, id, b) => c.Delegate(a, id, b.ToUser ?? ""))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command(tasks, "/{id:guid}/remove-signer", (c, a, id) => c.RemoveSigner(a, id))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command<ReturnRequest>(tasks, "/{id:guid}/return", (c, a, id, b) => c.Return(a, id, b.ToNodeId ?? "", b.Reason ?? ""))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command(tasks, "/{id:guid}/take-back", (c, a, id) => c.TakeBack(a, id))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command<ReasonRequest>(tasks, "/{id:guid}/refuse", (c, a, id, b) => c.Refuse(a, id, b.Reason ?? ""))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command<CopyRequest>(tasks, "/{id:guid}/copy", (c, a, id, b) => c.Copy(a, id, b.Recipients ?? []))
            .RequireAuthorization(p => p.RequireRole(staff));
        Command<UrgeRequest>(tasks, "/{id:guid}/urge", (c, a, id, b) => c.Urge(a, id, b.Message))
            .RequireAuthorization(p => p.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Approver))
            .RequireRateLimiting(RateLimits.Urges);
        tasks.MapPost("/{id:guid}/signers", (Guid id, AddSignerRequest body, ClaimsPrincipal user, CaseCommands commands) =>
            {
                var added = commands.AddSigner(Actors.Of(user), id, body.Signer ?? "", body.After);
                return TypedResults.Created($"/api/tasks/{added.Task.Id}", TaskItem.Of(added.Task, added.Case));
            })
            .RequireAuthorization(p => p.RequireRole(staff)).WithIdempotency();
        tasks.MapPost("/{id:guid}/opinions", (Guid id, TextRequest body, ClaimsPrincipal user, CaseCommands commands) =>
            {
                var comment = commands.Opinion(Actors.Of(user), id, body.Text);
                return TypedResults.Created($"/api/cases/{comment.CaseId}", CommentItem.Of(comment));
            })
            .RequireAuthorization(p => p.RequireRole(staff)).WithIdempotency();
        return app;
    }

    private static async Task<IResult> Queue(ClaimsPrincipal user, IDbContextFactory<PlatformDbContext> contexts,
        string? view, string? processId, string? state, string? caseState, int? page, int? pageSize,
        CancellationToken cancellationToken)
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

    private static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IDbContextFactory<PlatformDbContext> contexts,
        CancellationToken cancellationToken)
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
