using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// The dues report of a subtree and period from the month totals (one row per organization and month, kept by generate,
/// pay and waive): summed over the subtree's path range, never a scan of the lines.
/// </summary>
public sealed class DuesReport(ZhijianDbContext db, OrganizationService orgs, TimeProvider clock)
{
    /// <summary>Default period: this year up to this month.</summary>
    public async Task<DuesReportDto> ForAsync(long orgId, string? fromText, string? toText, CancellationToken ct = default)
    {
        var (from, to) = Period(fromText, toText);
        var org = await orgs.FindReadableAsync(orgId, ct);
        var (lo, hi) = (from.Key, to.Key);
        var totals = db.Set<DuesMonthTotal>().AsNoTracking().Where(TreePath.In<DuesMonthTotal>(t => t.OrgPath, org.Path))
            .Where(t => t.Month >= lo && t.Month <= hi);
        var months = await totals.GroupBy(t => t.Month)
            .Select(g => new
            {
                Month = g.Key,
                Lines = g.Sum(t => t.Lines),
                Due = g.Sum(t => t.DueFen),
                Paid = g.Sum(t => t.PaidFen),
                Waived = g.Sum(t => t.WaivedFen),
                PaidLines = g.Sum(t => t.PaidLines)
            })
            .ToListAsync(ct);
        var byMonth = months.OrderBy(m => m.Month).Select(m => new DuesMonthRow(DuesMonth.FromKey(m.Month).ToString(), Yuan.Of(m.Due),
            Yuan.Of(m.Paid), Yuan.Of(m.Waived), m.Lines, m.PaidLines, Yuan.Rate(m.Paid, m.Due, m.Waived))).ToList();
        var byOrg = await ByChildAsync(org, totals, ct);
        var (due, paid, waived) = (months.Sum(m => m.Due), months.Sum(m => m.Paid), months.Sum(m => m.Waived));
        var last = months.OrderBy(m => m.Month).LastOrDefault();
        return new DuesReportDto(org.Id, from.ToString(), to.ToString(), Yuan.Of(due), Yuan.Of(paid), Yuan.Of(waived),
            Yuan.Of(due - paid - waived), last?.Lines ?? 0, last?.PaidLines ?? 0, Yuan.Rate(paid, due, waived), byMonth, byOrg);
    }

    /// <summary>The report as a workbook (GET …/dues-report.xlsx).</summary>
    public async Task<byte[]> WorkbookAsync(long orgId, string? fromText, string? toText, CancellationToken ct = default)
    {
        var report = await ForAsync(orgId, fromText, toText, ct);
        var org = await orgs.FindReadableAsync(orgId, ct);
        return await DuesWorkbooks.ReportAsync(report, org.Name, ct);
    }

    /// <summary>This month's figures of the subtree (the dashboard's collection rate): one range sum of the month totals.</summary>
    public async Task<DuesMonthRow> ThisMonthAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var month = DuesMonth.Of(clock.Today());
        var key = month.Key;
        var sums = await db.Set<DuesMonthTotal>().AsNoTracking().Where(TreePath.In<DuesMonthTotal>(t => t.OrgPath, org.Path))
            .Where(t => t.Month == key).GroupBy(_ => 1)
            .Select(g => new { Lines = g.Sum(t => t.Lines), Due = g.Sum(t => t.DueFen), Paid = g.Sum(t => t.PaidFen), Waived = g.Sum(t => t.WaivedFen), PaidLines = g.Sum(t => t.PaidLines) })
            .FirstOrDefaultAsync(ct);
        return new DuesMonthRow(month.ToString(), Yuan.Of(sums?.Due ?? 0), Yuan.Of(sums?.Paid ?? 0), Yuan.Of(sums?.Waived ?? 0),
            sums?.Lines ?? 0, sums?.PaidLines ?? 0, Yuan.Rate(sums?.Paid ?? 0, sums?.Due ?? 0, sums?.Waived ?? 0));
    }

    /// <summary>The figures per child organization (or the organization itself for a branch): one range sum per child.</summary>
    private async Task<IReadOnlyList<DuesOrgRow>> ByChildAsync(Organization org, IQueryable<DuesMonthTotal> totals, CancellationToken ct)
    {
        var children = await db.Organizations.AsNoTracking().Where(o => o.ParentId == org.Id).OrderBy(o => o.Order).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.ShortName, o.Path }).Take(500).ToListAsync(ct);
        var rows = new List<DuesOrgRow>();
        foreach (var c in children.Count == 0 ? [new { org.Id, org.ShortName, org.Path }] : children)
        {
            var sums = await totals.Where(TreePath.In<DuesMonthTotal>(t => t.OrgPath, c.Path)).GroupBy(_ => 1)
                .Select(g => new { Due = g.Sum(t => t.DueFen), Paid = g.Sum(t => t.PaidFen), Waived = g.Sum(t => t.WaivedFen) })
                .FirstOrDefaultAsync(ct);
            rows.Add(new DuesOrgRow(c.Id, c.ShortName, Yuan.Of(sums?.Due ?? 0), Yuan.Of(sums?.Paid ?? 0),
                Yuan.Rate(sums?.Paid ?? 0, sums?.Due ?? 0, sums?.Waived ?? 0)));
        }

        return rows;
    }

    private (DuesMonth From, DuesMonth To) Period(string? fromText, string? toText)
    {
        var now = DuesMonth.Of(clock.Today());
        var from = fromText is null ? new DuesMonth(now.Year, 1) : DuesMonth.Parse(fromText);
        var to = toText is null ? now : DuesMonth.Parse(toText);
        if (from is null || to is null || from.Value.CompareTo(to.Value) > 0 || to.Value.Key - from.Value.Key > 1000)
        {
            throw DomainException.Validation("from", "统计期间应为 YYYY-MM 至 YYYY-MM，起始不晚于结束，最长 10 年");
        }

        return (from.Value, to.Value);
    }
}
