using Microsoft.AspNetCore.Http.Features;

namespace OneThing.Server.Api;

/// <summary>Every request body is limited to <see cref="MaxJsonBodyBytes"/> unless the endpoint routing chose declares
/// a limit of its own with <see cref="WithBodyLimit"/> (BPMN files, form definitions, material uploads); larger bodies
/// are refused with 413 before they are read, instead of being buffered up to the server's 30 MB default.</summary>
/// <remarks>The limit follows the endpoint, not a path prefix, so no spelling of a path (<c>/API/…</c>,
/// <c>/api//…</c>) reaches an endpoint with a larger limit than the endpoint itself declares, and requests that match
/// no endpoint get the default.</remarks>
public static class RequestLimits
{
    /// <summary>Largest body of a JSON API call: room for the largest form data (256 K characters, 3 bytes each in
    /// UTF-8) and the fields around it.</summary>
    public const long MaxJsonBodyBytes = 2 * 1024 * 1024;

    private const int BytesPerMegabyte = 1024 * 1024;

    /// <summary>Gives the endpoint a body limit of its own instead of <see cref="MaxJsonBodyBytes"/>; the endpoint
    /// still checks its own, documented limit and answers it with its own message, this is the backstop.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        builder.WithMetadata(new BodyLimit(maxBytes));
        return builder;
    }

    /// <summary>Adds the limit to the pipeline.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var max = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.MaxBytes ?? MaxJsonBodyBytes;
            if (context.Request.ContentLength > max)
            {
                await ProblemResponses.Problem(StatusCodes.Status413PayloadTooLarge, "BODY_TOO_LARGE", "请求过大",
                    $"请求体不能超过 {Megabytes(max)} MB").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            // Bodies without a length (chunked) stop at the limit while they are read.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = max;
            }

            await next(context).ConfigureAwait(false);
        });
        return app;
    }

    private static string Megabytes(long bytes) => (bytes / (double)BytesPerMegabyte).ToString("0.#",
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An endpoint's own body limit.</summary>
    private sealed record BodyLimit(long MaxBytes);
}
