using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>
/// 推优入党: a League organization recommends its members to a party branch; each becomes a party applicant record linked
/// to the League membership (<c>recommendationId</c>). The members must all be within the caller's writable scope (else
/// 404 and nothing is written); a member under the party age on the day, not a current League member, or already in a
/// party record or membership, is listed in <c>failed</c> with its code.
/// </summary>
public sealed class RecommendToParty(ZhijianDbContext db, DevelopmentTallies tallies, AuditLog audit,
    RuleBook rules, Authorization.CallerScope scope, IActor actor, TimeProvider clock)
{
    private const int MaxMembers = 200;

    public async Task<RecommendResult> RunAsync(RecommendRequest r, CancellationToken ct = default)
    {
        var (ids, branch, on) = await CheckAsync(r, ct);
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForShareAsync<Organization>(branch.Id, ct);
            var members = await db.Memberships.Where(m => ids.Contains(m.Id)).Include(m => m.Person).ToListAsync(ct);
            foreach (var id in ids)
            {
                if (members.FirstOrDefault(m => m.Id == id) is not { } m)
                {
                    throw DomainException.NotFound($"团员（编号 {id}）");
                }

                // Outside sight 404; visible but read-only (an observer) 403.
                await scope.EnsureWritable(m.OrgPath, $"团员（编号 {id}）", ct);
            }

            var set = await rules.CurrentAsync(ct);
            var created = new List<long>();
            var failed = new List<RecommendFailure>();
            foreach (var m in ids.Select(id => members.Single(x => x.Id == id)))
            {
                if (await RefusalAsync(m, on, set, ct) is { } failure)
                {
                    failed.Add(failure);
                    continue;
                }

                created.Add(await CreateAsync(m, branch, on, ct));
            }

            return new RecommendResult(created, failed);
        }, ct);
    }

    private async Task<(long[] Ids, Organization Branch, DateOnly On)> CheckAsync(RecommendRequest r, CancellationToken ct)
    {
        var ids = (r.MemberIds ?? []).Distinct().ToArray();
        if (ids.Length == 0 || ids.Length > MaxMembers)
        {
            throw DomainException.Validation("memberIds", $"请选择 1 至 {MaxMembers} 名团员");
        }

        // The League side recommends to a party branch it does not manage: the branch need only exist (its name is all the
        // caller learns); the members must be within the caller's writable scope.
        var toOrgId = r.ToOrgId ?? throw DomainException.Validation("toOrgId", "请选择接收的党支部");
        var branch = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == toOrgId, ct)
            ?? throw DomainException.Validation("toOrgId", "接收的党支部不存在");
        if (branch.System != OrgSystem.Party || branch.Kind != OrgKind.Branch || branch.Status != OrgStatus.Active)
        {
            throw DomainException.Validation("toOrgId", $"推优只能推荐到在用的党支部，「{branch.Name}」不是党支部");
        }

        var on = r.On ?? clock.Today();
        if (on > clock.Today())
        {
            throw DomainException.Validation("on", $"推优日期 {on:yyyy-MM-dd} 晚于今天");
        }

        return (ids, branch, on);
    }

    private async Task<RecommendFailure?> RefusalAsync(Membership m, DateOnly on, RuleSet set, CancellationToken ct)
    {
        if (m.System != OrgSystem.League || m.State == MemberState.Ended)
        {
            return new(m.Id, ErrorCodes.ValidationFailed, $"{m.SortName}不是在册团员");
        }

        if (m.Person?.BirthDate is not { } birth)
        {
            return new(m.Id, ErrorCodes.ValidationFailed, $"{m.SortName}没有出生日期");
        }

        if (DevelopmentRules.CheckAge(OrgSystem.Party, birth, on, set, "memberIds") is { } breach)
        {
            return new(m.Id, ErrorCodes.ValidationFailed, $"{m.SortName}：{breach.Message}");
        }

        var open = DevelopmentRules.OpenStages(OrgSystem.Party);
        if (await db.Set<DevelopmentRecord>().AnyAsync(x => x.PersonId == m.PersonId && x.System == OrgSystem.Party && open.Contains(x.Stage), ct)
            || await db.Memberships.AnyAsync(x => x.PersonId == m.PersonId && x.System == OrgSystem.Party && x.State != MemberState.Ended, ct))
        {
            return new(m.Id, ErrorCodes.InvalidState, $"{m.SortName}已是党员或已在发展程序中");
        }

        return null;
    }

    private async Task<long> CreateAsync(Membership m, Organization branch, DateOnly on, CancellationToken ct)
    {
        var path = await db.Organizations.Where(o => o.Id == branch.Id).Select(o => o.Path).SingleAsync(ct);
        var record = new DevelopmentRecord(OrgSystem.Party, m.PersonId, m.SortName, branch.Id, path, on, actor.UserName,
            clock.GetUtcNow(), recommendationId: m.Id);
        db.Add(record);
        await db.SaveChangesAsync(ct);
        await tallies.MoveStageAsync(record, null, DevelopmentStage.Applicant, ct);
        await tallies.AddAsync(record, on.Year, DevelopmentTallies.Recommended, 1, ct);
        await audit.AppendAsync(AuditAction.DevelopmentRecommended, branch.Id, nameof(DevelopmentRecord), record.Id,
            $"推优入党：团员{m.SortName}推荐至「{branch.ShortName}」（{on:yyyy-MM-dd}）", ct);
        return record.Id;
    }
}
