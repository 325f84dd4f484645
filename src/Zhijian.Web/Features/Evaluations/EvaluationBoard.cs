using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>Where a branch stands in a year's evaluation: none opened (未开展), opened not closed (未完成), closed (已完成).</summary>
public enum BoardStatus
{
    NotStarted,
    Open,
    Closed,
}

/// <summary>One branch on the committee's evaluation board: its campaign of the year (if any) with the grade distribution.</summary>
public sealed record BranchEvaluationDto(long OrgId, string Name, string ShortName, BoardStatus Status, long? EvaluationId,
    long Members, int Attended, int Excellent, int Qualified, int BasicallyQualified, int Unqualified, DateTimeOffset? ClosedAt);

/// <summary>
/// The committee's evaluation board of a subtree and year: every active branch of the kind's system, done or not, paged in
/// SQL, with the counts per status over the whole subtree.
/// </summary>
public sealed record EvaluationBoardDto(long OrgId, int Year, EvaluationKind Kind, long Branches, long NotStarted, long Open,
    long Closed, IReadOnlyList<BranchEvaluationDto> Items, int Page, int PageSize, long Total, bool TotalExact);

/// <summary>
/// The superiors' evaluation board (评议看板): the branches of a subtree that held no evaluation of the year, those not
/// closed and those closed. Branches are filtered and paged in SQL (ordered by path, a range scan), the page's campaigns
/// and grade counts read for the page only; the per-status totals are one count of branches and one grouped count of the
/// year's campaigns, so the root of a national tree never loads its branches into memory. The export streams every branch.
/// </summary>
public sealed class EvaluationBoard(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, TimeProvider clock)
{
    public static string NameOf(BoardStatus s) => s switch
    {
        BoardStatus.NotStarted => "未开展",
        BoardStatus.Open => "未完成",
        _ => "已完成",
    };

    public async Task<EvaluationBoardDto> BoardAsync(long orgId, int? year, string? kind, string? status, PageRequest page,
        CancellationToken ct = default)
    {
        var (org, y, k, system) = await ResolveAsync(orgId, year, kind, ct);
        var filter = ParseStatus(status);
        var branches = await BranchesAsync(org, system, ct);
        var campaigns = Campaigns(org, y, k).Where(e => branches.Any(o => o.Id == e.OrgId));
        var byState = await campaigns.GroupBy(e => e.State).Select(g => new { g.Key, N = g.LongCount() }).ToListAsync(ct);
        var open = byState.Where(s => s.Key == EvaluationState.Open).Sum(s => s.N);
        var closed = byState.Where(s => s.Key == EvaluationState.Closed).Sum(s => s.N);
        var all = await branches.LongCountAsync(ct);
        var filtered = filter switch
        {
            BoardStatus.NotStarted => branches.Where(o => !db.Set<Evaluation>().Any(e => e.OrgId == o.Id && e.Year == y && e.Kind == k)),
            BoardStatus.Open => branches.Where(o => db.Set<Evaluation>().Any(e => e.OrgId == o.Id && e.Year == y && e.Kind == k
                && e.State == EvaluationState.Open)),
            BoardStatus.Closed => branches.Where(o => db.Set<Evaluation>().Any(e => e.OrgId == o.Id && e.Year == y && e.Kind == k
                && e.State == EvaluationState.Closed)),
            _ => branches,
        };
        var total = filter switch
        {
            BoardStatus.NotStarted => all - open - closed,
            BoardStatus.Open => open,
            BoardStatus.Closed => closed,
            _ => all,
        };
        var pageRows = await Rows(filtered.OrderBy(o => o.Path).Skip(page.Skip).Take(page.PageSize), y, k, system)
            .OrderBy(r => r.Path).ToListAsync(ct);
        return new EvaluationBoardDto(org.Id, y, k, all, all - open - closed, open, closed, pageRows.ConvertAll(Dto),
            page.Page, page.PageSize, total, true);
    }

    /// <summary>The whole board as a workbook: a summary sheet and one row per branch (streamed).</summary>
    public async Task<Stream> ExportAsync(long orgId, int? year, string? kind, CancellationToken ct = default)
    {
        var board = await BoardAsync(orgId, year, kind, null, PageRequest.From(1, 1), ct);
        var org = await orgs.FindReadableAsync(orgId, ct);
        var branches = await BranchesAsync(org, SystemOf(board.Kind), ct);
        var rows = Rows(branches.OrderBy(o => o.Path), board.Year, board.Kind, SystemOf(board.Kind)).OrderBy(r => r.Path)
            .AsEnumerable().Select(r => Line(Dto(r)));
        var summary = new List<Dictionary<string, object?>>
        {
            Item("组织", org.Name),
            Item("年度", board.Year),
            Item("评议类型", EvaluationRules.NameOf(board.Kind)),
            Item("支部数", board.Branches),
            Item("已完成", board.Closed),
            Item("未完成", board.Open),
            Item("未开展", board.NotStarted),
        };
        return await Workbooks.SaveAsync(new Dictionary<string, IEnumerable<Dictionary<string, object?>>>
        {
            ["汇总"] = summary,
            ["各支部评议情况"] = Workbooks.Capped(rows, new() { ["支部"] = "（无支部）" }, "支部"),
        }, ct);
    }

    public static Dictionary<string, object?> Line(BranchEvaluationDto b) => new()
    {
        ["支部"] = b.Name,
        ["状态"] = NameOf(b.Status),
        ["参评人数"] = b.Members,
        ["到会"] = b.Attended,
        ["优秀"] = b.Excellent,
        ["合格"] = b.Qualified,
        ["基本合格"] = b.BasicallyQualified,
        ["不合格"] = b.Unqualified,
        ["结束日期"] = b.ClosedAt?.InChina().ToString("yyyy-MM-dd"),
    };

