using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using OneThing.Cases.Accounts;
using OneThing.Server.Api;

namespace OneThing.Server.Accounts;

/// <summary>A signed-in caller refused by a role policy gets 403 <c>FORBIDDEN</c> whose <c>detail</c> names the
/// roles that would be needed, in Chinese, so the person (or the web UI) knows whom to ask; every other outcome of
/// authorization (a challenge, success) is the framework's.</summary>
public sealed class RoleRefusals : IAuthorizationMiddlewareResultHandler
{
    /// <summary>The Chinese name of each role.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Roles.Applicant] = "申请人",
        [Roles.Clerk] = "窗口人员",
        [Roles.Approver] = "审批人员",
        [Roles.Analyst] = "业务分析员",
        [Roles.Auditor] = "监察/审计人员",
        [Roles.Admin] = "管理员",
    };

    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    /// <inheritdoc/>
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy,
        PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var roles = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles).Distinct(StringComparer.Ordinal).ToList();
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true && roles is { Count: > 0 })
        {
            return ProblemResponses.Problem(StatusCodes.Status403Forbidden, "FORBIDDEN", "无权操作",
                    $"需要以下角色之一：{string.Join("、", roles.Select(r => Names.GetValueOrDefault(r, r)))}",
                    new Dictionary<string, object?> { ["requiredRoles"] = roles })
                .ExecuteAsync(context);
        }

        return _framework.HandleAsync(next, context, policy, authorizeResult);
    }
}
