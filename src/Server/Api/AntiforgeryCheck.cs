using Microsoft.AspNetCore.Antiforgery;

namespace OneThing.Server.Api;

/// <summary>Anti-forgery (double-submit token) on every state-changing request of a signed-in caller, whatever its
/// path: a browser holding the sign-in cookie must prove that the page making the request is ours, so another site —
/// a sibling host of the same government domain included, which SameSite does not stop — cannot ride on the cookie.
/// </summary>
/// <remarks>
/// <para>There is no exemption by path. Requests without a valid sign-in carry no ambient authority, so forging one
/// gains nothing the attacker could not do directly; they pass unchecked, which is what lets a browser whose cookie
/// was revoked sign in again.</para>
/// <para>Login CSRF (planting the attacker's session in the victim's browser) is closed by the login endpoint itself:
/// it reads JSON only, and a cross-site page can send <c>application/json</c> only after a CORS preflight, which this
/// server never grants; a form or <c>text/plain</c> post is answered 415 before any sign-in.</para>
/// </remarks>
public static class AntiforgeryCheck
{
    /// <summary>The header the browser sends the request token in; the token comes from
    /// <c>GET /api/auth/antiforgery</c>.</summary>
    public const string HeaderName = "X-XSRF-TOKEN";

    /// <summary>Adds the check; place it after authentication.</summary>
    public static WebApplication UseAntiforgeryCheck(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(RequireToken);
        return app;
    }

    /// <summary>Whether the method may change state (everything but GET, HEAD, OPTIONS and TRACE).</summary>
    public static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
          || HttpMethods.IsTrace(method));

    private static async Task RequireToken(HttpContext context, Func<Task> next)
    {
        if (ChangesState(context.Request.Method) && context.User.Identity?.IsAuthenticated == true
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context)
                .ConfigureAwait(false))
        {
            await ProblemResponses.Problem(StatusCodes.Status400BadRequest, "ANTIFORGERY_INVALID", "请求被拒绝",
                $"缺少或无效的防伪令牌：请先请求 GET /api/auth/antiforgery，并在请求头 {HeaderName} 中带上它")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }
}
