using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;

namespace Zhijian.Web.Features.Accounts;

/// <summary>What one password check came to.</summary>
public enum PasswordCheck
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>
/// Checks a password with the failure count kept atomically in SQL (issue 13, item 5). Identity's own counter reads the
/// count, checks, then writes the count + 1: forty parallel guesses all read 0 and all got checked. Here every check first
/// reserves an attempt with one conditional UPDATE (count + 1 while below the limit and not locked), so at most
/// <c>MaxFailedAccessAttempts</c> passwords are ever checked before the account locks; the failure that fills the count
/// locks it, and a success resets the count unless a parallel failure locked the account meanwhile.
/// Used by the token endpoint, the console's sign-in and the password change.
/// </summary>
public sealed class LoginAttempts(ZhijianDbContext db, UserManager<ZhijianUser> users, AuditLog audit, TimeProvider clock,
    SessionStamps sessions)
{
    /// <summary>
    /// Checks a password. For a user with two-factor sign-in a right password does not reset the count: only the right
    /// code does, or someone who knows the password could guess codes without end (password right, code wrong, ...).
    /// </summary>
    public Task<PasswordCheck> CheckAsync(ZhijianUser user, string password, CancellationToken ct = default) =>
        CheckAsync(user, () => Task.FromResult(user.PasswordHash is { } hash
            && users.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed),
            resetOnSuccess: !user.TwoFactorEnabled, ct);

    /// <summary>
    /// Checks a secret with <paramref name="verify"/> (a password, a two-factor code, a recovery code), counted like a
    /// password: at most <c>MaxFailedAccessAttempts</c> checks before the account locks, whatever the parallelism.
    /// </summary>
    public async Task<PasswordCheck> CheckAsync(ZhijianUser user, Func<Task<bool>> verify, bool resetOnSuccess = true,
        CancellationToken ct = default)
    {
        var max = users.Options.Lockout.MaxFailedAccessAttempts;
        var counted = user.LockoutEnabled;
        if (counted && !await ReserveAsync(user, max, ct))
        {
            return PasswordCheck.LockedOut;
        }

        if (await verify())
        {
            return !counted || await GiveBackAsync(user, resetOnSuccess, ct) ? PasswordCheck.Succeeded : PasswordCheck.LockedOut;
        }

        if (!counted)
        {
            return PasswordCheck.Failed;
        }

        return await LockIfFullAsync(user, max, ct) ? PasswordCheck.LockedOut : PasswordCheck.Failed;
    }

    /// <summary>Counts the attempt before the check (one atomic update): false when the count is full or the account locked.</summary>
    private async Task<bool> ReserveAsync(ZhijianUser user, int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reserved = await db.Users
            .Where(u => u.Id == user.Id && u.AccessFailedCount < max && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), ct);
        return reserved > 0;
    }

    /// <summary>After a right secret: resets the count (or gives back this attempt); false when the account locked meanwhile.</summary>
    private async Task<bool> GiveBackAsync(ZhijianUser user, bool resetOnSuccess, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reset = await db.Users.Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => resetOnSuccess ? 0 : u.AccessFailedCount - 1), ct);
        await db.Entry(user).ReloadAsync(ct);
        return reset > 0;
    }

    /// <summary>
    /// The failure that filled the count locks the account (and starts a fresh count for after the lockout). A new
    /// security stamp ends every token and cookie of the account, also after the lockout is over (Sessions.cs).
    /// </summary>
    private async Task<bool> LockIfFullAsync(ZhijianUser user, int max, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + users.Options.Lockout.DefaultLockoutTimeSpan;
        var stamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var concurrency = Guid.NewGuid().ToString();
        var locked = await db.InTransactionAsync(async () =>
        {
            var n = await db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount >= max)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.LockoutEnd, until)
                    .SetProperty(u => u.AccessFailedCount, 0)
                    .SetProperty(u => u.SecurityStamp, stamp)
                    .SetProperty(u => u.ConcurrencyStamp, concurrency), ct);
            if (n > 0)
            {
                await audit.AppendAsync(AuditAction.UserLockedOut, null, "User", user.Id,
                    $"「{user.UserName}」密码连续错误 {max} 次，账户锁定至 {until:yyyy-MM-dd HH:mm} (UTC)", ct);
            }

            return n > 0;
        }, ct);
        if (locked)
        {
            sessions.Forget(user.Id);
            await db.Entry(user).ReloadAsync(ct);
        }

        return locked;
    }

    /// <summary>Minutes until the account unlocks (at least 1), for the message.</summary>
    public async Task<int> MinutesLockedAsync(ZhijianUser user, CancellationToken ct = default)
    {
        var end = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).FirstOrDefaultAsync(ct);
        var left = end is { } e ? e - clock.GetUtcNow() : users.Options.Lockout.DefaultLockoutTimeSpan;
        return Math.Max(1, (int)Math.Ceiling(left.TotalMinutes));
    }
}
