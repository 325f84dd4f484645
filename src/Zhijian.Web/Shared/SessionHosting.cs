using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Accounts;

namespace Zhijian.Web.Shared;

/// <summary>
/// Sessions that end (security stamp checked on every request, for bearer tokens and cookies alike)
/// and two-factor sign-in for administrators. Registered after <c>Hosting.AddSecurity</c>.
/// </summary>
public static class SessionHosting
{
    /// <summary>Where an administrator who must use two-factor sign-in enrols.</summary>
    public const string EnrolmentPath = "/account/two-factor";

    public static IServiceCollection AddZhijianSessions(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<SecurityOptions>().Bind(config.GetSection(SecurityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<SessionStamps>();
        services.AddScoped<TwoFactorService>();
        services.Replace(ServiceDescriptor.Scoped<IUserStore<ZhijianUser>, ZhijianUserStore>());

        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme,
            o => o.Events.OnMessageReceived = ValidateBearerAsync);
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme,
            o => o.Events.OnValidatePrincipal = ValidateCookieAsync);

        // Interactive pages hold the user for the life of the circuit: re-check it every 30 seconds.
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        return services;
    }

    /// <summary>Refuses a bearer token whose session has ended (the handler then answers 401).</summary>
    private static async Task ValidateBearerAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return;
        }

        // An unreadable or expired token is refused by the handler itself.
        if (context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..])?.Principal is not { } principal)
        {
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStamps>();
        if (await sessions.CheckAsync(principal, context.HttpContext.RequestAborted) is { } state)
        {
            context.HttpContext.Items[SessionStamps.ItemKey] = state;
        }
        else
        {
            context.Fail("The session of this token has ended.");
        }
    }

    /// <summary>Refuses and drops a cookie whose session has ended (replayed after sign-out, password change ...).</summary>
    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal)
        {
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStamps>();
        if (await sessions.CheckAsync(principal, context.HttpContext.RequestAborted) is { } state)
        {
            context.HttpContext.Items[SessionStamps.ItemKey] = state;
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>
    /// An administrator who must use two-factor sign-in but has not enrolled may only enrol: API calls answer
    /// 403 <c>two_factor_enrolment_required</c>, pages redirect to the enrolment page.
    /// </summary>
    public static IApplicationBuilder UseTwoFactorEnrolmentGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Items[SessionStamps.ItemKey] is SessionState state
            && http.RequestServices.GetRequiredService<SessionStamps>().MustEnrol(state)
            && !AllowedWhileEnrolling(http.Request.Path))
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                var problem = ProblemExceptionHandler.Create(http, StatusCodes.Status403Forbidden,
                    ErrorCodes.TwoFactorEnrolmentRequired, "管理员账户须先启用两步验证，请先完成验证器应用绑定");
                await Results.Problem(problem).ExecuteAsync(http);
            }
            else
            {
                http.Response.Redirect(EnrolmentPath);
            }

            return;
        }

        await next(http);
    });

    private static bool AllowedWhileEnrolling(PathString path) =>
        path.StartsWithSegments(EnrolmentPath) || path.StartsWithSegments("/account/logout")
        || path.StartsWithSegments("/login") || path.StartsWithSegments("/api/v1/auth/two-factor")
        || path.StartsWithSegments("/api/v1/auth/logout") || path.StartsWithSegments("/api/v1/auth/me")
        || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_content") || path.StartsWithSegments("/health")
        || (!path.StartsWithSegments("/api") && Path.HasExtension(path.Value));
}
