using Microsoft.AspNetCore.Http.HttpResults;
using OneThing.Cases.Casework;

namespace OneThing.Server.Api;

/// <summary>Runs a handler's work and answers the case layer's refusals (<see cref="CaseException"/>,
/// <see cref="CaseValidationException"/>, a lost concurrent update, an engine refusal) with the typed problem of the
/// union the handler declares, mapped by <see cref="ProblemResponses.Describe"/> — the same code, title and detail
/// the exception handler writes. A refusal of a kind the union does not list is left to the exception handler,
/// which answers it the same way; the union then understates, never overstates, what the endpoint answers.</summary>
public static class Refusals
{
    /// <summary>A read of one thing: found, or 404.</summary>
    public static async Task<Results<TOk, NotFoundProblem>> Read<TOk>(Func<Task<TOk>> work)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (Typed(e) is NotFoundProblem notFound)
        {
            return notFound;
        }
    }

    /// <summary>A query: answered, or its parameters are wrong (400).</summary>
    public static async Task<Results<TOk, ValidationProblem>> Query<TOk>(Func<Task<TOk>> work)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (CaseValidationException e)
        {
            return Validation.Problem(e.Errors);
        }
    }

    /// <summary>A command that creates from scratch (a draft): done, or 400, 403, 422 (a process or form not
    /// deployed); nothing exists yet to miss or to conflict with.</summary>
    public static async Task<Results<TOk, ValidationProblem, ForbiddenProblem, UnprocessableProblem>> Create<TOk>(
        Func<Task<TOk>> work) where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (Typed(e) is ValidationProblem or ForbiddenProblem or UnprocessableProblem)
        {
            return Typed(e) switch
            {
                ValidationProblem v => v,
                ForbiddenProblem f => f,
                var refusal => (UnprocessableProblem)refusal!,
            };
        }
    }

    /// <summary>A command on an existing case or task: done, or 400, 403, 404, 409.</summary>
    public static async Task<Results<TOk, ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>
        Command<TOk>(Func<Task<TOk>> work) where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (Typed(e) is { } refusal and not UnprocessableProblem)
        {
            return refusal switch
            {
                ValidationProblem v => v,
                NotFoundProblem n => n,
                ForbiddenProblem f => f,
                _ => (ConflictProblem)refusal,
            };
        }
    }

    /// <summary>As <see cref="Command{TOk}"/>, for a command that can also refuse well-formed input (422: a process
    /// or form not deployed, a storage quota).</summary>
    public static async Task<Results<TOk, ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem,
        UnprocessableProblem>> CommandOrInvalid<TOk>(Func<Task<TOk>> work) where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (Typed(e) is { } refusal)
        {
            return refusal switch
            {
                ValidationProblem v => v,
                NotFoundProblem n => n,
                ForbiddenProblem f => f,
                ConflictProblem c => c,
                _ => (UnprocessableProblem)refusal,
            };
        }
    }

    /// <summary>The typed answer of a refusal; null for anything else (a fault, a cancelled request).</summary>
    public static IResult? Typed(Exception exception)
    {
        if (exception is CaseValidationException validation)
        {
            return Validation.Problem(validation.Errors);
        }

        if (!IsRefusal(exception))
        {
            return null;
        }

        var (status, code, title, detail) = ProblemResponses.Describe(exception);
        return status switch
        {
            StatusCodes.Status404NotFound => new NotFoundProblem(code, title, detail),
            StatusCodes.Status403Forbidden => new ForbiddenProblem(code, title, detail),
            StatusCodes.Status409Conflict => new ConflictProblem(code, title, detail),
            StatusCodes.Status422UnprocessableEntity => new UnprocessableProblem(code, title, detail),
            _ => null,
        };
    }

    private static bool IsRefusal(Exception exception) => exception is CaseException
        or OneThing.Engine.Persistence.ConcurrencyConflictException or OneThing.Engine.Runtime.EngineException;
}
