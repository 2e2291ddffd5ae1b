using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Casework;
using OneThing.Cases.Persistence;
using OneThing.Server.Api;

namespace OneThing.Server.Cases;

/// <summary>What every case and task handler needs, bound with <c>[AsParameters]</c>: the caller, the commands, the
/// database and the request's cancellation.</summary>
/// <param name="User">The signed-in caller.</param>
/// <param name="Commands">The case commands.</param>
/// <param name="Contexts">The database.</param>
/// <param name="Aborted">Cancelled when the client goes away.</param>
public sealed record CaseServices(ClaimsPrincipal User, CaseCommands Commands,
    IDbContextFactory<PlatformDbContext> Contexts, CancellationToken Aborted)
{
    /// <summary>The caller as the case layer sees them.</summary>
    public CaseActor Actor => Actors.Of(User);

    /// <summary>Runs a command on a case or task and answers with the case as the command left it; the command's
    /// refusals become typed problems (<see cref="Refusals.Command{TOk}"/>).</summary>
    public Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<CaseDetail>,
        Microsoft.AspNetCore.Http.HttpResults.ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>
        Respond(Func<CaseCommands, CaseRecord> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Refusals.Command(() => CaseEndpoints.Respond(command(Commands), User, Contexts));
    }
}
