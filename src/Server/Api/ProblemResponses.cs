using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OneThing.Engine.Bpmn;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Server.Api;

/// <summary>Every error leaves the API as <c>application/problem+json</c> with a Chinese title and detail and a
/// stable English <c>code</c>; unexpected exceptions become a 500 without internals.</summary>
public static class ProblemResponses
{
    /// <summary>Registers problem details and the exception mapping.</summary>
    public static WebApplicationBuilder AddProblemResponses(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<KnownExceptionHandler>();
        return builder;
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

    private sealed class KnownExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception,
            CancellationToken cancellationToken)
        {
            var (status, code, title, detail) = exception switch
            {
                ConcurrencyConflictException c => (StatusCodes.Status409Conflict, c.Code, "操作冲突", c.Message),
                EngineException e when e.Code.EndsWith("NOT_FOUND", StringComparison.Ordinal) =>
                    (StatusCodes.Status404NotFound, e.Code, "未找到", e.Message),
                EngineException e => (StatusCodes.Status409Conflict, e.Code, "无法执行该操作", e.Message),
                BpmnImportException b => (StatusCodes.Status400BadRequest, b.Code, "BPMN 文件无法读取", b.Message),
                BadHttpRequestException b => (b.StatusCode, "BAD_REQUEST", "请求无效", "请求格式不正确或过大"),
                _ => (StatusCodes.Status500InternalServerError, "INTERNAL_ERROR", "服务器内部错误",
                    "服务器处理请求时出错，已记录，请稍后重试"),
            };
            httpContext.Response.StatusCode = status;
            var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
            problem.Extensions["code"] = code;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            }).ConfigureAwait(false);
        }
    }
}
