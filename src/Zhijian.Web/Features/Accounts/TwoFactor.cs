using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Accounts;

/// <summary>Body of the two-factor endpoints that need a current code.</summary>
public sealed record TwoFactorCodeRequest(string? Code);

/// <summary>Answer of <c>GET /api/v1/auth/two-factor</c>.</summary>
public sealed record TwoFactorStatusDto(bool Enabled, bool Required, int RecoveryCodesLeft);

/// <summary>Answer of <c>POST /api/v1/auth/two-factor/setup</c>: the key to put into an authenticator app.</summary>
public sealed record TwoFactorSetupDto(string SharedKey, string AuthenticatorUri);

/// <summary>Recovery codes, shown once.</summary>
public sealed record RecoveryCodesDto(IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP, RFC 6238) on ASP.NET Core Identity's authenticator
/// support: enrolment (a new key, confirmed with a first code), recovery codes, switching it off.
/// </summary>
public sealed class TwoFactorService(
    ZhijianDbContext db,
    UserManager<ZhijianUser> users,
    IUserStore<ZhijianUser> store,
    SessionStamps sessions,
    AuditLog audit)
{
    public const string Issuer = "智建";
    public const int RecoveryCodeCount = 10;

    public async Task<TwoFactorStatusDto> StatusAsync(long userId, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        var state = await sessions.GetAsync(userId, ct);
        return new TwoFactorStatusDto(user.TwoFactorEnabled,
            sessions.RequireTwoFactorForAdmins && state is { IsAdmin: true },
            user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0);
    }

    /// <summary>
    /// The key to enrol: a new one when <paramref name="renew"/> or none is stored yet. Refused while two-factor
    /// sign-in is on (switch it off first). The key is stored directly, so this does not end the caller's session.
    /// </summary>
    public async Task<TwoFactorSetupDto> SetupAsync(long userId, bool renew, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        if (user.TwoFactorEnabled)
        {
            throw DomainException.InvalidState("两步验证已启用；如需更换手机，请先停用再重新设置");
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (renew || string.IsNullOrEmpty(key))
        {
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<ZhijianUser>)store).SetAuthenticatorKeyAsync(user, key, ct);
            await users.UpdateAsync(user);
        }

        return new TwoFactorSetupDto(FormatKey(key!), AuthenticatorUri(user.UserName!, key!));
    }

    /// <summary>Switches two-factor sign-in on after a first valid code; answers the recovery codes (shown once).</summary>
    public async Task<RecoveryCodesDto> EnableAsync(long userId, string? code, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        if (user.TwoFactorEnabled)
        {
            throw DomainException.InvalidState("两步验证已启用");
        }

        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            throw DomainException.InvalidState("请先获取密钥并添加到验证器应用");
        }

        if (!await VerifyCodeAsync(users, user, code))
        {
            throw DomainException.Validation("code", "验证码不正确，请输入验证器应用当前显示的 6 位数字");
        }

        return await db.InTransactionAsync(async () =>
        {
            // Identity rotates the security stamp here: every session started before the second factor ends.
            await users.SetTwoFactorEnabledAsync(user, true);
            var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
            await audit.AppendAsync(AuditAction.TwoFactorEnabled, null, "User", user.Id, $"「{user.UserName}」启用了两步验证", ct);
            return new RecoveryCodesDto(codes);
        }, ct);
    }

    /// <summary>Switches two-factor sign-in off (a current code or a recovery code is required); ends all sessions.</summary>
    public async Task DisableAsync(long userId, string? code, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        if (!user.TwoFactorEnabled)
        {
            throw DomainException.InvalidState("两步验证未启用");
        }

        if (!await VerifyCodeAsync(users, user, code) && !await RedeemAsync(users, user, code))
        {
            throw DomainException.Validation("code", "验证码或恢复码不正确");
        }

        await db.InTransactionAsync(async () =>
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
            await audit.AppendAsync(AuditAction.TwoFactorDisabled, null, "User", user.Id, $"「{user.UserName}」停用了两步验证", ct);
        }, ct);
    }

    /// <summary>New recovery codes (the old ones stop working); a current code is required.</summary>
    public async Task<RecoveryCodesDto> RenewRecoveryCodesAsync(long userId, string? code, CancellationToken ct = default)
    {
        var user = await FindAsync(userId);
        if (!user.TwoFactorEnabled)
        {
            throw DomainException.InvalidState("两步验证未启用");
        }

        if (!await VerifyCodeAsync(users, user, code))
        {
            throw DomainException.Validation("code", "验证码不正确，请输入验证器应用当前显示的 6 位数字");
        }

        return await db.InTransactionAsync(async () =>
        {
            var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
            await audit.AppendAsync(AuditAction.TwoFactorRecoveryCodesRenewed, null, "User", user.Id,
                $"「{user.UserName}」重新生成了两步验证恢复码", ct);
            return new RecoveryCodesDto(codes);
        }, ct);
    }

    /// <summary>Checks an authenticator code (spaces and dashes ignored).</summary>
    public static async Task<bool> VerifyCodeAsync(UserManager<ZhijianUser> users, ZhijianUser user, string? code)
    {
        var digits = Clean(code);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit)
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
    }

    /// <summary>Uses up a recovery code.</summary>
    public static async Task<bool> RedeemAsync(UserManager<ZhijianUser> users, ZhijianUser user, string? code)
    {
        // Identity's recovery codes read XXXXX-XXXXX; accept them without the dash and in lower case too.
        var clean = Clean(code).ToUpperInvariant();
        if (clean.Length == 10)
        {
            clean = clean[..5] + "-" + clean[5..];
        }

        return clean.Length == 11 && (await users.RedeemTwoFactorRecoveryCodeAsync(user, clean)).Succeeded;
    }

    /// <summary>The otpauth:// URI an authenticator app reads from the QR code.</summary>
    public static string AuthenticatorUri(string userName, string key) =>
        string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30");

    private static string FormatKey(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    private static string Clean(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();

    private async Task<ZhijianUser> FindAsync(long userId) =>
        await users.FindByIdAsync(userId.ToString(CultureInfo.InvariantCulture)) ?? throw DomainException.NotFound("用户");
}

/// <summary>
/// The second step of signing in, after the password was right: for a user with two-factor sign-in, an
/// authenticator code or a recovery code; a wrong one counts as a failed attempt towards the lockout. An
/// administrator who must use two-factor sign-in but has not enrolled may only enrol.
/// </summary>
public static class TwoFactorSignIn
{
    public sealed record Refusal(int Status, string Code, string Message);

    /// <summary>Null when the user may have a token; else why not.</summary>
    public static async Task<Refusal?> CheckAsync(UserManager<ZhijianUser> users, LoginAttempts attempts, SessionStamps sessions,
        ZhijianUser user, string? code, string? recoveryCode)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            var state = await sessions.GetAsync(user.Id);
            return state is not null && sessions.MustEnrol(state)
                ? new Refusal(StatusCodes.Status403Forbidden, ErrorCodes.TwoFactorEnrolmentRequired,
                    "管理员账户须先启用两步验证：请在管理控制台登录后按提示绑定验证器应用")
                : null;
        }

        if (string.IsNullOrWhiteSpace(code) && string.IsNullOrWhiteSpace(recoveryCode))
        {
            return new Refusal(StatusCodes.Status401Unauthorized, ErrorCodes.TwoFactorRequired, "请输入验证器应用显示的 6 位验证码（或一个恢复码）");
        }

        return await VerifyAsync(users, attempts, user, code, recoveryCode);
    }

    /// <summary>Checks the code or recovery code; a wrong one is a failed attempt, counted atomically (<see cref="LoginAttempts"/>).</summary>
    public static async Task<Refusal?> VerifyAsync(UserManager<ZhijianUser> users, LoginAttempts attempts, ZhijianUser user,
        string? code, string? recoveryCode)
    {
        var result = await attempts.CheckAsync(user, () => string.IsNullOrWhiteSpace(recoveryCode)
            ? TwoFactorService.VerifyCodeAsync(users, user, code)
            : TwoFactorService.RedeemAsync(users, user, recoveryCode));
        return result switch
        {
            PasswordCheck.Succeeded => null,
            PasswordCheck.LockedOut => await LockedOutAsync(attempts, user),
            _ => new Refusal(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidTwoFactorCode, "验证码或恢复码不正确"),
        };
    }

    private static async Task<Refusal> LockedOutAsync(LoginAttempts attempts, ZhijianUser user) =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.LockedOut,
            $"验证失败次数过多，账户已锁定，请 {await attempts.MinutesLockedAsync(user)} 分钟后再试");
}
