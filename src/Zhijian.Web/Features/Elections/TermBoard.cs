using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Elections;

/// <summary>
/// The terms board (换届看板): active organizations of a subtree whose term ends within <c>term.remindMonths</c> or has
/// ended, from the indexed <c>TermEndsOn</c> (kept by Organizations on every election, extension and term edit), in
/// order of the end. Organizations whose term start or length was never recorded are not on it.
/// </summary>
public sealed class TermBoard(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, RuleBook rules, TimeProvider clock)
{
    public static int RemindMonths(RuleSet set, DateOnly on) =>
        Math.Max(set.Int(OrgSystem.Party, "term.remindMonths", on), set.Int(OrgSystem.League, "term.remindMonths", on));

    public async Task<PagedList<TermDto>> ListAsync(long orgId, bool subtree, string? status, PageRequest page,
        CancellationToken ct = default)
    {
        if (status is not (null or "" or "ending" or "overdue"))
        {
            throw DomainException.Validation("status", "status 应为 ending（即将届满）或 overdue（已届满）");
        }

        var org = await orgs.FindReadableAsync(orgId, ct);
        var today = clock.Today();
        var set = await rules.CurrentAsync(ct);
        var remind = RemindMonths(set, today);
        var horizon = today.AddMonths(remind);
        var query = db.Organizations.AsNoTracking()
            .Where(subtree ? TreePath.In<Organization>(o => o.Path, org.Path) : o => o.Id == org.Id)
            .Where(o => o.Status == OrgStatus.Active && o.Kind != OrgKind.Group && o.TermEndsOn != null);
        query = await scope.Readable(query, o => o.Path, ct);
        query = status switch
        {
            "overdue" => query.Where(o => o.TermEndsOn <= today),
            "ending" => query.Where(o => o.TermEndsOn > today && o.TermEndsOn <= horizon),
            _ => query.Where(o => o.TermEndsOn <= horizon),
        };
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderBy(o => o.TermEndsOn).ThenBy(o => o.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(o => new { o.Id, o.Name, o.ShortName, o.System, o.Kind, o.Category, o.TermStartedOn, o.TermYears, o.TermExtendedMonths, o.TermEndsOn })
            .ToListAsync(ct);
        var items = rows.Select(o => Dto(o.Id, o.Name, o.ShortName, o.System, o.Kind, o.TermStartedOn, o.TermYears,
            o.TermExtendedMonths, o.TermEndsOn, TermRules.For(set, o.System, o.Kind, o.Category, o.TermStartedOn ?? today).MaxShiftMonths,
            today, remind)).ToList();
        return new PagedList<TermDto>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>
    /// Term status of every active organization of a subtree (groups aside) as a workbook, by path: start, length,
    /// extension, end, days left or overdue, and the state 正常 / 6个月内到期 / 已超期 / 未登记; a last sheet counts the states.
    /// Streamed from the database.
    /// </summary>
    public async Task<Stream> ExportAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var today = clock.Today();
        var set = await rules.CurrentAsync(ct);
        var remind = RemindMonths(set, today);
        var query = await scope.Readable(db.Organizations.AsNoTracking()
            .Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.Status == OrgStatus.Active && o.Kind != OrgKind.Group), o => o.Path, ct);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var rows = query.OrderBy(o => o.Path)
            .Select(o => new { o.Id, o.Name, o.ShortName, o.System, o.Kind, o.Category, o.TermStartedOn, o.TermYears, o.TermExtendedMonths, o.TermEndsOn })
            .AsEnumerable().Select(o =>
            {
                var limits = TermRules.For(set, o.System, o.Kind, o.Category, o.TermStartedOn ?? today);
                var end = o.TermEndsOn ?? (o.TermStartedOn is { } s ? TermRules.EndOf(s, o.TermYears ?? limits.DefaultYears, o.TermExtendedMonths) : null);
                var t = Dto(o.Id, o.Name, o.ShortName, o.System, o.Kind, o.TermStartedOn, o.TermYears, o.TermExtendedMonths, end,
                    limits.MaxShiftMonths, today, remind);
                var state = StateName(t.Status, remind);
                counts[state] = counts.GetValueOrDefault(state) + 1;
                return new Dictionary<string, object?>
                {
                    ["组织"] = t.Name,
                    ["类型"] = ContainmentRules.KindName(t.System, t.Kind),
                    ["本届开始"] = t.TermStartedOn?.ToString("yyyy-MM-dd"),
                    ["任期（年）"] = t.TermYears,
                    ["延期（月）"] = t.TermExtendedMonths,
                    ["届满日期"] = t.TermEndsOn?.ToString("yyyy-MM-dd"),
                    ["剩余天数"] = t.DaysLeft is > 0 ? t.DaysLeft : null,
                    ["超期天数"] = t.DaysLeft is <= 0 ? -t.DaysLeft : null,
                    ["状态"] = state,
                };
            });

        // The summary is the last sheet: the workbook writes sheets in order, so the counts are complete when it is read.
        IEnumerable<Dictionary<string, object?>> Summary()
        {
            yield return new() { ["项目"] = "组织", ["数值"] = org.Name };
            yield return new() { ["项目"] = "统计日期", ["数值"] = today.ToString("yyyy-MM-dd") };
            foreach (var (state, n) in counts)
            {
                yield return new() { ["项目"] = state, ["数值"] = n };
            }
        }

        return await Workbooks.SaveAsync(new Dictionary<string, IEnumerable<Dictionary<string, object?>>>
        {
            ["各组织任期"] = Workbooks.Capped(rows, new() { ["组织"] = "（无组织）" }, "组织"),
            ["汇总"] = Summary(),
        }, ct);
    }

    public static string StateName(string status, int remindMonths) => status switch
    {
        "overdue" => "已超期",
        "ending" => $"{remindMonths}个月内到期",
        "ok" => "正常",
        _ => "未登记",
    };

    /// <summary>One organization's current term (the 换届 tab's header).</summary>
    public async Task<TermDto> OfAsync(long orgId, CancellationToken ct = default)
    {
        var o = await orgs.FindReadableAsync(orgId, ct);
        var today = clock.Today();
        var set = await rules.CurrentAsync(ct);
        var limits = TermRules.For(set, o.System, o.Kind, o.Category, o.TermStartedOn ?? today);
        var end = o.TermEndsOn ?? (o.TermStartedOn is { } s ? TermRules.EndOf(s, o.TermYears ?? limits.DefaultYears, o.TermExtendedMonths) : null);
        return Dto(o.Id, o.Name, o.ShortName, o.System, o.Kind, o.TermStartedOn, o.TermYears, o.TermExtendedMonths, end,
            limits.MaxShiftMonths, today, RemindMonths(set, today));
    }

    public static TermDto Dto(long id, string name, string shortName, OrgSystem system, OrgKind kind, DateOnly? start, int? years,
        int extended, DateOnly? end, int maxShift, DateOnly today, int remindMonths)
    {
        var status = end is not { } e ? "unknown" : e <= today ? "overdue" : e <= today.AddMonths(remindMonths) ? "ending" : "ok";
        int? days = end is { } d ? d.DayNumber - today.DayNumber : null;
        return new TermDto(id, id, name, shortName, system, kind, start, years, extended, end, maxShift, status, days);
    }
}
