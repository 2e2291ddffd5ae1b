using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace OneThing.Server.Hosting;

/// <summary>The server's place on the network: forwarded headers from trusted proxies only, HTTPS redirection and
/// HSTS when served over TLS, <c>Secure</c> cookies, and the security headers of every answer.</summary>
public static class WebSecurity
{
    /// <summary>Registers <see cref="WebSecurityOptions"/> and what depends on them. Call after the modules that add
    /// the cookies (accounts), so the cookie policy applies to them.</summary>
    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.AddValidatedSettings(WebSecurityOptions.Section,
            new SettingRules<WebSecurityOptions>(WebSecurityOptions.Section)
                .Require(nameof(WebSecurityOptions.KnownProxies), o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)),
                    "应为 IP 地址的列表")
                .Require(nameof(WebSecurityOptions.KnownNetworks),
                    o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "应为 CIDR 网段的列表（如 10.1.0.0/16）")
                .Require(nameof(WebSecurityOptions.ForwardLimit), o => o.ForwardLimit >= 1, "应不小于 1")
                .Require(nameof(WebSecurityOptions.HttpsPort), o => o.HttpsPort is null or (>= 1 and <= 65535),
                    "应在 1 至 65535 之间")
                .Require(nameof(WebSecurityOptions.HstsMaxAge), o => o.HstsMaxAge >= TimeSpan.Zero, "不能为负")
                .Require(nameof(WebSecurityOptions.ContentSecurityPolicy),
                    o => !string.IsNullOrWhiteSpace(o.ContentSecurityPolicy), "不能为空"));
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Host is not taken from a proxy: nothing here builds absolute links from it, and a forged host is how
            // password-reset and cache-poisoning attacks start.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = options.ForwardLimit;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Add(IPAddress.Loopback);
            forwarded.KnownProxies.Add(IPAddress.IPv6Loopback);
            foreach (var proxy in options.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in options.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
            cookie => cookie.Cookie.SecurePolicy = options.CookieSecure);
        builder.Services.PostConfigure<AntiforgeryOptions>(antiforgery =>
            antiforgery.Cookie.SecurePolicy = options.CookieSecure);
        if (options.HttpsPort is { } port)
        {
            builder.Services.AddHttpsRedirection(https => https.HttpsPort = port);
        }

        if (options.HstsMaxAge > TimeSpan.Zero)
        {
            builder.Services.AddHsts(hsts => hsts.MaxAge = options.HstsMaxAge);
        }

        return builder;
    }

    /// <summary>Adds forwarded headers, HTTPS redirection, HSTS and the security headers; call first, so every answer
    /// (errors included) carries the headers and every later middleware sees the client's scheme and address.</summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<WebSecurityOptions>();
        app.UseForwardedHeaders();
        if (options.HttpsPort is not null || ServesHttps(app.Configuration))
        {
            app.UseHttpsRedirection();
        }

        // HSTS on a developer's localhost would pin https on every other local app of that browser.
        if (options.HstsMaxAge > TimeSpan.Zero && !app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders(options);
        return app;
    }

    private static bool ServesHttps(IConfiguration configuration) =>
        (configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(configuration["HTTPS_PORTS"] ?? configuration["ASPNETCORE_HTTPS_PORTS"]);
}
