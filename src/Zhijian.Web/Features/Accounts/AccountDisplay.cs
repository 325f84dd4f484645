using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Accounts;

/// <summary>The signed-in account as the console shows it: a name people recognise rather than the sign-in name.</summary>
/// <param name="UserName">The sign-in name (shown as a tooltip).</param>
/// <param name="DisplayName">The linked person's name; else the role and organization (「某团委管理员」, 「系统管理员」).</param>
/// <param name="SystemAdmin">Whether the account administers the whole system (the administrator's corner shows).</param>
public sealed record CurrentAccount(string UserName, string DisplayName, bool SystemAdmin);

/// <summary>Reads the current account's display name: two or three indexed single-row reads.</summary>
public sealed class AccountDisplay(ZhijianDbContext db, IActor actor, CallerScope scope)
{
    public async Task<CurrentAccount?> CurrentAsync(CancellationToken ct = default)
    {
        if (actor.UserId is not { } id)
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.UserName, u.PersonId }).FirstOrDefaultAsync(ct);
        if (user?.UserName is null)
        {
            return null;
        }

        var grants = await scope.GrantsAsync(ct);
        var admin = grants.Any(g => g.Role == Role.SystemAdmin);
        var person = user.PersonId is { } pid
            ? await db.Persons.AsNoTracking().Where(p => p.Id == pid).Select(p => p.Name).FirstOrDefaultAsync(ct)
            : null;
        var display = person ?? (admin ? "系统管理员" : await GrantNameAsync(grants, ct)) ?? user.UserName;
        return new CurrentAccount(user.UserName, display, admin);
    }

    private async Task<string?> GrantNameAsync(IReadOnlyList<ScopeGrant> grants, CancellationToken ct)
    {
        var grant = grants.FirstOrDefault(g => g.Role is Role.OrgAdmin or Role.Observer && g.OrgId is not null);
        if (grant is null)
        {
            return null;
        }

        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == grant.OrgId).Select(o => o.ShortName).FirstOrDefaultAsync(ct);
        return org is null ? null : $"{org}{(grant.Role == Role.OrgAdmin ? "管理员" : "观察员")}";
    }
}
