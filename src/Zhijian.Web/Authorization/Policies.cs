using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Authorization;

/// <summary>
/// The named authorization policies routes declare (<c>RequireAuthorization(Policies.OrgWrite)</c>), so that who may
/// call a route is visible on the route, in the endpoint metadata and in the OpenAPI document. The SQL scope filters
/// of the services (<see cref="CallerScope"/>) stay: the console calls the services without passing a route.
/// </summary>
public static class Policies
{
    /// <summary>System administrators only.</summary>
    public const string SystemAdmin = "systemAdmin";

    /// <summary>The organization addressed by the route's <c>{id}</c> is within the caller's readable subtree.</summary>
    public const string OrgRead = "orgRead";

    /// <summary>The organization addressed by the route's <c>{id}</c> is within the caller's writable subtree.</summary>
    public const string OrgWrite = "orgWrite";

    /// <summary>Registers the policies, their handlers and the result handler that answers with problem documents.</summary>
    public static IServiceCollection AddZhijianPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(SystemAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new SystemAdminRequirement()))
            .AddPolicy(OrgRead, p => p.RequireAuthenticatedUser().AddRequirements(new OrgScopeRequirement(Write: false)))
            .AddPolicy(OrgWrite, p => p.RequireAuthenticatedUser().AddRequirements(new OrgScopeRequirement(Write: true)));
        services.AddScoped<IAuthorizationHandler, SystemAdminHandler>();
        services.AddScoped<IAuthorizationHandler, OrgScopeHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }
}

/// <summary>The caller holds the system administrator role.</summary>
public sealed class SystemAdminRequirement : IAuthorizationRequirement;

/// <summary>Reads (or writes) within the subtree of the organization the route addresses.</summary>
public sealed record OrgScopeRequirement(bool Write) : IAuthorizationRequirement;

/// <summary>Why a policy refused, as the problem document says it (the same status, code and message as the services).</summary>
public sealed class ScopeFailure(IAuthorizationHandler handler, int status, string code, string message)
    : AuthorizationFailureReason(handler, message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

public sealed class SystemAdminHandler(CallerScope scope) : AuthorizationHandler<SystemAdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, SystemAdminRequirement requirement)
    {
        if (await scope.IsSystemAdminAsync())
        {
            context.Succeed(requirement);
            return;
        }

        context.Fail(new ScopeFailure(this, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "此操作需要系统管理员权限"));
    }
}

/// <summary>
/// Resource-based: the resource is the organization of the route's <c>{id}</c>, looked up by id (dissolved ones too).
/// Outside the caller's sight it is 404, as if it did not exist; where the caller may only read, a write is 403.
/// </summary>
public sealed class OrgScopeHandler(CallerScope scope, ZhijianDbContext db) : AuthorizationHandler<OrgScopeRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrgScopeRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var ct = http?.RequestAborted ?? CancellationToken.None;
        if (http?.GetRouteValue("id") is not { } raw || !long.TryParse(raw.ToString(), out var id))
        {
            context.Fail(new ScopeFailure(this, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "组织不存在或不在您的管理范围内"));
            return;
        }

        var path = await db.Organizations.AsNoTracking().Where(o => o.Id == id).Select(o => o.Path).FirstOrDefaultAsync(ct);
        if (path is null || !await scope.CanReadAsync(path, ct))
        {
            context.Fail(new ScopeFailure(this, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "组织不存在或不在您的管理范围内"));
        }
        else if (requirement.Write && !await scope.CanWriteAsync(path, ct))
        {
            context.Fail(new ScopeFailure(this, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "您没有执行此操作的权限"));
        }
        else
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>A policy's refusal becomes the same problem document a service's refusal is (status, code, Chinese message).</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<ScopeFailure>().FirstOrDefault() is { } failure)
        {
            await Results.Problem(ProblemExceptionHandler.Create(context, failure.Status, failure.Code, failure.Message)).ExecuteAsync(context);
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
