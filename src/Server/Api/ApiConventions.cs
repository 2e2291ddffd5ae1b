using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using OneThing.Cases.Accounts;

namespace OneThing.Server.Api;

/// <summary>The statuses middleware and filters answer before or around a handler, declared on every endpoint they
/// can reach, so the OpenAPI document lists them beside the handler's own: 401 and 403 of the authorization
/// policies, 400 of the anti-forgery check, 413 of the body limit, 429 of the rate limiter, 409 and 422 of
/// <see cref="Idempotency"/>. Applied once per route group (<see cref="WithApiProblems"/>) and read from the
/// endpoint's own metadata, so an endpoint added to a group is described without anyone remembering to.</summary>
public static class ApiConventions
{
    /// <summary>The OpenAPI extension listing the roles an operation is open to (absent: any signed-in user, or
    /// anonymous when <see cref="AnonymousExtension"/> is set).</summary>
    public const string RolesExtension = "x-onething-roles";

    /// <summary>The OpenAPI extension marking an operation that needs no sign-in.</summary>
    public const string AnonymousExtension = "x-onething-anonymous";

    /// <summary>Declares the statuses of the middleware on every endpoint of the group.</summary>
    public static TBuilder WithApiProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Finally: after the endpoints' own conventions, whose authorization and rate limits it reads.
        builder.Finally(Declare);
        return builder;
    }

    /// <summary>Registers the document transformer that names roles, anonymous operations and the
    /// <see cref="Idempotency.Header"/> parameter.</summary>
    public static void AddApiConventions(this Microsoft.AspNetCore.OpenApi.OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var access = AccessOf(metadata);
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            if (access.Anonymous)
            {
                operation.Extensions[AnonymousExtension] = new JsonNodeExtension(true);
            }
            else if (access.Roles.Count > 0)
            {
                operation.Extensions[RolesExtension] = new JsonNodeExtension(
                    new System.Text.Json.Nodes.JsonArray([.. access.Roles.Select(r => (System.Text.Json.Nodes.JsonNode?)r)]));
            }

            if (metadata.OfType<Idempotency.IdempotentEndpoint>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = Idempotency.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = $"至多 {Idempotency.MaxKeyLength} 个字符；同一请求重复发送时返回第一次的结果",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Idempotency.MaxKeyLength },
                });
            }

            return Task.CompletedTask;
        });
    }

    private static void Declare(EndpointBuilder endpoint)
    {
        var access = AccessOf(endpoint.Metadata);
        if (!access.Anonymous && access.Authorized)
        {
            ProblemResult.Declare(endpoint, StatusCodes.Status401Unauthorized);
            if (access.Roles.Count > 0)
            {
                ProblemResult.Declare(endpoint, StatusCodes.Status403Forbidden);
            }
        }

        var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        if (methods.Any(AntiforgeryCheck.ChangesState))
        {
            // Anti-forgery for a signed-in caller; for anyone, a body the framework cannot read.
            ProblemResult.Declare(endpoint, StatusCodes.Status400BadRequest);
            ProblemResult.Declare(endpoint, StatusCodes.Status413PayloadTooLarge);
            ProblemResult.Declare(endpoint, StatusCodes.Status429TooManyRequests);
        }

        if (endpoint.Metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            ProblemResult.Declare(endpoint, StatusCodes.Status429TooManyRequests);
        }

        if (endpoint.Metadata.OfType<Idempotency.IdempotentEndpoint>().Any())
        {
            ProblemResult.Declare(endpoint, StatusCodes.Status409Conflict);
            ProblemResult.Declare(endpoint, StatusCodes.Status422UnprocessableEntity);
        }
    }

    private sealed record Access(bool Authorized, bool Anonymous, IReadOnlyList<string> Roles);

    private static Access AccessOf(IEnumerable<object> metadata)
    {
        var items = metadata.ToList();
        var anonymous = items.OfType<IAllowAnonymous>().Any();
        var named = items.OfType<IAuthorizeData>().ToList();
        var policies = items.OfType<AuthorizationPolicy>().ToList();
        // The role policies are named after their role (AccountsModule.AddRolePolicies).
        var roles = named.Select(a => a.Policy).Where(p => p is not null && Roles.All.Contains(p)).Select(p => p!)
            .Concat(named.SelectMany(a => a.Roles?.Split(',') ?? []))
            .Concat(policies.SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>())
                .SelectMany(r => r.AllowedRoles))
            .Distinct(StringComparer.Ordinal).ToList();
        return new Access(named.Count > 0 || policies.Count > 0, anonymous, roles);
    }
}
