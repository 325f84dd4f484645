using System.Security.Claims;

namespace Zhijian.Web.Shared;

/// <summary>Who is acting, for audit events: the signed-in user, or the system (CLI, jobs).</summary>
public interface IActor
{
    long? UserId { get; }
    string UserName { get; }
}

/// <summary>The actor of the current HTTP request, or "system" outside a request.</summary>
public sealed class HttpActor(IHttpContextAccessor accessor) : IActor
{
    public long? UserId => UserIdOf(accessor.HttpContext?.User);

    public string UserName => accessor.HttpContext?.User.Identity?.Name ?? "system";

    public static long? UserIdOf(ClaimsPrincipal? user) =>
        long.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
