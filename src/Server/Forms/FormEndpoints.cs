using OneThing.Cases.Persistence;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Forms;
using OneThing.Server.Api;

namespace OneThing.Server.Forms;

/// <summary>A deployed form version.</summary>
public sealed record FormItem(string Key, int Version, DateTimeOffset DeployedAt, bool Created);

/// <summary>表单: form-js schemas found by the <c>formKey</c> of start events and user tasks. Analysts deploy them
/// (versioned; an identical schema is a no-op); anyone signed in reads them to render a form.</summary>
public static class FormEndpoints
{
    /// <summary>The server's backstop for a form definition of <see cref="FormSchema.MaxJsonLength"/> characters, each
    /// at most three bytes in UTF-8; the endpoint's own check refuses what is too long.</summary>
    private const long BodyLimitBytes = (FormSchema.MaxJsonLength + 1L) * MaxUtf8BytesPerChar;

    private const int MaxUtf8BytesPerChar = 3;

    /// <summary>Maps <c>/api/forms</c>.</summary>
    public static IEndpointRouteBuilder MapForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/api/forms").WithTags("表单 Forms");
        forms.MapPut("/{**key}", Deploy).RequireAuthorization(Roles.Analyst).Accepts<string>("application/json")
            .WithBodyLimit(BodyLimitBytes);
        forms.MapGet("/{**key}", Get).RequireAuthorization()
            .Produces<Dictionary<string, System.Text.Json.JsonElement>>(StatusCodes.Status200OK, "application/json");
        return app;
    }

    /// <summary>Stores a schema as the next version of its key unless it equals the newest one.</summary>
    public static FormItem DeployForm(PlatformDbContext db, string key, string json, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        FormSchema.Parse(json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        var newest = db.Set<FormRecord>().Where(f => f.Key == key).OrderByDescending(f => f.Version).FirstOrDefault();
        if (newest?.Hash == hash)
        {
            return new FormItem(key, newest.Version, newest.DeployedAt, false);
        }

        var record = new FormRecord
        {
            Id = Guid.CreateVersion7(), Key = key, Version = (newest?.Version ?? 0) + 1, Hash = hash, Json = json,
            DeployedAt = now,
        };
        db.Add(record);
        db.SaveChanges();
        return new FormItem(key, record.Version, now, true);
    }

    /// <summary>Deploys a form-js schema under <paramref name="key"/> (201 when a new version was stored, 200 when
    /// it equals the newest).</summary>
    public static async Task<Results<Created<FormItem>, Ok<FormItem>, BadRequestProblem, TooLargeProblem,
        UnprocessableProblem>> Deploy(string key, HttpRequest request, IDbContextFactory<PlatformDbContext> contexts,
        TimeProvider clock)
    {
        if (key.Length is 0 or > FormRecord.MaxKeyLength || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return new BadRequestProblem("FORM_KEY_INVALID", "请求无效", $"表单键应为 1 至 {FormRecord.MaxKeyLength} 个字符，不含空白");
        }

        if (request.ContentLength > FormSchema.MaxJsonLength)
        {
            return TooLarge();
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[FormSchema.MaxJsonLength + 1];
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (read > FormSchema.MaxJsonLength)
        {
            return TooLarge();
        }

        var json = new string(buffer, 0, read);
        FormItem item;
        try
        {
            await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
            item = DeployForm(db, key, json, clock.GetUtcNow());
        }
        catch (FormSchemaException ex)
        {
            return new UnprocessableProblem("FORM_INVALID", "表单定义无效", ex.Message);
        }

        return item.Created ? TypedResults.Created($"/api/forms/{key}", item) : TypedResults.Ok(item);
    }

    /// <summary>The newest schema of <paramref name="key"/>, as deployed.</summary>
    public static async Task<Results<ContentHttpResult, NotFoundProblem>> Get(string key, IDbContextFactory<PlatformDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var json = await db.Set<FormRecord>().AsNoTracking().Where(f => f.Key == key).OrderByDescending(f => f.Version)
            .Select(f => f.Json).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return new NotFoundProblem("FORM_NOT_FOUND", "未找到", $"表单 \"{key}\" 不存在");
        }

        return TypedResults.Text(json, "application/json", Encoding.UTF8);
    }

    private static TooLargeProblem TooLarge() => new("文件过大", $"表单定义不能超过 {FormSchema.MaxJsonLength / 1024} KB");
}
