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
        var options = builder.Configuration.GetSection(WebSecurityOptions.Section).Get<WebSecurityOptions>() ?? new();
        builder.Services.AddSingleton(options);
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
                forwarded.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"{WebSecurityOptions.Section}:KnownProxies: \"{proxy}\" 不是 IP 地址"));
            }

            foreach (var network in options.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"{WebSecurityOptions.Section}:KnownNetworks: \"{network}\" 不是 CIDR 网段"));
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
