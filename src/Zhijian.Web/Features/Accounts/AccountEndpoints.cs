using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Accounts;

/// <summary>Body of <c>POST /api/v1/auth/token</c>.</summary>
public sealed record TokenRequest(string? UserName, string? Password, string? TwoFactorCode = null, string? RecoveryCode = null);

/// <summary>Answer of <c>POST /api/v1/users</c>.</summary>
public sealed record CreatedUser(long Id, string UserName);

/// <summary>Routes of API.md "Health and auth" and "Accounts and roles".</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");

        auth.MapPost("/token", async (TokenRequest body, SignInManager<ZhijianUser> signIn, SessionStamps sessions, HttpContext http) =>
        {
            var result = await PasswordSignIn.CheckAsync(signIn, body.UserName, body.Password);
            if (result.Problem is { } problem)
            {
                return Results.Problem(ProblemExceptionHandler.Create(http, 401, problem.Code, problem.Message));
            }

            if (await TwoFactorSignIn.CheckAsync(signIn.UserManager, http.RequestServices.GetRequiredService<LoginAttempts>(), sessions, result.User!, body.TwoFactorCode, body.RecoveryCode) is { } refusal)
            {
                return Results.Problem(ProblemExceptionHandler.Create(http, refusal.Status, refusal.Code, refusal.Message));
            }

            var principal = await signIn.CreateUserPrincipalAsync(result.User!);
            return Results.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        }).AllowAnonymous().Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).RequireRateLimiting(AccountsModule.TokenPolicy)
            .WithSummary("以用户名和密码换取访问令牌（按客户端地址限流，超出时 429 too_many_requests）");

        auth.MapGet("/me", (ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
            accounts.MeAsync(HttpActor.UserIdOf(user) ?? 0, ct)).RequireAuthorization().WithSummary("当前用户及其角色");

        auth.MapPost("/password", async (ChangePasswordRequest body, ClaimsPrincipal user, AccountService accounts,
            CancellationToken ct) =>
        {
            await accounts.ChangePasswordAsync(HttpActor.UserIdOf(user) ?? 0, body, ct);
            return Results.NoContent();
        }).RequireAuthorization().RequireRateLimiting(AccountsModule.PasswordPolicy).Produces(StatusCodes.Status204NoContent)
            .WithSummary("修改本人密码（须提供原密码；原密码错误与登录失败一并计数，连续 5 次锁定账户；按用户限流）");

        var users = app.MapGroup("/api/v1/users").RequireAuthorization().WithTags("Accounts");

        users.MapPost("/", async (CreateUserRequest body, AccountService accounts, CancellationToken ct) =>
        {
            var (id, name) = await accounts.CreateAsync(body, ct);
            return Results.Created($"/api/v1/users/{id}", new CreatedUser(id, name));
        }).RequireAuthorization(Authorization.Policies.Writer).Produces<CreatedUser>(StatusCodes.Status201Created).WithSummary("创建账户");

        users.MapPost("/{id:long}/roles", async (long id, RoleRequest body, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.GrantAsync(id, body, ct);
            return Results.NoContent();
        }).RequireAuthorization(Authorization.Policies.Writer).Produces(StatusCodes.Status204NoContent).WithSummary("授予角色（组织管理员只能在本级及下级范围内授予，且不能授予系统管理员）");

        users.MapDelete("/{id:long}/roles", async (long id, [FromBody] RoleRequest body, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.RevokeAsync(id, body, ct);
            return Results.NoContent();
        }).RequireAuthorization(Authorization.Policies.Writer).Produces(StatusCodes.Status204NoContent).WithSummary("撤销角色");

        return app;
    }
}

/// <summary>The password check shared by the API token and the web sign-in: lockout after 5 failures.</summary>
public static class PasswordSignIn
{
    public sealed record Outcome(ZhijianUser? User, (string Code, string Message)? Problem);

    public static async Task<Outcome> CheckAsync(SignInManager<ZhijianUser> signIn, string? userName, string? password)
    {
        var invalid = (ErrorCodes.InvalidCredentials, "用户名或密码错误");
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return new Outcome(null, invalid);
        }

        var user = await signIn.UserManager.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            return new Outcome(null, invalid);
        }

        // Failures are counted atomically in SQL (LoginAttempts), not by SignInManager's read-then-write counter.
        var attempts = signIn.Context.RequestServices.GetRequiredService<LoginAttempts>();
        var result = await attempts.CheckAsync(user, password);
        if (result == PasswordCheck.LockedOut)
        {
            var minutes = await attempts.MinutesLockedAsync(user);
            return new Outcome(null, (ErrorCodes.LockedOut, $"密码连续错误次数过多，账户已锁定，请 {minutes} 分钟后再试"));
        }

        return result == PasswordCheck.Succeeded ? new Outcome(user, null) : new Outcome(null, invalid);
    }
}
