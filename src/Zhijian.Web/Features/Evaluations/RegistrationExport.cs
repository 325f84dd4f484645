using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// The registration board of a subtree and year as a workbook: the totals, every active League branch (members, registered,
/// rate) and, on a second sheet, every current member not registered with the reason. Streamed from the database.
/// </summary>
public sealed class RegistrationExport(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, RegistrationService registrations,
    TimeProvider clock)
{
    public const string NoClosedEvaluation = "支部本年度教育评议未完成";
    public const string NotEvaluated = "未参加本年度教育评议";
    public const string Unqualified = "本年度评议为不合格";
    public const string NotYetRegistered = "支部尚未进行团籍注册";

    public async Task<Stream> ExportAsync(long orgId, int? year, CancellationToken ct = default)
    {
        var y = year ?? clock.Today().Year;
        if (y < 2000 || y > clock.Today().Year)
        {
            throw DomainException.Validation("year", $"注册年度应在 2000 至 {clock.Today().Year} 之间");
        }

        var stats = await registrations.StatsAsync(orgId, y, ct);
        var org = await orgs.FindReadableAsync(orgId, ct);
        var branches = await scope.Readable(db.Organizations.AsNoTracking()
            .Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.System == OrgSystem.League && o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active), o => o.Path, ct);
        var byBranch = (from o in branches
                        join k0 in db.OrgCounters on o.Id equals k0.OrgId into ks
                        from k in ks.DefaultIfEmpty()
                        join t0 in db.Set<RegistrationTally>().Where(t => t.Year == y) on o.Id equals t0.OrgId into ts
                        from t in ts.DefaultIfEmpty()
                        orderby o.Path
                        select new { o.Name, Members = k == null ? 0 : k.LeagueMembers, Registered = t == null ? 0 : t.Registered })
            .AsEnumerable().Select(b => new Dictionary<string, object?>
            {
                ["支部"] = b.Name,
                ["团员数"] = b.Members,
                ["已注册"] = b.Registered,
                ["注册率"] = RegistrationService.Rate(b.Registered, b.Members),
            });
        var summary = new List<Dictionary<string, object?>>
        {
            new() { ["组织"] = org.Name, ["年度"] = y, ["团员数"] = stats.Members, ["已注册"] = stats.Registered, ["注册率"] = stats.Rate },
        };
        return await Workbooks.SaveAsync(new Dictionary<string, IEnumerable<Dictionary<string, object?>>>
        {
            ["汇总"] = summary,
            ["各支部注册情况"] = Workbooks.Capped(byBranch, new() { ["支部"] = "（无团支部）" }, "支部"),
            ["未注册团员"] = Workbooks.Capped(await UnregisteredAsync(org, y, ct), new() { ["姓名"] = "（无）" }, "姓名"),
        }, ct);
    }

    /// <summary>Current League members of the subtree without a registration of the year, with why (from the branch's campaign).</summary>
    private async Task<IEnumerable<Dictionary<string, object?>>> UnregisteredAsync(Organization org, int y, CancellationToken ct)
    {
        var closed = db.Set<Evaluation>().Where(e => e.Year == y && e.Kind == EvaluationKind.LeagueEducation
            && e.State == EvaluationState.Closed);
        var members = await scope.Readable(db.Memberships.AsNoTracking()
            .Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
            .Where(m => m.System == OrgSystem.League && m.State != MemberState.Ended)
            .Where(m => !db.Set<Registration>().Any(x => x.MembershipId == m.Id && x.Year == y)), m => m.OrgPath, ct);
        return (from m in members
                join o in db.Organizations on m.OrgId equals o.Id
                orderby m.OrgPath, m.SortName
                select new
                {
                    m.Person!.Name,
                    Branch = o.Name,
                    Closed = closed.Any(e => e.OrgId == m.OrgId),
                    Graded = (from x in db.Set<EvaluationEntry>()
                              join e in closed on x.EvaluationId equals e.Id
                              where e.OrgId == m.OrgId && x.MembershipId == m.Id
                              select x.Grade).FirstOrDefault(),
                })
            .AsEnumerable().Select(r => new Dictionary<string, object?>
            {
                ["姓名"] = r.Name,
                ["支部"] = r.Branch,
                ["原因"] = Reason(r.Closed, r.Graded),
            });
    }

    public static string Reason(bool closedEvaluation, Grade? grade) =>
        !closedEvaluation ? NoClosedEvaluation
        : grade is null ? NotEvaluated
        : !EvaluationRules.Registrable(grade) ? Unqualified
        : NotYetRegistered;
}
