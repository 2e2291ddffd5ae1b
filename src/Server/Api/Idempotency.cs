using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneThing.Engine.Persistence;
using OneThing.Engine.Security;

namespace OneThing.Server.Api;

/// <summary><c>Idempotency-Key</c> on creating requests: the first request with a key runs and its successful answer
/// is kept; a repeat by the same user gets that answer again (same status, body and <c>Location</c>) and creates
/// nothing. A repeat while the first still runs gets 409 <c>IDEMPOTENCY_IN_PROGRESS</c>; the key on another request
/// gets 422 <c>IDEMPOTENCY_KEY_REUSED</c>. A refused request (4xx) keeps no answer, so it may be retried with the same
/// key. Keys are kept for <see cref="Retention"/>; answers, which hold personal data such as whole identity numbers,
/// are kept sealed (<see cref="ProtectionPurposes.IdempotentAnswer"/>).</summary>
/// <remarks>The key is reserved in a transaction of its own before the request runs and the answer stored after it,
/// so a process that dies between the request's commit and storing the answer leaves a reservation without answer;
/// after <see cref="AbandonedAfter"/> a repeat runs the request again.</remarks>
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

    /// <summary>Answers sealed again per transaction by <see cref="Reseal"/>.</summary>
    public const int ResealBatchSize = 200;

    /// <summary>Makes the endpoint honour <see cref="Header"/>.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(Invoke);

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
        var contexts = services.GetRequiredService<IDbContextFactory<EngineDbContext>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var user = http.User.Identity?.Name ?? "";
        var request = $"{http.Request.Method} {http.Request.Path}";
        if (await Reserve(contexts, services.GetRequiredService<PersonalDataProtector>(), user, key, request, now)
                .ConfigureAwait(false) is { } earlier)
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
            await Release(contexts, user, key).ConfigureAwait(false);
            throw;
        }

        if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success && result is IValueHttpResult value)
        {
            var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;
            await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
            var record = await db.Set<IdempotencyRecord>().SingleAsync(r => r.UserName == user && r.Key == key)
                .ConfigureAwait(false);
            record.Status = success.StatusCode;
            record.Body = services.GetRequiredService<PersonalDataProtector>().Seal(ProtectionPurposes.IdempotentAnswer,
                AnswerContext(user, key), JsonSerializer.Serialize(value.Value, json.SerializerOptions));
            record.Location = result.GetType().GetProperty("Location")?.GetValue(result) as string;
            await db.SaveChangesAsync().ConfigureAwait(false);
        }
        else
        {
            await Release(contexts, user, key).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Reserves the key; null when reserved, else the answer for a repeat.</summary>
    private static async Task<IResult?> Reserve(IDbContextFactory<EngineDbContext> contexts,
        PersonalDataProtector protector, string user, string key, string request, DateTimeOffset now)
    {
        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        // Expired keys go first, so a key may be used again after the retention period.
        var expired = now - Retention;
        await db.Set<IdempotencyRecord>().Where(r => r.UserName == user && r.CreatedAt < expired).ExecuteDeleteAsync()
            .ConfigureAwait(false);
        db.Add(new IdempotencyRecord { UserName = user, Key = key, Request = request, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync().ConfigureAwait(false);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is { } inner && UniqueViolation.Is(inner))
        {
            db.ChangeTracker.Clear();
        }

        var existing = await db.Set<IdempotencyRecord>().SingleAsync(r => r.UserName == user && r.Key == key)
            .ConfigureAwait(false);
        if (existing.Request != request)
        {
            return ProblemResponses.Problem(StatusCodes.Status422UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED",
                "无法执行该操作", $"该 {Header} 已用于另一个请求（{existing.Request}），请换一个");
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
        await db.SaveChangesAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Seals kept answers stored in clear (before encryption) or under a replaced master key or profile,
    /// in batches of <see cref="ResealBatchSize"/>.</summary>
    /// <returns>How many answers were sealed again.</returns>
    public static int Reseal(IDbContextFactory<EngineDbContext> contexts, PersonalDataProtector protector)
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

    private static async Task Release(IDbContextFactory<EngineDbContext> contexts, string user, string key)
    {
        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        await db.Set<IdempotencyRecord>().Where(r => r.UserName == user && r.Key == key && r.Status == null)
            .ExecuteDeleteAsync().ConfigureAwait(false);
    }

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
