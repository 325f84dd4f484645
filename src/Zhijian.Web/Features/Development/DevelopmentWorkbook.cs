using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>
/// The development records of a subtree as a workbook (<c>GET /api/v1/orgs/{id}/development.xlsx</c>): one row per record
/// with its stage, the day of every step, days in the stage, contacts and the next step's due day. Rows are read in
/// chunks by id and streamed to a temporary file by <see cref="Workbooks.SaveAsync"/> (deleted when the download ends),
/// so memory stays flat.
/// </summary>
public sealed class DevelopmentWorkbook(ZhijianDbContext db, OrganizationService orgs, RuleBook rules, TimeProvider clock)
{
    public const string ContentType = Workbooks.ContentType;
    private const int Chunk = 2000;

    public static readonly string[] Headers =
    [
        "姓名", "所在支部", "阶段", "申请日期", "谈话日期", "确定积极分子日期", "列为发展对象日期", "支部大会表决日期", "上级党委审批日期",
        "转正日期", "终止日期", "终止原因", "本阶段天数", "培养联系人", "下一步", "下一步期限", "发展编号", "团组织推优",
    ];

    public async Task<Stream> ForAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var set = await rules.CurrentAsync(ct);
        var today = clock.Today();
        return await Workbooks.SaveAsync(new Dictionary<string, IEnumerable<Dictionary<string, object?>>>
        {
            ["发展记录"] = Rows(org.Path, set, today),
        }, ct);
    }

    /// <summary>The subtree's records, a chunk at a time (keyset by id), each with its contacts and its branch's name.</summary>
    private IEnumerable<Dictionary<string, object?>> Rows(string path, RuleSet set, DateOnly today)
    {
        var after = 0L;
        var any = false;
        while (true)
        {
            var chunk = db.Set<DevelopmentRecord>().AsNoTracking().Where(TreePath.In<DevelopmentRecord>(r => r.OrgPath, path))
                .Where(r => r.Id > after).OrderBy(r => r.Id).Take(Chunk).Include(r => r.Contacts).AsSplitQuery().ToList();
            if (chunk.Count == 0)
            {
                break;
            }

            var orgIds = chunk.Select(r => r.OrgId).Distinct().ToArray();
            var names = db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionary(o => o.Id, o => o.ShortName);
            foreach (var r in chunk)
            {
                any = true;
                yield return Row(r, names.GetValueOrDefault(r.OrgId) ?? "", set, today);
            }

            after = chunk[^1].Id;
        }

        if (!any)
        {
            yield return Headers.ToDictionary(h => h, _ => (object?)null);
        }
    }

    private static Dictionary<string, object?> Row(DevelopmentRecord r, string branch, RuleSet set, DateOnly today)
    {
        var (next, due) = DevelopmentRules.IsOpen(r.System, r.Stage) ? DevelopmentRules.NextStep(r.Facts, r.TalkOn is not null, set) : ("", null);
        var stage = DevelopmentRules.StageName(r.System, r.Stage) + (DevelopmentRules.AwaitingApproval(r.Facts) ? "（已表决，待审批）" : "");
        var values = new object?[]
        {
            r.Name, branch, stage, Day(r.AppliedOn), Day(r.TalkOn), Day(r.ActivistOn), Day(r.CandidateOn), Day(r.AdmittedOn),
            Day(r.ApprovedOn), Day(r.FullOn), Day(r.ClosedOn), r.CloseReason, Math.Max(0, today.DayNumber - r.LastStepOn.DayNumber),
            string.Join("、", r.Contacts.Select(c => c.Name)), next == "" ? null : next, Day(due), r.DevelopmentNumber,
            r.RecommendationId is null ? "" : "是",
        };
        return Headers.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
