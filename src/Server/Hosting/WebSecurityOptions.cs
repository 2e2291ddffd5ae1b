namespace OneThing.Server.Hosting;

/// <summary>How the server sits on the network: which proxies it trusts, TLS, cookies, security headers and the API
/// documentation; bound from <c>OneThing:Web</c>.</summary>
public sealed class WebSecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OneThing:Web";

    /// <summary>The default <see cref="ContentSecurityPolicy"/>: scripts, styles, images, fonts and API calls from this
    /// origin only, no inline scripts, no plugins, never framed. Inline styles are allowed because Element Plus and
    /// Swagger UI position popups with style attributes; a style cannot run code.</summary>
    public const string DefaultContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        + "frame-ancestors 'none'";

    /// <summary>Addresses of the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
    /// believed, besides the loopback addresses (a proxy on the same host), which always are. Forwarded headers from
    /// any other address are ignored, so a client cannot claim another address (and another rate-limit partition) or
    /// HTTPS. Default none.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (<c>10.1.0.0/16</c>; default none).</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxies in a row are unwrapped from <c>X-Forwarded-For</c> (default 1).</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>When the auth and anti-forgery cookies are marked <c>Secure</c>: <see cref="CookieSecurePolicy.SameAsRequest"/>
    /// (default: on requests that arrived over HTTPS, directly or through a trusted proxy) or
    /// <see cref="CookieSecurePolicy.Always"/> (production behind TLS: never sent over plain HTTP).</summary>
    public CookieSecurePolicy CookieSecure { get; set; } = CookieSecurePolicy.SameAsRequest;

    /// <summary>The HTTPS port plain-HTTP requests are redirected to. Unset (default), requests are redirected only when
    /// the server itself listens on an <c>https://</c> address.</summary>
    public int? HttpsPort { get; set; }

    /// <summary>How long browsers remember to use HTTPS only (<c>Strict-Transport-Security</c>, sent on HTTPS answers
    /// outside Development; default 365 days). Zero sends no HSTS.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The <c>Content-Security-Policy</c> of every answer (default <see cref="DefaultContentSecurityPolicy"/>).
    /// </summary>
    public string ContentSecurityPolicy { get; set; } = DefaultContentSecurityPolicy;

    /// <summary>Whether <c>/openapi/v1.json</c> and <c>/swagger</c> are served. Unset (default): only in the
    /// Development environment.</summary>
    public bool? ApiDocumentation { get; set; }
}
