using Microsoft.AspNetCore.Http.Features;

namespace OneThing.Server.Api;

/// <summary>JSON API calls carry at most <see cref="MaxJsonBodyBytes"/>; larger bodies are refused with 413 before
/// they are read, instead of being buffered up to the server's 30 MB default. BPMN and form uploads and material
/// uploads (multipart) keep their own, documented limits (10 MB, 512 KB, 10 MB), checked by their endpoints.</summary>
public static class RequestLimits
{
    /// <summary>Largest body of a JSON API call: room for the largest form data (256 K characters, 3 bytes each in
    /// UTF-8) and the fields around it.</summary>
    public const long MaxJsonBodyBytes = 2 * 1024 * 1024;

    /// <summary>Adds the limit to the pipeline.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api", StringComparison.Ordinal)
                && !path.StartsWithSegments("/api/definitions", StringComparison.Ordinal)
                && !path.StartsWithSegments("/api/forms", StringComparison.Ordinal)
                && !context.Request.HasFormContentType)
            {
                if (context.Request.ContentLength > MaxJsonBodyBytes)
                {
                    await ProblemResponses.Problem(StatusCodes.Status413PayloadTooLarge, "BODY_TOO_LARGE", "请求过大",
                        $"请求体不能超过 {MaxJsonBodyBytes / 1024 / 1024} MB").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                // Bodies without a length (chunked) stop at the limit while they are read.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = MaxJsonBodyBytes;
                }
            }

            await next(context).ConfigureAwait(false);
        });
        return app;
    }
}
