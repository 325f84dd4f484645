using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Zhijian.Web.Data;

namespace Zhijian.Web.Features.Accounts;

/// <summary>Settings of the <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// systemAdmin and orgAdmin must sign in with a second factor (TOTP). Unset: on, unless the demo
    /// data is enabled (<c>Demo:Enabled</c>, itself true by default on SQLite).
    /// </summary>
    public bool? RequireTwoFactorForAdmins { get; set; }

    /// <summary>
    /// How long one instance trusts its cached copy of a user's security stamp (seconds). A change made
    /// on this instance clears the copy at once; a change made on another instance is seen within this window.
    /// </summary>
    [Range(0, 3600)]
    public int SessionCheckCacheSeconds { get; set; } = 5;
}

/// <summary>What every request re-checks about its user: the stamp its token or cookie must carry, and more.</summary>
public sealed record SessionState(string? Stamp, DateTimeOffset? LockoutEnd, bool TwoFactorEnabled, bool IsAdmin);

/// <summary>
/// Ends sessions: a bearer token or a cookie is valid only while the security stamp it was issued with is
/// still the user's stamp and the user is not locked out. Password change, lockout, role revocation,
/// sign-out and two-factor changes rotate the stamp, which ends every token and cookie of that user.
/// The stamp is read at most once per <see cref="SecurityOptions.SessionCheckCacheSeconds"/> per user and
/// instance (IMemoryCache), and this instance forgets its copy whenever it saves the user.
/// </summary>
public sealed class SessionStamps(
    IServiceScopeFactory scopes,
    IMemoryCache cache,
    TimeProvider clock,
    IOptions<SecurityOptions> options,
    IOptions<DemoOptions> demo,
    DatabaseOptions database,
    IOptions<IdentityOptions> identity)
{
    /// <summary>HttpContext item holding the <see cref="SessionState"/> of the authenticated caller.</summary>
    public const string ItemKey = "zhijian.session";

    /// <summary>Whether systemAdmin and orgAdmin must use two-factor sign-in here.</summary>
    public bool RequireTwoFactorForAdmins =>
        options.Value.RequireTwoFactorForAdmins ?? !(demo.Value.Enabled ?? !database.IsPostgres);

    /// <summary>The user's current state, from the cache or one small query.</summary>
    public async Task<SessionState?> GetAsync(long userId, CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key(userId), out SessionState? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var state = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new SessionState(u.SecurityStamp, u.LockoutEnd, u.TwoFactorEnabled,
                db.RoleAssignments.Any(r => r.UserId == u.Id && (r.Role == Role.SystemAdmin || r.Role == Role.OrgAdmin))))
            .FirstOrDefaultAsync(ct);
        var seconds = Math.Max(0, options.Value.SessionCheckCacheSeconds);
        if (seconds > 0)
        {
            cache.Set(Key(userId), state, TimeSpan.FromSeconds(seconds));
        }

        return state;
    }

    /// <summary>
    /// The caller's state when its token or cookie is still a live session (stamp unchanged, not locked out);
    /// null when the session has ended.
    /// </summary>
    public async Task<SessionState?> CheckAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (!long.TryParse(principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType), out var userId))
        {
            return null;
        }

        var state = await GetAsync(userId, ct);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (state is null || string.IsNullOrEmpty(stamp) || !string.Equals(stamp, state.Stamp, StringComparison.Ordinal))
        {
            return null;
        }

        return state.LockoutEnd is { } end && end > clock.GetUtcNow() ? null : state;
    }

    /// <summary>Whether this caller must enrol in two-factor sign-in before doing anything else.</summary>
    public bool MustEnrol(SessionState state) => RequireTwoFactorForAdmins && state.IsAdmin && !state.TwoFactorEnabled;

    /// <summary>Forgets this instance's copy of the user's state (after the user row changed).</summary>
    public void Forget(long userId) => cache.Remove(Key(userId));

    private static string Key(long userId) => $"session:{userId}";
}

/// <summary>Ending every session of a user: one call wherever a change must sign the user out everywhere.</summary>
public static class SessionEnding
{
    /// <summary>Rotates the user's security stamp: all of the user's tokens and cookies stop working.</summary>
    public static async Task EndSessionsAsync(this UserManager<ZhijianUser> users, long userId)
    {
        if (await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
    }

    /// <summary>Sign-out: ends every session of the signed-in user (stamp rotation), then drops this cookie.</summary>
    public static async Task SignOutEverywhereAsync(this SignInManager<ZhijianUser> signIn)
    {
        if (long.TryParse(signIn.UserManager.GetUserId(signIn.Context.User), out var userId))
        {
            await signIn.UserManager.EndSessionsAsync(userId);
        }

        await signIn.SignOutAsync();
    }
}

/// <summary>
/// The Identity user store, with two additions: a lockout also rotates the security stamp (so the tokens
/// of a locked-out account never come back when the lockout ends), and every save of a user makes this
/// instance forget its cached session state.
/// </summary>
public sealed class ZhijianUserStore(ZhijianDbContext db, SessionStamps sessions, TimeProvider clock,
    IdentityErrorDescriber? describer = null)
    : UserOnlyStore<ZhijianUser, ZhijianDbContext, long>(db, describer)
{
    public override async Task SetLockoutEndDateAsync(ZhijianUser user, DateTimeOffset? lockoutEnd,
        CancellationToken cancellationToken = default)
    {
        await base.SetLockoutEndDateAsync(user, lockoutEnd, cancellationToken);
        if (lockoutEnd is { } end && end > clock.GetUtcNow())
        {
            await SetSecurityStampAsync(user, Guid.NewGuid().ToString("N").ToUpperInvariant(), cancellationToken);
        }
    }

    public override async Task<IdentityResult> UpdateAsync(ZhijianUser user, CancellationToken cancellationToken = default)
    {
        var result = await base.UpdateAsync(user, cancellationToken);
        sessions.Forget(user.Id);
        return result;
    }
}
