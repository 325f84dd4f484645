using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Accounts;

/// <summary>Body of <c>POST /api/v1/users</c>.</summary>
public sealed record CreateUserRequest(string? UserName, string? Password, long? PersonId = null);

/// <summary>Body of role grants and revocations.</summary>
public sealed record RoleRequest(Role? Role, long? OrgId);

/// <summary>Body of <c>POST /api/v1/auth/password</c>.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>One role of <c>GET /api/v1/auth/me</c>.</summary>
public sealed record RoleDto(Role Role, long? OrgId);

/// <summary>Answer of <c>GET /api/v1/auth/me</c>.</summary>
public sealed record MeDto(string UserName, IReadOnlyList<RoleDto> Roles, long? PersonId);

/// <summary>Accounts and their subtree-scoped roles.</summary>
public sealed class AccountService(
    ZhijianDbContext db,
    UserManager<ZhijianUser> users,
    CallerScope scope,
    AuditLog audit,
    TimeProvider clock,
    Members.PersonAccess people,
    LoginAttempts attempts)
{
    /// <summary>One answer for a missing or out-of-scope user or organization in role grants: existence is not revealed.</summary>
    public const string UserOrOrgNotFound = "用户或组织不存在或不在您的管理范围内";

    public async Task<MeDto> MeAsync(long userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw DomainException.NotFound("用户");
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId)
            .OrderBy(r => r.Id).Select(r => new RoleDto(r.Role, r.OrgId)).ToListAsync(ct);
        return new MeDto(user.UserName!, roles, user.PersonId);
    }

    /// <summary>
    /// Creates an account: system administrators anywhere, organization administrators for people in their subtree. An
    /// account is linked only to a person with a current membership in the caller's writable subtrees (system
    /// administrators: any person), and to a person without another account (issue 13, item 1).
    /// </summary>
    public async Task<(long Id, string UserName)> CreateAsync(CreateUserRequest r, CancellationToken ct = default)
    {
        var name = r.UserName?.Trim() ?? "";
        if (name.Length is < 2 or > 64)
        {
            throw DomainException.Validation("userName", "用户名应为 2 到 64 个字符");
        }

        if (string.IsNullOrEmpty(r.Password))
        {
            throw DomainException.Validation("password", "请填写密码");
        }

        var writable = await scope.WritablePrefixesAsync(ct);
        if (writable is { Count: 0 })
        {
            throw DomainException.Forbidden("只有系统管理员或组织管理员可以创建账户");
        }

        if (r.PersonId is { } linked && !await people.MayLinkAccountAsync(linked, ct))
        {
            throw DomainException.NotFound("人员");
        }

        try
        {
            return await CreateLinkedAsync(name, r, ct);
        }
        catch (DbUpdateException) when (r.PersonId is not null)
        {
            // A parallel request linked the person first: the unique index on PersonId held the line.
            if (await db.Users.AnyAsync(u => u.PersonId == r.PersonId, ct))
            {
                throw DuplicatePersonAccount();
            }

            throw;
        }
    }

    private static DomainException DuplicatePersonAccount() =>
        DomainException.Conflict(ErrorCodes.DuplicatePersonAccount, "该人员已有账户，一个人只能有一个账户");

    private Task<(long Id, string UserName)> CreateLinkedAsync(string name, CreateUserRequest r, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            if (await users.FindByNameAsync(name) is not null)
            {
                throw DomainException.Conflict(ErrorCodes.DuplicateUserName, $"用户名「{name}」已被使用");
            }

            if (r.PersonId is { } personId && await db.Users.AnyAsync(u => u.PersonId == personId, ct))
            {
                throw DuplicatePersonAccount();
            }

            var user = new ZhijianUser { UserName = name, PersonId = r.PersonId, CreatedAt = clock.GetUtcNow() };
            var result = await users.CreateAsync(user, r.Password!);
            if (!result.Succeeded)
            {
                throw DomainException.Validation(new Dictionary<string, string[]>
                {
                    ["password"] = result.Errors.Select(e => IdentityMessages.Describe(e)).ToArray(),
                });
            }

            await audit.AppendAsync(AuditAction.UserCreated, null, "User", user.Id, $"创建账户「{name}」", ct);
            if (user.PersonId is { } linked)
            {
                await audit.AppendAsync(AuditAction.UserPersonLinked, null, "User", user.Id,
                    $"账户「{name}」关联人员（人员编号 {linked}）", ct);
            }

            return (user.Id, name);
        }, ct);

    public async Task GrantAsync(long userId, RoleRequest r, CancellationToken ct = default)
    {
        var (role, orgId, orgPath) = await CheckRoleRequestAsync(userId, r, ct);
        await db.InTransactionAsync(async () =>
        {
            if (await db.RoleAssignments.AnyAsync(x => x.UserId == userId && x.Role == role && x.OrgId == orgId, ct))
            {
                return;
            }

            db.RoleAssignments.Add(new RoleAssignment { UserId = userId, Role = role, OrgId = orgId, CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.RoleGranted, orgId, "User", userId,
                $"授予角色 {role}{(orgPath is null ? "" : "，范围 " + orgPath)}", ct);
        }, ct);
    }

    /// <summary>Changes the caller's own password (the current one is required); audited, never logged.</summary>
    public async Task ChangePasswordAsync(long userId, ChangePasswordRequest r, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(r.CurrentPassword))
        {
            throw DomainException.Validation("currentPassword", "请填写原密码");
        }

        if (string.IsNullOrEmpty(r.NewPassword))
        {
            throw DomainException.Validation("newPassword", "请填写新密码");
        }

        if (r.NewPassword == r.CurrentPassword)
        {
            throw DomainException.Validation("newPassword", "新密码不能与原密码相同");
        }

        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw DomainException.NotFound("用户");

        // A wrong current password counts like a failed sign-in (issue 13, item 11): guessing here locks the account too.
        switch (await attempts.CheckAsync(user, r.CurrentPassword, ct))
        {
            case PasswordCheck.LockedOut:
                throw new DomainException(StatusCodes.Status401Unauthorized, ErrorCodes.LockedOut,
                    $"密码连续错误次数过多，账户已锁定，请 {await attempts.MinutesLockedAsync(user, ct)} 分钟后再试");
            case PasswordCheck.Failed:
                throw DomainException.Validation("currentPassword", "原密码不正确");
        }

        await db.InTransactionAsync(async () =>
        {
            var result = await users.ChangePasswordAsync(user, r.CurrentPassword, r.NewPassword);
            if (!result.Succeeded)
            {
                var wrongCurrent = result.Errors.Any(e => e.Code == "PasswordMismatch");
                throw DomainException.Validation(new Dictionary<string, string[]>
                {
                    [wrongCurrent ? "currentPassword" : "newPassword"] = result.Errors.Select(IdentityMessages.Describe).ToArray(),
                });
            }

            await audit.AppendAsync(AuditAction.PasswordChanged, null, "User", user.Id, $"「{user.UserName}」修改了自己的密码", ct);
        }, ct);
    }

    public async Task RevokeAsync(long userId, RoleRequest r, CancellationToken ct = default)
    {
        var (role, orgId, orgPath) = await CheckRoleRequestAsync(userId, r, ct);
        await db.InTransactionAsync(async () =>
        {
            var removed = await db.RoleAssignments.Where(x => x.UserId == userId && x.Role == role && x.OrgId == orgId)
                .ExecuteDeleteAsync(ct);
            if (removed > 0)
            {
                await audit.AppendAsync(AuditAction.RoleRevoked, orgId, "User", userId,
                    $"撤销角色 {role}{(orgPath is null ? "" : "，范围 " + orgPath)}", ct);
                await users.EndSessionsAsync(userId); // the user signs in again under the remaining roles
            }
        }, ct);
    }

    private async Task<(Role Role, long? OrgId, string? Path)> CheckRoleRequestAsync(long userId, RoleRequest r,
        CancellationToken ct)
    {
        if (r.Role is not { } role)
        {
            throw DomainException.Validation("role", "请选择角色（systemAdmin、orgAdmin、observer、member）");
        }

        // One answer whether the user or the organization is missing or out of scope (issue 13, item 12): the rights are
        // checked first, so a 403 never tells that a user id exists either.
        var notFound = new DomainException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, UserOrOrgNotFound);
        long? orgId = null;
        string? path = null;
        if (role == Role.SystemAdmin)
        {
            await scope.EnsureSystemAdmin(ct);
        }
        else
        {
            orgId = r.OrgId ?? throw DomainException.Validation("orgId", "请选择角色所管辖的组织");
            path = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Path).FirstOrDefaultAsync(ct)
                ?? throw notFound;
            if (!await scope.CanReadAsync(path, ct))
            {
                throw notFound;
            }

            if (!await scope.CanWriteAsync(path, ct))
            {
                throw DomainException.Forbidden();
            }
        }

        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            throw notFound;
        }

        return (role, orgId, path);
    }
}

/// <summary>Chinese messages for ASP.NET Core Identity's password and name errors.</summary>
public static class IdentityMessages
{
    public static string Describe(IdentityError e) => e.Code switch
    {
        "PasswordTooShort" => $"密码至少 {AccountsModule.MinPasswordLength} 位",
        "PasswordRequiresDigit" => "密码须包含数字",
        "PasswordRequiresLower" => "密码须包含小写字母",
        "PasswordRequiresUpper" => "密码须包含大写字母",
        "PasswordRequiresNonAlphanumeric" => "密码须包含符号",
        "PasswordMismatch" => "原密码不正确",
        "DuplicateUserName" => "用户名已被使用",
        "InvalidUserName" => "用户名只能包含字母、数字和 -._@+",
        _ => e.Description,
    };
}
