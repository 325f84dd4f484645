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

    /// <summary>
    /// The caller holds a role over some organization (administrator or observer) or is a system administrator: for
    /// writing routes whose organization comes in the body (<c>POST /api/v1/members {orgId}</c>). A caller without any
    /// such role (a member) is refused here with 403; the service's SQL scope check decides the exact subtree: 404 outside
    /// it, 403 where the caller may only read. Observers pass the policy so that an organization outside their sight stays
    /// a 404 (the policy cannot read the body).
    /// </summary>
    public const string Writer = "writer";

    /// <summary>
    /// Any signed-in caller, for writing routes a member calls on their own things (applying for or cancelling their own
    /// transfer): the service decides by the object (the caller's own record, or a side the caller administers).
    /// </summary>
    public const string Member = "member";

    /// <summary>Registers the policies, their handlers and the result handler that answers with problem documents.</summary>
    public static IServiceCollection AddZhijianPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(SystemAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new SystemAdminRequirement()))
            .AddPolicy(OrgRead, p => p.RequireAuthenticatedUser().AddRequirements(new OrgScopeRequirement(Write: false)))
            .AddPolicy(OrgWrite, p => p.RequireAuthenticatedUser().AddRequirements(new OrgScopeRequirement(Write: true)))
            .AddPolicy(Writer, p => p.RequireAuthenticatedUser().AddRequirements(new WriterRequirement()))
            .AddPolicy(Member, p => p.RequireAuthenticatedUser());
        services.AddScoped<IAuthorizationHandler, SystemAdminHandler>();
        services.AddScoped<IAuthorizationHandler, OrgScopeHandler>();
        services.AddScoped<IAuthorizationHandler, WriterHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }
}

/// <summary>The caller holds the system administrator role.</summary>
public sealed class SystemAdminRequirement : IAuthorizationRequirement;

/// <summary>The caller holds a role over some organization (see <see cref="Policies.Writer"/>).</summary>
public sealed class WriterRequirement : IAuthorizationRequirement;

/// <summary>
/// Route metadata for <see cref="Policies.OrgRead"/>/<see cref="Policies.OrgWrite"/> on a route whose <c>{id}</c> is not an
/// organization but an object that belongs to one (a member, a dues line, a meeting …): <see cref="Lookup"/> finds the
/// organization path of the object, <see cref="What"/> names it in the 404 message. Declare it with
/// <see cref="RouteScopes.RequireOrgScope{TBuilder}"/>. <see cref="Owner"/>, when given, finds the person the object is
/// about: that person passes the policy on their own object (a member cancelling their own transfer), and the service
/// decides what they may do with it.
/// </summary>
public sealed record OrgPathOf(Func<ZhijianDbContext, long, CancellationToken, Task<IReadOnlyList<string>>> Lookup, string What,
    Func<ZhijianDbContext, long, CancellationToken, Task<long?>>? Owner = null);

/// <summary>How routes declare object-based scope policies.</summary>
public static class RouteScopes
{
    /// <summary>
    /// Reads (<paramref name="write"/> false) or writes within the subtree of the organization the object of the route's
    /// <c>{id}</c> belongs to, e.g.
    /// <c>.RequireOrgScope(write: true, "党费记录", (db, id, ct) =&gt; db.Set&lt;DuesLine&gt;().Where(l =&gt; l.Id == id).Select(l =&gt; l.OrgPath).FirstOrDefaultAsync(ct))</c>.
    /// </summary>
    public static TBuilder RequireOrgScope<TBuilder>(this TBuilder builder, bool write, string what,
        Func<ZhijianDbContext, long, CancellationToken, Task<string?>> lookup)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireOrgScopeOfAny(write, what, async (db, id, ct) => await lookup(db, id, ct) is { } path ? [path] : []);

    /// <summary>
    /// As <see cref="RequireOrgScope{TBuilder}"/> for an object that belongs to several organizations (a transfer's sending
    /// and receiving organizations): the caller must read one of them, and to write, write one of them. With
    /// <paramref name="owner"/>, the person the object is about passes too (the service decides what they may do).
    /// </summary>
    public static TBuilder RequireOrgScopeOfAny<TBuilder>(this TBuilder builder, bool write, string what,
        Func<ZhijianDbContext, long, CancellationToken, Task<IReadOnlyList<string>>> lookup,
        Func<ZhijianDbContext, long, CancellationToken, Task<long?>>? owner = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OrgPathOf(lookup, what, owner)).RequireAuthorization(write ? Policies.OrgWrite : Policies.OrgRead);
}

public sealed class WriterHandler(CallerScope scope) : AuthorizationHandler<WriterRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WriterRequirement requirement)
    {
        var ct = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        var prefixes = await scope.ReadablePrefixesAsync(ct);
        if (prefixes is null || prefixes.Count > 0)
        {
            context.Succeed(requirement);
            return;
        }

        context.Fail(new ScopeFailure(this, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "您没有执行此操作的权限"));
    }
}

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
/// Resource-based: the resource is the organization of the route's <c>{id}</c>, looked up by id (dissolved ones too), or,
/// when the route carries <see cref="OrgPathOf"/>, the organization of the object the <c>{id}</c> addresses.
/// Outside the caller's sight it is 404, as if it did not exist; where the caller may only read, a write is 403.
/// </summary>
public sealed class OrgScopeHandler(CallerScope scope, ZhijianDbContext db, IActor actor) : AuthorizationHandler<OrgScopeRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrgScopeRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var ct = http?.RequestAborted ?? CancellationToken.None;
        var of = http?.GetEndpoint()?.Metadata.GetMetadata<OrgPathOf>();
        var notFound = $"{of?.What ?? "组织"}不存在或不在您的管理范围内";
        if (http?.GetRouteValue("id") is not { } raw || !long.TryParse(raw.ToString(), out var id))
        {
            context.Fail(new ScopeFailure(this, StatusCodes.Status404NotFound, ErrorCodes.NotFound, notFound));
            return;
        }

        if (of?.Owner is { } owner && await IsOwnerAsync(owner, id, ct))
        {
            context.Succeed(requirement);
            return;
        }

        IReadOnlyList<string> paths = of is null
            ? await db.Organizations.AsNoTracking().Where(o => o.Id == id).Select(o => o.Path).Take(1).ToListAsync(ct)
            : await of.Lookup(db, id, ct);
        var readable = new List<string>(paths.Count);
        foreach (var path in paths)
        {
            if (await scope.CanReadAsync(path, ct))
            {
                readable.Add(path);
            }
        }

        if (readable.Count == 0)
        {
            context.Fail(new ScopeFailure(this, StatusCodes.Status404NotFound, ErrorCodes.NotFound, notFound));
        }
        else if (requirement.Write && !await AnyWritableAsync(readable, ct))
        {
            context.Fail(new ScopeFailure(this, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "您没有执行此操作的权限"));
        }
        else
        {
            context.Succeed(requirement);
        }
    }

    private async Task<bool> IsOwnerAsync(Func<ZhijianDbContext, long, CancellationToken, Task<long?>> owner, long id,
        CancellationToken ct)
    {
        if (actor.UserId is not { } userId
            || await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct) is not { } personId)
        {
            return false;
        }

        return await owner(db, id, ct) == personId;
    }

    private async Task<bool> AnyWritableAsync(List<string> paths, CancellationToken ct)
    {
        foreach (var path in paths)
        {
            if (await scope.CanWriteAsync(path, ct))
            {
                return true;
            }
        }

        return false;
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
