using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Accounts;

/// <summary>
/// Limits of the sign-in and password endpoints (<c>Security:RateLimits</c>): requests per window, per client address
/// for the token endpoint and per user for the password change. Behind a load balancer, configure forwarded headers
/// so that the client address is the caller's, not the balancer's.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Security:RateLimits";

    /// <summary><c>POST /api/v1/auth/token</c> and the console's sign-in: requests per window per client address.</summary>
    [Range(1, int.MaxValue)]
    public int TokenPermitLimit { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TokenWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>POST /api/v1/auth/password</c>: requests per window per user.</summary>
    [Range(1, int.MaxValue)]
    public int PasswordPermitLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PasswordWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The Accounts module: accounts and role assignments, sessions (security stamps, two-factor), Identity's password rules,
/// the atomic sign-in counter and the rate limits of the account endpoints (issue 13). The authentication schemes
/// themselves are the host's (Hosting).
/// </summary>
public static class AccountsModule
{
    /// <summary>The rate-limit policy of the token endpoint.</summary>
    public const string TokenPolicy = "auth-token";

    /// <summary>The rate-limit policy of the password-change endpoint.</summary>
    public const string PasswordPolicy = "auth-password";

    /// <summary>Minimum password length (checked by Identity's own validator).</summary>
    public const int MinPasswordLength = 10;

    /// <summary>Services and options (validated on start) of Accounts.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<AccountService>();
        services.AddScoped<AccountDisplay>(); // the app bar's display name
        services.AddZhijianSessions(config);
        services.AddAccountSecurity(config);
        return services;
    }

    /// <summary>The API routes of Accounts (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder api)
    {
        api.MapAccountEndpoints();
        api.MapSessionEndpoints();
        return api;
    }

    public static IServiceCollection AddAccountSecurity(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RateLimitOptions>().Bind(config.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<IdentityOptions>(o => o.Password.RequiredLength = MinPasswordLength);
        services.AddScoped<IPasswordValidator<ZhijianUser>, AccountPasswordValidator>();
        services.AddScoped<LoginAttempts>();

        var limits = config.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(TokenPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => Window(limits.TokenPermitLimit, limits.TokenWindow)));
            o.AddPolicy(PasswordPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                HttpActor.UserIdOf(http.User) is { } id
                    ? "user:" + id.ToString(CultureInfo.InvariantCulture)
                    : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => Window(limits.PasswordPermitLimit, limits.PasswordWindow)));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                    ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds))
                    : 60;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problem = ProblemExceptionHandler.Create(http, StatusCodes.Status429TooManyRequests,
                    ErrorCodes.TooManyRequests, $"请求过于频繁，请 {seconds} 秒后再试");
                await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = window > TimeSpan.Zero ? window : TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
