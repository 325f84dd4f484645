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
    public int TokenPermitLimit { get; set; } = 20;

    public TimeSpan TokenWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>POST /api/v1/auth/password</c>: requests per window per user.</summary>
    public int PasswordPermitLimit { get; set; } = 5;

    public TimeSpan PasswordWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Identity's password rules, the atomic sign-in counter and the rate limits of the account endpoints (issue 13).</summary>
public static class AccountsModule
{
    /// <summary>The rate-limit policy of the token endpoint.</summary>
    public const string TokenPolicy = "auth-token";

    /// <summary>The rate-limit policy of the password-change endpoint.</summary>
    public const string PasswordPolicy = "auth-password";

    /// <summary>Minimum password length (checked by Identity's own validator).</summary>
    public const int MinPasswordLength = 10;

    public static IServiceCollection AddAccountSecurity(this IServiceCollection services, IConfiguration config)
    {
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
