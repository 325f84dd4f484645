using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings;

/// <summary>
/// One meeting type's figures: per branch <c>required</c> periods, subtree totals otherwise. <c>Rate</c> is null when
/// nothing is required yet (no period has ended, or no branch): 0 required / 0 held is 不适用, not 100% 达标.
/// </summary>
public sealed record TypeCompliance(string Type, string Name, Frequency Frequency, int Required, long Held, long Late,
    long Flagged, long BranchesCompliant, double? Rate)
{
    public bool Applicable => Rate is not null;
}

/// <summary>
/// One branch's figures for one type: meetings held, periods covered (the running one included), periods required (ended
/// ones only). <c>Compliant</c> compares the required periods with <c>CoveredEnded</c>, the ended periods that have a
/// meeting: a meeting of the running month never makes up for a month that was missed.
/// </summary>
public sealed record BranchTypeCompliance(string Type, int Held, int Covered, int Required, int Late, int Flagged, bool Compliant,
    int CoveredEnded = 0)
{
    /// <summary>False while no period of the type has ended: the board shows 不适用 rather than 达标.</summary>
    public bool Applicable => Required > 0;
}

/// <summary>A branch's row; <c>Compliant</c> judges the applicable types only, <c>Applicable</c> is false when there is none.</summary>
public sealed record BranchCompliance(long OrgId, string Name, string Path, IReadOnlyList<BranchTypeCompliance> Types,
    int Late, int Flagged, bool Compliant)
{
    public bool Applicable => Types.Any(t => t.Applicable);

    /// <summary>The organizations between the board's organization and the branch (「公司团委 / 勘查中心团总支」), "" when directly under it.</summary>
    public string ParentPath { get; init; } = "";
}

/// <summary>
/// Answer of <c>GET /api/v1/orgs/{id}/meeting-compliance</c>: subtree totals per type and a page of branches.
/// A type's required count is the number of its periods that overlap [from, to] and have ended by today.
/// </summary>
public sealed record ComplianceReport(long OrgId, OrgSystem System, DateOnly From, DateOnly To, DateTimeOffset AsOf,
    long Branches, IReadOnlyList<TypeCompliance> ByType, long Late, long Flagged, IReadOnlyList<BranchCompliance> Items,
    int Page, int PageSize, long Total, bool TotalExact);