    private static Dictionary<string, object?> Item(string name, object? value) => new() { ["项目"] = name, ["数值"] = value };

    /// <summary>A branch with its campaign (a class with settable members: EF orders by a member of an initializer, not of a constructor).</summary>
    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string ShortName { get; init; } = "";
        public string Path { get; init; } = "";
        public long? EvaluationId { get; init; }
        public EvaluationState? State { get; init; }
        public int? Snapshot { get; init; }
        public long Current { get; init; }
        public int Attended { get; init; }
        public int Excellent { get; init; }
        public int Qualified { get; init; }
        public int BasicallyQualified { get; init; }
        public int Unqualified { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
    }

    /// <summary>
    /// Each branch with its campaign of the year and the campaign's counts (a left join on a grouped count). The outer-joined
    /// counts are read through nullable casts (SQL COALESCE): a null check on the grouped row does not translate.
    /// </summary>
    private IQueryable<Row> Rows(IQueryable<Organization> branches, int year, EvaluationKind kind, OrgSystem system)
    {
        var campaigns = db.Set<Evaluation>().Where(e => e.Year == year && e.Kind == kind);
        var counts = from x in db.Set<EvaluationEntry>()
                     join e in campaigns on x.EvaluationId equals e.Id
                     group x by x.EvaluationId into g
                     select new
                     {
                         Id = g.Key,
                         Attended = g.Count(x => x.Attended),
                         Excellent = g.Count(x => x.Grade == Grade.Excellent),
                         Qualified = g.Count(x => x.Grade == Grade.Qualified),
                         Basically = g.Count(x => x.Grade == Grade.BasicallyQualified),
                         Unqualified = g.Count(x => x.Grade == Grade.Unqualified),
                     };
        var league = system == OrgSystem.League;
        return from o in branches
               join e0 in campaigns on o.Id equals e0.OrgId into es
               from e in es.DefaultIfEmpty()
               join c0 in counts on e.Id equals c0.Id into cs
               from c in cs.DefaultIfEmpty()
               join k0 in db.OrgCounters on o.Id equals k0.OrgId into ks
               from k in ks.DefaultIfEmpty()
               select new Row
               {
                   Id = o.Id,
                   Name = o.Name,
                   ShortName = o.ShortName,
                   Path = o.Path,
                   EvaluationId = e == null ? null : e.Id,
                   State = e == null ? null : e.State,
                   Snapshot = e == null ? null : e.Members,
                   Current = (league ? (long?)k.LeagueMembers : (long?)(k.Probationary + k.Full)) ?? 0,
                   Attended = (int?)c.Attended ?? 0,
                   Excellent = (int?)c.Excellent ?? 0,
                   Qualified = (int?)c.Qualified ?? 0,
                   BasicallyQualified = (int?)c.Basically ?? 0,
                   Unqualified = (int?)c.Unqualified ?? 0,
                   ClosedAt = e == null ? null : e.ClosedAt,
               };
    }

    private static BranchEvaluationDto Dto(Row r) => new(r.Id, r.Name, r.ShortName,
        r.State switch { null => BoardStatus.NotStarted, EvaluationState.Open => BoardStatus.Open, _ => BoardStatus.Closed },
        r.EvaluationId, r.Snapshot ?? r.Current, r.Attended, r.Excellent, r.Qualified, r.BasicallyQualified, r.Unqualified, r.ClosedAt);

    private async Task<IQueryable<Organization>> BranchesAsync(Organization org, OrgSystem system, CancellationToken ct) =>
        await scope.Readable(db.Organizations.AsNoTracking()
            .Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.Kind == OrgKind.Branch && o.System == system && o.Status == OrgStatus.Active), o => o.Path, ct);

    private IQueryable<Evaluation> Campaigns(Organization org, int year, EvaluationKind kind) =>
        db.Set<Evaluation>().AsNoTracking().Where(e => e.Year == year && e.Kind == kind)
            .Where(TreePath.In<Evaluation>(e => e.OrgPath, org.Path));

    private static OrgSystem SystemOf(EvaluationKind kind) =>
        kind == EvaluationKind.LeagueEducation ? OrgSystem.League : OrgSystem.Party;

    private async Task<(Organization Org, int Year, EvaluationKind Kind, OrgSystem System)> ResolveAsync(long orgId, int? year,
        string? kind, CancellationToken ct)
    {
        var today = clock.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year)
        {
            throw DomainException.Validation("year", $"评议年度应在 2000 至 {today.Year} 之间");
        }

        var org = await orgs.FindReadableAsync(orgId, ct);
        var k = kind switch
        {
            null or "" => EvaluationRules.KindOf(org.System),
            "leagueEducation" => EvaluationKind.LeagueEducation,
            "partyDemocratic" => EvaluationKind.PartyDemocratic,
            _ => throw DomainException.Validation("kind", "kind 应为 leagueEducation（团员教育评议）或 partyDemocratic（民主评议党员）"),
        };
        return (org, y, k, SystemOf(k));
    }

    private static BoardStatus? ParseStatus(string? status) => status switch
    {
        null or "" => null,
        "notStarted" => BoardStatus.NotStarted,
        "open" => BoardStatus.Open,
        "closed" => BoardStatus.Closed,
        _ => throw DomainException.Validation("status", "status 应为 notStarted（未开展）、open（未完成）或 closed（已完成）"),
    };
}
