using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OneThing.Engine.Bpmn;
using OneThing.Cases.Casework;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Server.Api;

/// <summary>Every error leaves the API as <c>application/problem+json</c> with a Chinese title and detail and a
/// stable English <c>code</c>; unexpected exceptions become a 500 without internals.</summary>
public static partial class ProblemResponses
{
    /// <summary>Registers problem details and the exception mapping.</summary>
    public static WebApplicationBuilder AddProblemResponses(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Localise);
        builder.Services.AddExceptionHandler<KnownExceptionHandler>();
        // A body or parameter the framework cannot bind reaches the exception handler, which names the field, instead
        // of becoming an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Unknown fields are refused rather than ignored, so a typo or a forged field never passes silently; enums
        // travel as camelCase names only.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // Chinese stays readable, but HTML-sensitive characters (< > & ' ") in stored text always leave escaped
            // (\u003C…), so a response a browser mistakes for HTML cannot run a script someone typed into a field.
            json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        return builder;
    }

    /// <summary>Problems the framework writes itself (401/403 of the authorization policies, 404 of unknown routes,
    /// 405, 415, 429…) get a Chinese title and a stable code like every other error; problems that carry a code
    /// already are left as they are.</summary>
    private static void Localise(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var (code, title) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => ("UNAUTHENTICATED", "未登录"),
            StatusCodes.Status403Forbidden => ("FORBIDDEN", "无权操作"),
            StatusCodes.Status404NotFound => ("NOT_FOUND", "未找到"),
            StatusCodes.Status405MethodNotAllowed => ("METHOD_NOT_ALLOWED", "不支持该请求方法"),
            StatusCodes.Status413PayloadTooLarge => ("BODY_TOO_LARGE", "请求过大"),
            StatusCodes.Status415UnsupportedMediaType => ("UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型"),
            StatusCodes.Status429TooManyRequests => ("TOO_MANY_REQUESTS", "请求过于频繁"),
            >= 400 and < 500 => ("BAD_REQUEST", "请求无效"),
            _ => ("INTERNAL_ERROR", "服务器内部错误"),
        };
        problem.Title = title;
        problem.Extensions["code"] = code;
    }

    /// <summary>A problem result with the platform's fields.</summary>
    public static IResult Problem(int status, string code, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                all[key] = value;
            }
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: all);
    }

    /// <summary>The status, code, title and detail an exception is answered with: the one mapping that both the
    /// exception handler and the typed results of <see cref="Refusals"/> use.</summary>
    public static (int Status, string Code, string Title, string Detail) Describe(Exception exception) => exception switch
    {
        CaseValidationException => (StatusCodes.Status400BadRequest, Validation.Code, Validation.Title, Validation.Detail),
        CaseException c => (c.Kind switch
        {
            CaseErrorKind.NotFound => StatusCodes.Status404NotFound,
            CaseErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            CaseErrorKind.InvalidState => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        }, c.Code, c.Kind switch
        {
            CaseErrorKind.NotFound => "未找到",
            CaseErrorKind.Forbidden => "无权操作",
            _ => "无法执行该操作",
        }, c.Message),
        ConcurrencyConflictException c => (StatusCodes.Status409Conflict, c.Code, "操作冲突", c.Message),
        EngineException e when e.Code.EndsWith("NOT_FOUND", StringComparison.Ordinal) =>
            (StatusCodes.Status404NotFound, e.Code, "未找到", e.Message),
        EngineException e => (StatusCodes.Status409Conflict, e.Code, "无法执行该操作", e.Message),
        BpmnImportException b => (StatusCodes.Status400BadRequest, b.Code, "BPMN 文件无法读取", b.Message),
        BadHttpRequestException { InnerException: JsonException json } b =>
            (b.StatusCode, "BAD_REQUEST", "请求无效", JsonProblem(json)),
        BadHttpRequestException b when UnboundParameter(b) is { } parameter =>
            (b.StatusCode, "BAD_REQUEST", "请求无效", $"参数 \"{parameter}\" 的值格式不正确"),
        BadHttpRequestException b => (b.StatusCode, "BAD_REQUEST", "请求无效", "请求格式不正确或过大"),
        _ => (StatusCodes.Status500InternalServerError, "INTERNAL_ERROR", "服务器内部错误",
            "服务器处理请求时出错，已记录，请稍后重试"),
    };

    /// <summary>What is wrong with a JSON body, naming the field by its path (<c>$.applicant.name</c> →
    /// <c>applicant.name</c>). System.Text.Json says a member is unknown only in its message, which is why the
    /// message is looked at; its English text is never passed on.</summary>
    private static string JsonProblem(JsonException json)
    {
        var field = json.Path is { Length: > 1 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
            : json.Path is "$" ? null : json.Path;
        if (field is null)
        {
            return "请求体不是有效的 JSON，或类型与接口不符";
        }

        return json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"未知字段 \"{field}\""
            : $"字段 \"{field}\" 的值格式不正确";
    }

    /// <summary>The query or route parameter the framework could not convert (<c>page=abc</c>), camelCase as the
    /// API names it; its message is the only place that names it, and only the name is passed on.</summary>
    private static string? UnboundParameter(BadHttpRequestException exception) =>
        UnboundParameterPattern().Match(exception.Message) is { Success: true } match
            ? JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value)
            : null;

    [System.Text.RegularExpressions.GeneratedRegex("""^Failed to bind parameter "[^"]*? (?<name>[A-Za-z_][A-Za-z0-9_]*)" from""")]
    private static partial System.Text.RegularExpressions.Regex UnboundParameterPattern();

    private sealed class KnownExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception,
            CancellationToken cancellationToken)
        {
            var (status, code, title, detail) = Describe(exception);
            httpContext.Response.StatusCode = status;
            var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
            problem.Extensions["code"] = code;
            if (exception is CaseValidationException validation)
            {
                problem.Extensions["errors"] = validation.Errors;
            }

            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            }).ConfigureAwait(false);
        }
    }
}