/// <summary>
/// The compliance board of organizational life (三会一课落实情况): held vs required per branch and type for any
/// subtree and period, aggregated in SQL over the subtree's path range (one grouped query, streamed), never per branch.
/// </summary>
public sealed class MeetingCompliance(ZhijianDbContext db, OrganizationService orgs, OrgCounters counters, RuleBook rules,
    OrgPathNames pathNames, TimeProvider clock)
{
    private sealed record Row(long BranchId, string Type, int Held, int Months, int Quarters, int Years, int Late, int Flagged,
        int EndedMonths, int EndedQuarters, int EndedYears);

    private sealed record Required(MeetingType Type, Frequency Frequency, int Count);

    public async Task<ComplianceReport> ReportAsync(long orgId, DateOnly? from, DateOnly? to, PageRequest page,
        CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var (start, end) = Range(from, to);
        var required = await RequiredAsync(org.System, start, end, ct);

        var branchQuery = Branches(org);
        var total = org.Kind == OrgKind.Branch ? 1 : (await counters.GetAsync(org.Id, ct))?.Branches ?? await branchQuery.LongCountAsync(ct);
        var pageBranches = await branchQuery.OrderBy(o => o.Path).Skip(page.Skip).Take(page.PageSize)
            .Select(o => new { o.Id, o.ShortName, o.Path }).ToListAsync(ct);
        var wanted = pageBranches.Select(b => b.Id).ToHashSet();

        var perType = required.ToDictionary(r => r.Type.Code, _ => new long[4]); // held, late, flagged, compliant branches
        var pageRows = new Dictionary<long, List<Row>>();
        await foreach (var row in Aggregate(org, start, end).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (perType.TryGetValue(row.Type, out var t))
            {
                var req = required.First(r => r.Type.Code == row.Type);
                t[0] += row.Held;
                t[1] += row.Late;
                t[2] += row.Flagged;
                if (CoveredEnded(row, req.Frequency) >= req.Count)
                {
                    t[3]++;
                }
            }

            if (wanted.Contains(row.BranchId))
            {
                (pageRows.TryGetValue(row.BranchId, out var list) ? list : pageRows[row.BranchId] = []).Add(row);
            }
        }

        var byType = required.Select(r =>
        {
            var t = perType[r.Type.Code];
            // Where nothing is required yet (or there is no branch) there is no rate: 不适用, never 100%.
            var compliant = r.Count == 0 ? 0 : t[3];
            return new TypeCompliance(r.Type.Code, r.Type.Name, r.Frequency, r.Count, t[0], t[1], t[2], compliant,
                r.Count == 0 || total == 0 ? null : Math.Round((double)compliant / total, 4));
        }).ToList();
        var ancestors = await pathNames.AncestorsAsync(pageBranches.Select(b => b.Path), ct);
        var items = pageBranches.Select(b => Branch(b.Id, b.ShortName, b.Path,
            pageRows.TryGetValue(b.Id, out var rows) ? rows : [], required) with
        {
            ParentPath = OrgPathNames.Join(ancestors(b.Path).Skip(org.Depth + 1)),
        }).ToList();
        return new ComplianceReport(org.Id, org.System, start, end, clock.GetUtcNow(), total, byType,
            perType.Values.Sum(v => v[1]), perType.Values.Sum(v => v[2]), items, page.Page, page.PageSize, total, true);
    }

    /// <summary>The board as a workbook: one row per branch, held/required per type, 补录 and flagged counts.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(long orgId, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var (start, end) = Range(from, to);
        var required = await RequiredAsync(org.System, start, end, ct);
        var byBranch = new Dictionary<long, List<Row>>();
        await foreach (var row in Aggregate(org, start, end).AsAsyncEnumerable().WithCancellation(ct))
        {
            (byBranch.TryGetValue(row.BranchId, out var list) ? list : byBranch[row.BranchId] = []).Add(row);
        }

        var sheet = new List<Dictionary<string, object?>>();
        await foreach (var b in Branches(org).OrderBy(o => o.Path).Select(o => new { o.Id, o.Name, o.ShortName, o.Path })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var c = Branch(b.Id, b.ShortName, b.Path, byBranch.TryGetValue(b.Id, out var rows) ? rows : [], required);
            var line = new Dictionary<string, object?> { ["组织"] = b.Name, ["简称"] = b.ShortName };
            foreach (var t in c.Types)
            {
                line[$"{MeetingTypes.NameOf(org.System, t.Type)}（已开/应开）"] = t.Applicable ? $"{t.CoveredEnded}/{t.Required}（{t.Held}次）" : $"不适用（{t.Held}次）";
            }

            line["补录"] = c.Late;
            line["未达法定人数"] = c.Flagged;
            line["是否达标"] = !c.Applicable ? "不适用" : c.Compliant ? "达标" : "未达标";
            sheet.Add(line);
        }

        if (sheet.Count == 0)
        {
            sheet.Add(new Dictionary<string, object?> { ["组织"] = "（无支部）" });
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: "三会一课落实情况", excelType: ExcelType.XLSX, cancellationToken: ct);
        return (stream.ToArray(), $"{org.ShortName}-三会一课-{start:yyyyMMdd}-{end:yyyyMMdd}.xlsx");
    }

    private (DateOnly From, DateOnly To) Range(DateOnly? from, DateOnly? to)
    {
        var today = clock.Today();
        var start = from ?? new DateOnly(today.Year, 1, 1);
        var end = to ?? new DateOnly(start.Year, 12, 31);
        if (end < start)
        {
            throw DomainException.Validation("to", "结束日期不能早于开始日期");
        }

        if (end.DayNumber - start.DayNumber > 366 * 5)
        {
            throw DomainException.Validation("to", "统计区间不超过 5 年");
        }

        return (start, end);
    }

    private async Task<List<Required>> RequiredAsync(OrgSystem system, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var set = await rules.CurrentAsync(ct);
        var today = clock.Today();
        return MeetingTypes.Of(system)
            .Select(t => (Type: t, Frequency: t.FrequencyOf(set, to < today ? to : today)))
            .Where(x => x.Frequency != Frequency.None)
            .Select(x => new Required(x.Type, x.Frequency, Period.EndedWithin(x.Frequency, from, to, today).Count))
            .ToList();
    }

    private IQueryable<Organization> Branches(Organization org) =>
        db.Organizations.AsNoTracking()
            .Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active);

    /// <summary>
    /// Recorded meetings of the subtree in the period, grouped by branch and type, in SQL: the distinct months, quarters and
    /// years held, all of them and those before the running one (today's month, quarter or year has not ended).
    /// </summary>
    private IQueryable<Row> Aggregate(Organization org, DateOnly from, DateOnly to)
    {
        var today = clock.Today();
        int month = today.Year * 100 + today.Month, quarter = today.Year * 10 + (today.Month - 1) / 3 + 1, year = today.Year;
        return db.Set<Meeting>().AsNoTracking()
            .Where(TreePath.In<Meeting>(m => m.OrgPath, org.Path))
            .Where(m => m.State == MeetingState.Recorded && m.HeldOn >= from && m.HeldOn <= to)
            .GroupBy(m => new { m.BranchId, m.Type })
            .Select(g => new Row(g.Key.BranchId, g.Key.Type, g.Count(),
                g.Select(m => m.HeldMonth).Distinct().Count(),
                g.Select(m => m.HeldQuarter).Distinct().Count(),
                g.Select(m => m.HeldYear).Distinct().Count(),
                g.Count(m => m.Late),
                g.Count(m => m.Flagged),
                g.Where(m => m.HeldMonth < month).Select(m => m.HeldMonth).Distinct().Count(),
                g.Where(m => m.HeldQuarter < quarter).Select(m => m.HeldQuarter).Distinct().Count(),
                g.Where(m => m.HeldYear < year).Select(m => m.HeldYear).Distinct().Count()));
    }

    private static int Covered(Row row, Frequency f) => f switch
    {
        Frequency.Month => row.Months,
        Frequency.Quarter => row.Quarters,
        Frequency.Year => row.Years,
        _ => row.Held,
    };

    private static int CoveredEnded(Row row, Frequency f) => f switch
    {
        Frequency.Month => row.EndedMonths,
        Frequency.Quarter => row.EndedQuarters,
        Frequency.Year => row.EndedYears,
        _ => row.Held,
    };

    private static BranchCompliance Branch(long id, string name, string path, List<Row> rows, List<Required> required)
    {
        var types = required.Select(r =>
        {
            var row = rows.FirstOrDefault(x => x.Type == r.Type.Code);
            var covered = row is null ? 0 : Covered(row, r.Frequency);
            var ended = row is null ? 0 : CoveredEnded(row, r.Frequency);
            return new BranchTypeCompliance(r.Type.Code, row?.Held ?? 0, covered, r.Count, row?.Late ?? 0, row?.Flagged ?? 0,
                ended >= r.Count, ended);
        }).ToList();
        return new BranchCompliance(id, name, path, types, rows.Sum(r => r.Late), rows.Sum(r => r.Flagged),
            types.Where(t => t.Applicable).All(t => t.Compliant));
    }
}
