using Microsoft.Extensions.FileProviders;
using OneThing.Server.Api;

namespace OneThing.Server.Hosting;

/// <summary>The web UI (src/Designer, built by Vite) served at <c>/</c>: its files as static files, and its
/// index page for every other GET that is not the server's own (<c>/api</c>, <c>/openapi</c>, <c>/swagger</c>,
/// <c>/healthz</c>), so the SPA's routes open directly and unknown API paths stay 404.</summary>
public static class WebUi
{
    private static readonly string[] ServerPrefixes = ["/openapi", "/swagger", "/healthz"];

    /// <summary>The folder of the built UI: <c>OneThing:Web:UiRoot</c>, else <c>wwwroot</c> beside the server, else
    /// <c>src/Designer/dist</c> of the repository the server runs from; null when none holds an index page.</summary>
    public static string? Root(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["OneThing:Web:UiRoot"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, "index.html")))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dist = Path.Combine(dir.FullName, "src", "Designer", "dist");
            if (File.Exists(Path.Combine(dist, "index.html")))
            {
                return dist;
            }
        }

        return null;
    }

    /// <summary>Serves the UI's files; hashed assets are cached for a year, the index page never.</summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (Root(app.Configuration) is not { } root || !Directory.Exists(root))
        {
            return app;
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context =>
            {
                context.Context.Response.Headers.CacheControl =
                    context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                        ? "public, max-age=31536000, immutable"
                        : "no-cache";
            },
        });
        return app;
    }

    /// <summary>The SPA fallback: the index page for a GET or HEAD that no endpoint matched, outside the server's own
    /// paths; those answer 404 problem+json as before. A middleware rather than a fallback endpoint, so routing's own
    /// answers stay: 405 for a known path with another method, 415 for a body of the wrong type, 404 for a POST
    /// nowhere. Call it after the endpoints are mapped.</summary>
    public static WebApplication MapWebUiFallback(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = Root(app.Configuration);
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is not null)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var request = context.Request;
            if (ApiPaths.IsApi(request)
                || ServerPrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                await ProblemResponses.Problem(StatusCodes.Status404NotFound, "NOT_FOUND", "未找到", "没有这个地址")
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var index = root is null ? null : Path.Combine(root, "index.html");
            if (index is null || !File.Exists(index))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(
                    "界面尚未构建：请在 src/Designer 运行 npm ci 和 npm run build，或设置 OneThing:Web:UiRoot。\n"
                    + "The web UI is not built: run npm ci and npm run build in src/Designer.").ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.SendFileAsync(index).ConfigureAwait(false);
        });
        return app;
    }
}
