using OneThing.Cases.Persistence;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Audit;
using OneThing.Cases.Casework;
using OneThing.Server.Cli;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Audit;

/// <summary>The proof the issue asks for: every column of every case table, changed with SQL behind the application's
/// back, is named by <c>verify</c> — the case (number and id) and the fact (table and column).</summary>
public sealed class CaseFactSealTests
{
    /// <summary>Columns that are the row's identity or its case's: changing them moves the row, so the fact named is
    /// the row (its table), not a column.</summary>
    private static readonly HashSet<string> RowIdentity = new(StringComparer.Ordinal) { "Id", "CaseId" };

    [Fact]
    public async Task Verify_EachColumnOfEachCaseTableChangedWithSql_NamesTheCaseAndTheFact()
    {
        using var factory = new OneThingFactory();
        var (id, number, auditor) = await RatedCase(factory);
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var sealedTables = CaseFacts.Tables(db).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var caseTables = db.Model.GetEntityTypes().Where(e => e.GetTableName()!.StartsWith("ot_case", StringComparison.Ordinal)).ToList();
        Assert.Equal(caseTables.Select(e => e.GetTableName()!).Order(),
            sealedTables.Keys.Concat(CaseFacts.ExcludedTables.Keys).Order());

        var changed = 0;
        foreach (var entity in caseTables.Where(e => sealedTables.ContainsKey(e.GetTableName()!)))
        {
            var table = entity.GetTableName()!;
            var row = FirstRow(db, entity, id);
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                var original = property.GetGetter().GetClrValue(row);
                var replacement = Changed(table, column, original);
                Update(db, entity, row, property, replacement);
                var result = await Verified(auditor, id);
                Restore(db, entity, row, property, original, replacement);

                if (CaseFacts.ExcludedColumns.ContainsKey($"{table}.{column}"))
                {
                    Assert.True(result is null, $"{table}.{column} is excluded, yet verify reported {result}");
                    continue;
                }

                Assert.True(result is not null, $"changing {table}.{column} went unnoticed");
                var fact = RowIdentity.Contains(column) ? table : $"{table}.{column}";
                Assert.Equal(fact, result.Value.GetProperty("fact").GetString());
                var problem = result.Value.GetProperty("problem").GetString()!;
                if (!RowIdentity.Contains(column))
                {
                    var chinese = sealedTables[table].Columns.Single(c => c.Name == column).ChineseName;
                    Assert.NotEqual(column, chinese);
                    Assert.Contains(chinese, problem, StringComparison.Ordinal);
                }

                if (table != "ot_case" || column is not ("Id" or "Number"))
                {
                    Assert.Equal(number, result.Value.GetProperty("caseNumber").GetString());
                }

                changed++;
            }
        }

        Assert.True(changed > 60, $"only {changed} columns were tried");
        Assert.True((await Get(auditor, "/api/audit/verify")).GetProperty("intact").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Verify_RatingChangedFrom5To1WithSql_NamesTheCaseAndTheRating(string provider)
    {
        using var factory = new OneThingFactory(provider);
        var (id, number, auditor) = await RatedCase(factory);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE ot_case SET \"Rating\" = 1 WHERE \"Id\" = {Guid.Parse(id)}");
        }

        var one = await Get(auditor, $"/api/cases/{id}/history/verify");
        Assert.False(one.GetProperty("intact").GetBoolean());
        Assert.Equal("ot_case.Rating", one.GetProperty("fact").GetString());
        Assert.Equal(number, one.GetProperty("caseNumber").GetString());
        Assert.Contains("评价", one.GetProperty("problem").GetString(), StringComparison.Ordinal);
        var all = await Get(auditor, "/api/audit/verify");
        Assert.Equal("ot_case.Rating", Assert.Single(all.GetProperty("broken").EnumerateArray()).GetProperty("fact").GetString());

