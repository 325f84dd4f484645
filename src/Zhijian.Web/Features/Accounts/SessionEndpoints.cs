using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Accounts;

/// <summary>Sign-out for bearer clients and the two-factor endpoints (additions to API.md "Health and auth").</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");

        // Bearer only: a cookie caller signs out with the console's form (which carries an antiforgery token).
        auth.MapPost("/logout", async (ClaimsPrincipal user, UserManager<ZhijianUser> users) =>
        {
            await users.EndSessionsAsync(HttpActor.UserIdOf(user) ?? 0);
            return Results.NoContent();
        }).RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser())
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("退出登录：结束本账户的全部会话（所有访问令牌与网页登录）");

        var twoFactor = auth.MapGroup("/two-factor").RequireAuthorization();

        twoFactor.MapGet("/", (ClaimsPrincipal user, TwoFactorService service, CancellationToken ct) =>
            service.StatusAsync(HttpActor.UserIdOf(user) ?? 0, ct)).WithSummary("两步验证状态");

        twoFactor.MapPost("/setup", (ClaimsPrincipal user, TwoFactorService service, CancellationToken ct) =>
            service.SetupAsync(HttpActor.UserIdOf(user) ?? 0, renew: true, ct))
            .WithSummary("生成新的验证器密钥（otpauth:// 地址），尚未启用");

        twoFactor.MapPost("/enable", (TwoFactorCodeRequest body, ClaimsPrincipal user, TwoFactorService service,
            CancellationToken ct) => service.EnableAsync(HttpActor.UserIdOf(user) ?? 0, body.Code, ct))
            .WithSummary("以验证器当前验证码启用两步验证，返回恢复码（只显示一次）；本账户的全部会话随之结束");

        twoFactor.MapPost("/disable", async (TwoFactorCodeRequest body, ClaimsPrincipal user, TwoFactorService service,
            CancellationToken ct) =>
        {
            await service.DisableAsync(HttpActor.UserIdOf(user) ?? 0, body.Code, ct);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).WithSummary("以验证码或恢复码停用两步验证；本账户的全部会话随之结束");

        twoFactor.MapPost("/recovery-codes", (TwoFactorCodeRequest body, ClaimsPrincipal user, TwoFactorService service,
            CancellationToken ct) => service.RenewRecoveryCodesAsync(HttpActor.UserIdOf(user) ?? 0, body.Code, ct))
            .WithSummary("以验证码重新生成恢复码（旧恢复码作废）");

        return app;
    }
}
