using OneThing.Server.Api;

namespace OneThing.Server.Hosting;

/// <summary>The headers every answer carries, and <c>Cache-Control: no-store</c> on every API answer: API answers
/// carry cases, applicants and accounts, which neither the browser nor a proxy on the way may keep.</summary>
public static class SecurityHeaders
{
    /// <summary>What <c>Cache-Control</c> API answers get unless the endpoint set one itself.</summary>
    public const string NoStore = "no-store";

    private const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>Adds the headers when each answer starts, so answers written by later middleware and by the exception
    /// handler (which clears the headers of a failed answer) get them too.</summary>
    internal static void UseSecurityHeaders(this WebApplication app, WebSecurityOptions options)
    {
        app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                var headers = response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers.ContentSecurityPolicy = options.ContentSecurityPolicy;
                if (ApiPaths.IsApi(context.Request) && string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = NoStore;
                    headers.Pragma = "no-cache";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
