using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace OneThing.Server.Api;

/// <summary>A refusal answered as <c>application/problem+json</c> with the platform's fields (a stable English
/// <c>code</c>, a Chinese title and detail). Each status has its own sealed type so a handler's
/// <see cref="Microsoft.AspNetCore.Http.HttpResults.Results{TResult1,TResult2}"/> union tells the OpenAPI document
/// which statuses it answers, with the <see cref="ProblemDetails"/> schema and the content type that is really sent
/// (the framework's <c>NotFound&lt;ProblemDetails&gt;</c> would declare <c>application/json</c>).</summary>
public abstract class ProblemResult : IResult, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>, IValueHttpResult
{
    /// <summary>The content type every problem is sent with.</summary>
    public const string ContentType = "application/problem+json";

    private protected ProblemResult(int status, string code, string title, string? detail,
        IReadOnlyDictionary<string, object?>? extensions)
    {
        Value = new ProblemDetails { Status = status, Title = title, Detail = detail };
        Value.Extensions["code"] = code;
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            Value.Extensions[key] = value;
        }
    }

    /// <summary>The problem as it is written.</summary>
    public ProblemDetails Value { get; }

    /// <summary>The stable code, e.g. <c>CASE_NOT_FOUND</c>.</summary>
    public string Code => (string)Value.Extensions["code"]!;

    object? IValueHttpResult.Value => Value;

    /// <inheritdoc/>
    public int? StatusCode => Value.Status;

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    /// <summary>Declares <paramref name="status"/> with the problem schema, unless the endpoint declares it already.
    /// </summary>
    internal static void Declare(EndpointBuilder builder, int status, Type? schema = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, schema ?? typeof(ProblemDetails), [ContentType]));
        }
    }
}

/// <summary>400 for a request the API cannot read (an empty body, a malformed key); field errors are a
/// <see cref="Microsoft.AspNetCore.Http.HttpResults.ValidationProblem"/> instead.</summary>
public sealed class BadRequestProblem(string code, string title, string? detail,
    IReadOnlyDictionary<string, object?>? extensions = null)
    : ProblemResult(StatusCodes.Status400BadRequest, code, title, detail, extensions), IEndpointMetadataProvider
{
    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status400BadRequest);
}

/// <summary>403: the caller may see it but not do this.</summary>
public sealed class ForbiddenProblem(string code, string title, string? detail)
    : ProblemResult(StatusCodes.Status403Forbidden, code, title, detail, null), IEndpointMetadataProvider
{
    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status403Forbidden);
}

/// <summary>404: it does not exist, or the caller may not know that it does.</summary>
public sealed class NotFoundProblem(string code, string title, string? detail)
    : ProblemResult(StatusCodes.Status404NotFound, code, title, detail, null), IEndpointMetadataProvider
{
    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status404NotFound);
}

/// <summary>409: not possible in the current state, or another request changed it first.</summary>
public sealed class ConflictProblem(string code, string title, string? detail)
    : ProblemResult(StatusCodes.Status409Conflict, code, title, detail, null), IEndpointMetadataProvider
{
    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status409Conflict);
}

/// <summary>413: the body or file is larger than the endpoint accepts.</summary>
public sealed class TooLargeProblem(string title, string detail)
    : ProblemResult(StatusCodes.Status413PayloadTooLarge, "BODY_TOO_LARGE", title, detail, null), IEndpointMetadataProvider
{
    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status413PayloadTooLarge);
}

/// <summary>422: well-formed but not acceptable (a process not deployed, a quota, a diagram with errors).</summary>
public sealed class UnprocessableProblem(string code, string title, string? detail,
    IReadOnlyDictionary<string, object?>? extensions = null)
    : ProblemResult(StatusCodes.Status422UnprocessableEntity, code, title, detail, extensions), IEndpointMetadataProvider
{
    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status422UnprocessableEntity);
}

/// <summary>401 answered by a handler itself (a failed sign-in); the authorization policies' 401 is declared by
/// <see cref="ApiConventions"/>.</summary>
public sealed class UnauthorizedProblem(string code, string title, string? detail)
    : ProblemResult(StatusCodes.Status401Unauthorized, code, title, detail, null), IEndpointMetadataProvider
{
    /// <inheritdoc/>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status401Unauthorized);
}
