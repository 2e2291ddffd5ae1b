using OneThing.Cases.Idempotency;
using OneThing.Cases.Persistence;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OneThing.Cases.Security;

namespace OneThing.Server.Api;

/// <summary><c>Idempotency-Key</c> on creating requests: the first request with a key runs and its successful answer
/// is kept; a repeat by the same user (same method, path and body) gets that answer again (same status, body and
/// <c>Location</c>) and creates nothing. A repeat while the first still runs gets 409 <c>IDEMPOTENCY_IN_PROGRESS</c>;
/// the key on another request — another path, or the same path with another body — gets 422
/// <c>IDEMPOTENCY_KEY_REUSED</c>. A refused request (4xx) keeps no answer, so it may be retried with the same key.
/// Keys are kept for <see cref="Retention"/>; answers, which hold personal data such as whole identity numbers, are
/// kept sealed (<see cref="ProtectionPurposes.IdempotentAnswer"/>).</summary>
/// <remarks>The key is reserved in a statement of its own before the request runs and the answer stored after it,
/// so a process that dies between the request's commit and storing the answer leaves a reservation without answer;
/// after <see cref="AbandonedAfter"/> a repeat runs the request again. The reservation inserts only when the key is
/// absent, so two requests racing for one key — a double click — are an ordinary outcome, not a failed statement
/// logged as an error.</remarks>
public static class Idempotency
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>Longest key accepted.</summary>
    public const int MaxKeyLength = 100;

    /// <summary>How long a reservation without an answer blocks repeats.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    /// <summary>How long keys and answers are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private const string SqlServerProvider = "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>Answers sealed again per transaction by <see cref="Reseal"/>.</summary>
    public const int ResealBatchSize = 200;

    /// <summary>Makes the endpoint honour <see cref="Header"/>.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotentEndpoint()).AddEndpointFilter(Invoke);

    /// <summary>Keeps the body of requests with <see cref="Header"/> to idempotent endpoints readable twice, so the
    /// filter can hash what the endpoint then binds. Place after <see cref="RequestLimits.UseRequestLimits"/>, so the
    /// buffered body is already limited.</summary>
    public static WebApplication UseIdempotency(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(Header)
                && context.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpoint>() is not null)
            {
                context.Request.EnableBuffering();
            }

            return next(context);
        });
        return app;
    }

    private static async ValueTask<object?> Invoke(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Headers[Header].FirstOrDefault() is not { } key)
        {
            return await next(context).ConfigureAwait(false);
        }

        if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
        {
            return ProblemResponses.Problem(StatusCodes.Status400BadRequest, "VALIDATION_FAILED", "提交的数据有误",
                "请按提示修改后重新提交", new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]> { [Header] = [$"{Header} 应为 1 至 {MaxKeyLength} 个字符"] },
                });
        }

        var services = http.RequestServices;
        var contexts = services.GetRequiredService<IDbContextFactory<PlatformDbContext>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var reservation = new IdempotencyRecord
        {
            UserName = http.User.Identity?.Name ?? "", Key = key, Request = $"{http.Request.Method} {http.Request.Path}",
            RequestHash = await BodyHash(http.Request).ConfigureAwait(false), CreatedAt = now,
        };
        var protector = services.GetRequiredService<PersonalDataProtector>();
        if (await Reserve(contexts, protector, reservation).ConfigureAwait(false) is { } earlier)
        {
            return earlier;
        }

        object? result;
        try
        {
            result = await next(context).ConfigureAwait(false);
        }
        catch
        {
            await Release(contexts, reservation).ConfigureAwait(false);
            throw;
        }

        // A handler's typed union (Results<…>) holds the answer it chose.
        var answer = result;
        while (answer is INestedHttpResult nested)
        {
            answer = nested.Result;
        }

        if (answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success && answer is IValueHttpResult value)
        {
            var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;
            await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
            var record = await db.Set<IdempotencyRecord>()
                .SingleAsync(r => r.UserName == reservation.UserName && r.Key == key).ConfigureAwait(false);
            record.Status = success.StatusCode;
            record.Body = protector.Seal(ProtectionPurposes.IdempotentAnswer,
                AnswerContext(reservation.UserName, key), JsonSerializer.Serialize(value.Value, json.SerializerOptions));
            record.Location = answer.GetType().GetProperty("Location")?.GetValue(answer) as string;
            await db.SaveChangesAsync().ConfigureAwait(false);
        }
        else
        {
            await Release(contexts, reservation).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>SHA-256 of the body, read from the start and rewound for the endpoint. A multipart body is hashed
    /// without its boundary, which every client picks anew for each attempt; null when the body cannot be re-read.
    /// </summary>
    private static async Task<string?> BodyHash(HttpRequest request)
    {
        if (!request.Body.CanSeek)
        {
            return null;
        }

        request.Body.Position = 0;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (request.HasFormContentType && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && HeaderUtilities.RemoveQuotes(type.Boundary) is { Length: > 0 } boundary)
        {
            return Convert.ToHexStringLower(SHA256.HashData(Without(bytes, Encoding.ASCII.GetBytes(boundary.ToString()))));
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static byte[] Without(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> separator)
    {
        using var kept = new MemoryStream(bytes.Length);
        while (bytes.IndexOf(separator) is var at and >= 0)
        {
            kept.Write(bytes[..at]);
            bytes = bytes[(at + separator.Length)..];
        }

        kept.Write(bytes);
        return kept.ToArray();
    }

    /// <summary>Reserves the key; null when reserved, else the answer for a repeat.</summary>
    private static async Task<IResult?> Reserve(IDbContextFactory<PlatformDbContext> contexts,
        PersonalDataProtector protector, IdempotencyRecord reservation)
    {
        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        var (user, key, now) = (reservation.UserName, reservation.Key, reservation.CreatedAt);
        // Expired keys go first, so a key may be used again after the retention period.
        var expired = now - Retention;
        await db.Set<IdempotencyRecord>().Where(r => r.UserName == user && r.CreatedAt < expired).ExecuteDeleteAsync()
            .ConfigureAwait(false);
        if (await InsertIfAbsent(db, reservation).ConfigureAwait(false))
        {
            return null;
        }

        var existing = await db.Set<IdempotencyRecord>().SingleAsync(r => r.UserName == user && r.Key == key)
            .ConfigureAwait(false);
        if (existing.Request != reservation.Request)
        {
            return Reused($"该 {Header} 已用于另一个请求（{existing.Request}），请换一个");
        }

        if (existing.RequestHash is not null && reservation.RequestHash is not null
            && existing.RequestHash != reservation.RequestHash)
        {
            return Reused($"该 {Header} 已用于内容不同的同一请求，重试时请原样提交，新的请求请换一个 {Header}");
        }

        if (existing.Status is { } status)
        {
            return new Replay(status, existing.Body is { } body
                ? protector.Open(ProtectionPurposes.IdempotentAnswer, AnswerContext(user, key), body)
                : "null", existing.Location);
        }

        if (existing.CreatedAt > now - AbandonedAfter)
        {
            return ProblemResponses.Problem(StatusCodes.Status409Conflict, "IDEMPOTENCY_IN_PROGRESS", "操作冲突",
                "同一请求仍在处理中，请稍后重试");
        }

        // The first request's process died before it answered: this repeat runs it.
        existing.CreatedAt = now;
        existing.RequestHash = reservation.RequestHash;
        await db.SaveChangesAsync().ConfigureAwait(false);
        return null;
    }

    private static IResult Reused(string detail) => ProblemResponses.Problem(StatusCodes.Status422UnprocessableEntity,
        "IDEMPOTENCY_KEY_REUSED", "无法执行该操作", detail);

    /// <summary>Inserts the reservation unless the key is there already; true when inserted. One statement that
    /// cannot fail on the key: <c>ON CONFLICT DO NOTHING</c> on SQLite and PostgreSQL, a key-range-locked
    /// <c>NOT EXISTS</c> on SQL Server.</summary>
    private static async Task<bool> InsertIfAbsent(PlatformDbContext db, IdempotencyRecord r)
    {
        var created = r.CreatedAt.UtcTicks;
        var inserted = db.Database.ProviderName == SqlServerProvider
            ? await db.Database.ExecuteSqlAsync($"""
                INSERT INTO ot_idempotency ("UserName", "Key", "Request", "RequestHash", "CreatedAt")
                SELECT {r.UserName}, {r.Key}, {r.Request}, {r.RequestHash}, {created}
                WHERE NOT EXISTS (SELECT 1 FROM ot_idempotency WITH (UPDLOCK, HOLDLOCK)
                                  WHERE "UserName" = {r.UserName} AND "Key" = {r.Key})
                """).ConfigureAwait(false)
            : await db.Database.ExecuteSqlAsync($"""
                INSERT INTO ot_idempotency ("UserName", "Key", "Request", "RequestHash", "CreatedAt")
                VALUES ({r.UserName}, {r.Key}, {r.Request}, {r.RequestHash}, {created})
                ON CONFLICT ("UserName", "Key") DO NOTHING
                """).ConfigureAwait(false);
        return inserted == 1;
    }


    /// <summary>Seals kept answers stored in clear (before encryption) or under a replaced master key or profile,
    /// in batches of <see cref="ResealBatchSize"/>.</summary>
    /// <returns>How many answers were sealed again.</returns>
    public static int Reseal(IDbContextFactory<PlatformDbContext> contexts, PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(protector);
        var prefix = protector.CurrentPrefix;
        var total = 0;
        while (true)
        {
            using var db = contexts.CreateDbContext();
            var batch = db.Set<IdempotencyRecord>().Where(r => r.Body != null && !r.Body.StartsWith(prefix))
                .OrderBy(r => r.UserName).ThenBy(r => r.Key).Take(ResealBatchSize).ToList();
            if (batch.Count == 0)
            {
                return total;
            }

            foreach (var record in batch)
            {
                var context = AnswerContext(record.UserName, record.Key);
                record.Body = protector.Seal(ProtectionPurposes.IdempotentAnswer, context,
                    protector.Open(ProtectionPurposes.IdempotentAnswer, context, record.Body!));
            }

            db.SaveChanges();
            total += batch.Count;
        }
    }

    private static string AnswerContext(string user, string key) => user + "\n" + key;

    private static async Task Release(IDbContextFactory<PlatformDbContext> contexts, IdempotencyRecord reservation)
    {
        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        await db.Set<IdempotencyRecord>()
            .Where(r => r.UserName == reservation.UserName && r.Key == reservation.Key && r.Status == null)
            .ExecuteDeleteAsync().ConfigureAwait(false);
    }

    /// <summary>Marks endpoints that honour <see cref="Header"/>.</summary>
    internal sealed class IdempotentEndpoint;

    /// <summary>The stored answer, sent again.</summary>
    private sealed class Replay(int status, string body, string? location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            return httpContext.Response.WriteAsync(body);
        }
    }
}
