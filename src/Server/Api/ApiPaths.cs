using Microsoft.AspNetCore.Routing.Patterns;

namespace OneThing.Server.Api;

/// <summary>The one place that decides whether a request is an API call (<c>/api/…</c>). Every middleware that treats
/// API calls differently (no-store, …) asks here, so no middleware can compare paths its own way and be bypassed by
/// spelling a path differently.</summary>
/// <remarks>Routing matches paths case-insensitively, so a path-prefix check that is case-sensitive, or that reads
/// the raw path where routing reads a normalised one, lets <c>/API/cases/…</c> reach an API endpoint unclassified.
/// A request is therefore an API call when the endpoint routing chose has an <c>/api</c> route pattern, or — for
/// requests no endpoint matched, and middleware that runs before routing — when its path, normalised, starts with the
/// <c>api</c> segment in any case. Kestrel already decodes percent-encoding (except <c>%2F</c>) and removes dot
/// segments before the app sees a path; <see cref="FirstSegment"/> does both again (and collapses empty segments and
/// trailing dots), because other servers (the test host, IIS in-process) do not all do the same.</remarks>
public static class ApiPaths
{
    /// <summary>The first path segment of every API call.</summary>
    public const string Segment = "api";

    /// <summary>Whether the request is an API call.</summary>
    public static bool IsApi(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern: var pattern } && IsApi(pattern))
        {
            return true;
        }

        return IsApiPath(request.PathBase.Add(request.Path).Value);
    }

    /// <summary>Whether a raw path, normalised as <see cref="FirstSegment"/> does, is under <c>/api</c>.</summary>
    public static bool IsApiPath(string? path) =>
        string.Equals(FirstSegment(path), Segment, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first segment of the path after percent-decoding (<c>%2F</c> included), dropping empty and
    /// <c>.</c> segments, resolving <c>..</c>, and trimming trailing dots and spaces from a segment; empty for the
    /// root.</summary>
    public static string FirstSegment(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "";
        }

        // Decoding twice catches a doubly encoded separator (%252F) that a proxy in front might decode once more.
        var decoded = Uri.UnescapeDataString(Uri.UnescapeDataString(path)).Replace('\\', '/');
        var segments = new List<string>();
        foreach (var raw in decoded.Split('/'))
        {
            var segment = raw.TrimEnd('.', ' ');
            if (raw == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment.Length > 0)
            {
                segments.Add(segment);
            }
        }

        return segments.Count > 0 ? segments[0] : "";
    }

    private static bool IsApi(RoutePattern pattern) =>
        pattern.PathSegments.Count > 0
        && pattern.PathSegments[0].Parts is [RoutePatternLiteralPart { Content: var literal }]
        && string.Equals(literal, Segment, StringComparison.OrdinalIgnoreCase);
}
