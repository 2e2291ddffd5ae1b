using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Casework;
using OneThing.Cases.Persistence;
using OneThing.Server.Api;

namespace OneThing.Server.Cases;

/// <summary>What every case and task handler needs, bound with <c>[AsParameters]</c>: the caller, the command
/// classes (singletons from DI, so the OpenAPI document does not list them), the database and the request's
/// cancellation.</summary>
/// <param name="User">The signed-in caller.</param>
/// <param name="Applications">The applicant's commands (draft, submit, withdraw, rate, comment).</param>
/// <param name="Intake">The intake window's commands (受理, 不予受理, 补正, 出件).</param>
/// <param name="Tasks">The task commands (签收 … 抄送).</param>
/// <param name="CoSign">加签 and 减签.</param>
/// <param name="Moves">退回, 撤回 and 不予许可.</param>
/// <param name="Materials">The applicant's uploads.</param>
/// <param name="Contexts">The database.</param>
/// <param name="Aborted">Cancelled when the client goes away.</param>
public sealed record CaseServices(ClaimsPrincipal User, ApplicationCommands Applications, IntakeCommands Intake,
    TaskCommands Tasks, CoSignCommands CoSign, MoveCommands Moves, MaterialCommands Materials,
    IDbContextFactory<PlatformDbContext> Contexts, CancellationToken Aborted)
{
    /// <summary>The caller as the case layer sees them.</summary>
    public CaseActor Actor => Actors.Of(User);

    /// <summary>Runs a command on a case or task and answers with the case as the command left it; the command's
    /// refusals become typed problems (<see cref="Refusals.Command{TOk}"/>).</summary>
    public Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<CaseDetail>,
        Microsoft.AspNetCore.Http.HttpResults.ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>
        Respond(Func<CaseRecord> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Refusals.Command(() => CaseEndpoints.Respond(command(), User, Contexts));
    }
}