        if (provider == "sqlite")
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.Equal(VerifyCommand.ExitBroken, VerifyCommand.Run(["--data-dir", factory.DataDir], stdout, stderr));
            var line = Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"办件 {number}（{id}） [ot_case.Rating]: 办件的评价（ot_case.Rating", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verify_OpinionAndStepFormDataChangedWithSql_NamesEach()
    {
        using var factory = new OneThingFactory();
        var (id, _, auditor) = await RatedCase(factory);
        var caseId = Guid.Parse(id);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        var step = await db.Set<CaseTaskRecord>().AsNoTracking().SingleAsync(t => t.CaseId == caseId && t.NodeId == "NameDeclaration");
        Assert.Equal("上海一件事科技有限公司", JsonDocument.Parse(step.FormDataJson!).RootElement.GetProperty("approvedName").GetString());

        await db.Database.ExecuteSqlAsync($"UPDATE ot_case_comment SET \"Text\" = '不同意' WHERE \"CaseId\" = {caseId} AND \"Text\" = '名称可用'");
        Assert.Equal("ot_case_comment.Text", (await Verified(auditor, id))!.Value.GetProperty("fact").GetString());
        await db.Database.ExecuteSqlAsync($"UPDATE ot_case_comment SET \"Text\" = '名称可用' WHERE \"CaseId\" = {caseId} AND \"Text\" = '不同意'");

        await db.Database.ExecuteSqlAsync($"UPDATE ot_case_task SET \"FormDataJson\" = '{{\"approvedName\":\"别的公司\"}}' WHERE \"Id\" = {step.Id}");
        var result = (await Verified(auditor, id))!.Value;
        Assert.Equal("ot_case_task.FormDataJson", result.GetProperty("fact").GetString());
        Assert.Contains("环节提交的表单数据", result.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A 企业开办 case taken from application to rating 5, with a material, an opinion, a copy and a step's
    /// form data, so every case table has a row of it.</summary>
    private static async Task<(string Id, string Number, HttpClient Auditor)> RatedCase(OneThingFactory factory)
    {
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        using var tax = await factory.SignInAsync("approver-tax");
        using var police = await factory.SignInAsync("approver-police");
        using var hr = await factory.SignInAsync("approver-hrss");
        var auditor = await factory.SignInAsync("auditor");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "qiye-kaiban",
            applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = ApplyForm(),
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        var file = new ByteArrayContent("%PDF-1.4 章程"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using (var upload = new MultipartFormDataContent { { new StringContent("公司章程"), "code" }, { file, "file", "章程.pdf" } })
        {
            using var uploaded = await applicant.PostAsync(new Uri($"/api/cases/{id}/materials", UriKind.Relative), upload);
            await Ok(uploaded, HttpStatusCode.Created);
        }

        await Post(applicant, $"/api/cases/{id}/submit");
        await Post(clerk, $"/api/cases/{id}/accept");
        var name = (await OpenTasks(approver, id))["NameDeclaration"];
        await Post(approver, $"/api/tasks/{name}/copy", new { recipients = new[] { "approver-tax" } });
        await Post(approver, $"/api/tasks/{name}/complete",
            new { formData = new { approvedName = "上海一件事科技有限公司" }, opinion = "名称可用" });
        await Post(approver, $"/api/tasks/{(await OpenTasks(approver, id))["Registration"]}/complete", RegistrationForm);
        var parallel = await OpenTasks(approver, id);
        await Post(police, $"/api/tasks/{parallel["Seal"]}/complete");
        await Post(tax, $"/api/tasks/{parallel["TaxRegistration"]}/complete");
        await Post(hr, $"/api/tasks/{parallel["SocialInsurance"]}/complete");
        await Post(clerk, $"/api/tasks/{(await OpenTasks(clerk, id))["Delivery"]}/complete");
        await Post(clerk, $"/api/cases/{id}/deliver");
        var rated = await Post(applicant, $"/api/cases/{id}/rating", new { rating = 5, comment = "一次办成" });
        Assert.True((await Get(auditor, "/api/audit/verify")).GetProperty("intact").GetBoolean());
        return (id, rated.GetProperty("summary").GetProperty("number").GetString()!, auditor);
    }

    /// <summary>What <c>GET /api/audit/verify</c> reports for the case, or null when it reports nothing broken.</summary>
    private static async Task<JsonElement?> Verified(HttpClient auditor, string id)
    {
        var report = await Get(auditor, "/api/audit/verify");
        return report.GetProperty("broken").EnumerateArray().Where(b => b.GetProperty("caseId").GetString() == id)
            .Select(b => (JsonElement?)b).FirstOrDefault();
    }

    /// <summary>The case's row of the table (the opinion, for comments; a step with form data, for tasks).</summary>
    private static object FirstRow(PlatformDbContext db, IEntityType entity, string id)
    {
        var caseId = Guid.Parse(id);
        return entity.ClrType.Name switch
        {
            nameof(CaseRecord) => db.Set<CaseRecord>().AsNoTracking().Single(c => c.Id == caseId),
            nameof(CaseTaskRecord) => db.Set<CaseTaskRecord>().AsNoTracking().Single(t => t.CaseId == caseId && t.NodeId == "NameDeclaration"),
            nameof(CaseCommentRecord) => db.Set<CaseCommentRecord>().AsNoTracking().Single(c => c.CaseId == caseId && c.Kind == CaseCommentKind.Opinion),
            nameof(CaseCopyRecord) => db.Set<CaseCopyRecord>().AsNoTracking().Single(c => c.CaseId == caseId),
            _ => db.Set<CaseMaterialRecord>().AsNoTracking().Single(m => m.CaseId == caseId),
        };
    }

    /// <summary>Another value of the column's type (the rating 5 becomes 1).</summary>
    private static object Changed(string table, string column, object? value) => (table, column, value) switch
    {
        ("ot_case", "Rating", _) => 1,
        (_, _, null) => column.EndsWith("Id", StringComparison.Ordinal) ? Guid.NewGuid() : 1,
        (_, _, string text) => text.Length == 0 ? "x" : text[..^1] + (text[^1] == 'X' ? 'Y' : 'X'),
        (_, _, Guid) => Guid.NewGuid(),
        (_, _, bool flag) => !flag,
        (_, _, DateTimeOffset at) => at.AddTicks(1),
        (_, _, byte[] bytes) => (byte[])[.. bytes, 0x20],
        (_, _, Enum e) => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) + 1,
        (_, _, int n) => n + 1,
        (_, _, long n) => n + 1,
        _ => throw new InvalidOperationException($"{table}.{column}: no other value for {value.GetType().Name}"),
    };

    private static void Update(PlatformDbContext db, IEntityType entity, object row, IProperty property, object value)
    {
        // A nullable string column that was null becomes text, whatever the column is called.
        var stored = property.ClrType == typeof(string) && value is not string ? "x" : Stored(property, value);
        var key = entity.FindPrimaryKey()!.Properties.Single();
        db.Database.ExecuteSqlRaw(UpdateSql(entity, property, "{0}", key), stored, Stored(key, key.GetGetter().GetClrValue(row)!));
    }

    private static void Restore(PlatformDbContext db, IEntityType entity, object row, IProperty property, object? original,
        object replacement)
    {
        var key = entity.FindPrimaryKey()!.Properties.Single();
        // A changed key is found by the value it was changed to; every other column by the row's key.
        var at = property == key ? Stored(key, replacement) : Stored(key, key.GetGetter().GetClrValue(row)!);
        if (original is null)
        {
            db.Database.ExecuteSqlRaw(UpdateSql(entity, property, "NULL", key).Replace("{1}", "{0}", StringComparison.Ordinal), at);
            return;
        }

        db.Database.ExecuteSqlRaw(UpdateSql(entity, property, "{0}", key), Stored(property, original), at);
    }

    // Table and column names come from the EF model, values are parameters.
    private static string UpdateSql(IEntityType entity, IProperty property, string value, IProperty key) =>
        "UPDATE " + entity.GetTableName() + " SET \"" + property.GetColumnName() + "\" = " + value + " WHERE \""
        + key.GetColumnName() + "\" = {1}";

    /// <summary>The value as the column stores it (instants as UTC ticks, enums as numbers).</summary>
    private static object Stored(IProperty property, object value) =>
        property.GetTypeMapping().Converter is { } converter && converter.ModelClrType.IsInstanceOfType(value)
            ? converter.ConvertToProvider(value)!
            : value;
}
