using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace OneThing.Server.Tests.TestSupport;

/// <summary>The test host has no sockets: a request names the peer address it comes from in <see cref="Header"/>,
/// set before anything else runs (forwarded headers, rate limits).</summary>
public static class PeerAddress
{
    /// <summary>The test-only header.</summary>
    public const string Header = "X-Test-Peer";

    /// <summary>Sets the connection's remote address from <see cref="Header"/>.</summary>
    internal sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].FirstOrDefault(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return following(context);
            });
            next(app);
        };
    }
}
