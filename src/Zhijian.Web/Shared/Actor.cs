using System.Security.Claims;

namespace Zhijian.Web.Shared;

/// <summary>Who is acting, for audit events: the signed-in user, or the system (CLI, jobs).</summary>
public interface IActor
{
    long? UserId { get; }
    string UserName { get; }
}

/// <summary>
/// The user of a unit of work started from an interactive page (a Blazor circuit has no HttpContext):
/// set by <c>UiRunner</c> on the scope it creates for each operation.
/// </summary>
public sealed class CurrentPrincipal
{
    public ClaimsPrincipal? User { get; set; }
}

/// <summary>The actor of the current unit of work: the page's user, else the HTTP request's, else "system".</summary>
public sealed class HttpActor(IHttpContextAccessor accessor, CurrentPrincipal current) : IActor
{
    private ClaimsPrincipal? User => current.User ?? accessor.HttpContext?.User;

    public long? UserId => UserIdOf(User);

    public string UserName => User?.Identity is { IsAuthenticated: true, Name: { } name } ? name : "system";

    public static long? UserIdOf(ClaimsPrincipal? user) =>
        long.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
