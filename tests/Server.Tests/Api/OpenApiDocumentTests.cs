using System.Text.Json;
using OneThing.Server.Api;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Api;

/// <summary>The web UI generates its typed client from <c>/openapi/v1.json</c>, so every operation must name its
/// success body and each error status it can answer. Driven by the document: an endpoint added without its statuses
/// fails here without anyone adding a row.</summary>
public sealed class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.Document>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>Operations that create what their path names, so cannot miss it (a form key is its own id).</summary>
    private static readonly HashSet<string> Upserts = new(StringComparer.Ordinal) { "PUT /api/forms/{key}" };

    private readonly Document _document;

    public OpenApiDocumentTests(Document document) => _document = document;

    /// <summary>The document, loaded once.</summary>
    public sealed class Document : IDisposable
    {
        private readonly OneThingFactory _factory = new();

        public Document()
        {
            using var client = _factory.CreateClient();
            Root = JsonDocument.Parse(client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))
                .GetAwaiter().GetResult()).RootElement.Clone();
        }

        public JsonElement Root { get; }

        public IEnumerable<(string Name, string Path, string Method, JsonElement Operation)> Operations() =>
            from path in Root.GetProperty("paths").EnumerateObject()
            from method in path.Value.EnumerateObject()
            where Methods.Contains(method.Name)
            select ($"{method.Name.ToUpperInvariant()} {path.Name}", path.Name, method.Name, method.Value);

        public void Dispose() => _factory.Dispose();
    }

    [Fact]
    public void Document_ListsTheCaseAndTaskEndpoints()
    {
        var names = _document.Operations().Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("GET /api/cases", names);
        Assert.Contains("POST /api/cases/{id}/submit", names);
        Assert.Contains("POST /api/tasks/{id}/complete", names);
        Assert.True(names.Count > 50, $"only {names.Count} operations");
    }

    [Fact]
    public void EveryOperation_HasASuccessWithAConcreteSchema()
    {
        var missing = new List<string>();
        foreach (var (name, _, _, operation) in _document.Operations())
        {
            var responses = operation.GetProperty("responses");
            var success = responses.EnumerateObject().Where(r => r.Name is "200" or "201" or "204").ToList();
            if (success.Count == 0)
            {
                missing.Add($"{name}: no 2xx");
                continue;
            }

            foreach (var response in success.Where(r => r.Name != "204"))
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any()
                    || content.EnumerateObject().Any(c => !IsConcrete(c.Value)))
                {
                    missing.Add($"{name}: {response.Name} without a schema");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void EveryOperation_ListsTheErrorStatusesItCanAnswer()
    {
        var missing = new List<string>();
        foreach (var (name, path, method, operation) in _document.Operations())
        {
            var expected = new SortedSet<int>();
            var anonymous = operation.TryGetProperty(ApiConventions.AnonymousExtension, out _);
            var api = path.StartsWith("/api/", StringComparison.Ordinal);
            if (api && !anonymous)
            {
                expected.Add(401);
            }

            if (operation.TryGetProperty(ApiConventions.RolesExtension, out _))
            {
                expected.Add(403);
            }

            var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            if (parameters.Any(p => p.GetProperty("in").GetString() == "path") && !Upserts.Contains(name))
            {
                expected.Add(404);
            }

            if (parameters.Any(p => p.GetProperty("in").GetString() == "query") || operation.TryGetProperty("requestBody", out _))
            {
                expected.Add(400);
            }

            if (method != "get")
            {
                expected.UnionWith([400, 413, 429]);
            }

            if (parameters.Any(p => p.GetProperty("name").GetString() == Idempotency.Header))
            {
                expected.UnionWith([409, 422]);
            }

            // Every command on a case or a task can lose to a concurrent one or find the case in another state.
            if (method != "get" && (path.StartsWith("/api/cases", StringComparison.Ordinal)
                                    || path.StartsWith("/api/tasks", StringComparison.Ordinal)))
            {
                expected.Add(409);
            }

            var responses = operation.GetProperty("responses");
            foreach (var status in expected)
            {
                if (!responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _))
                {
                    missing.Add($"{name}: no {status}");
                }
            }

            foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] is '4'))
            {
                if (!IsProblem(response.Value))
                {
                    missing.Add($"{name}: {response.Name} is not application/problem+json with a ProblemDetails schema");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void EveryPathAndQueryParameter_IsNamedInCamelCase()
    {
        var wrong = (from operation in _document.Operations()
                     where operation.Operation.TryGetProperty("parameters", out _)
                     from parameter in operation.Operation.GetProperty("parameters").EnumerateArray()
                     where parameter.GetProperty("in").GetString() is "query" or "path"
                     let name = parameter.GetProperty("name").GetString()!
                     where !char.IsLower(name[0])
                     select $"{operation.Name}: {name}").ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void IdempotentOperations_DeclareTheHeader()
    {
        var post = _document.Operations().Single(o => o.Name == "POST /api/cases").Operation;

        Assert.Contains(post.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == Idempotency.Header && p.GetProperty("in").GetString() == "header");
    }

    private static bool IsConcrete(JsonElement media) =>
        media.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.Object
        && (schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("type", out _)
            || schema.TryGetProperty("items", out _));

    private static bool IsProblem(JsonElement response) =>
        response.TryGetProperty("content", out var content)
        && content.TryGetProperty(ProblemResult.ContentType, out var media)
        && media.TryGetProperty("schema", out var schema)
        && schema.TryGetProperty("$ref", out var reference)
        && reference.GetString() is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails";
}
