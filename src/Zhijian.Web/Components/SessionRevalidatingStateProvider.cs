using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Zhijian.Web.Features.Accounts;

namespace Zhijian.Web.Components;

/// <summary>
/// An interactive page keeps its user for the life of the circuit; this re-checks the user's session every
/// 30 seconds, so a sign-out, password change, lockout or role revocation elsewhere also ends open pages.
/// </summary>
public sealed class SessionRevalidatingStateProvider(ILoggerFactory logs, SessionStamps sessions)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState,
        CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated != true
        || await sessions.CheckAsync(authenticationState.User, cancellationToken) is not null;
}
