using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>
/// Development's part of the statistics tab and workbook (sheet 发展): the figures of <c>development-stats</c> — open
/// records by stage, and the year's admitted, 转正, 推优 (and admitted through 推优), closed — from the tallies.
/// </summary>
public sealed class DevelopmentStatisticsSection(DevelopmentQueries queries, OrganizationService orgs) : IStatisticsSection
{
    public const string Title = "发展";

    public int Order => 10;

    public async Task<StatisticsSection?> ForAsync(long orgId, CancellationToken ct)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var s = await queries.StatsAsync(orgId, null, ct);
        var party = org.System == OrgSystem.Party;
        var open = $"在途（{(party ? "入党" : "入团")}各阶段）";
        var year = $"{s.Year} 年";
        var figures = DevelopmentRules.OpenStages(org.System)
            .Select(stage => new StatisticsFigure(open, DevelopmentRules.StageName(org.System, stage),
                s.ByStage.GetValueOrDefault(DevelopmentTallies.JsonName(stage))))
            .ToList();
        figures.Add(new(year, party ? "接收预备党员" : "发展团员", s.Admitted));
        if (party)
        {
            figures.Add(new(year, "预备党员转正", s.Full));
            figures.Add(new(year, "团组织推优", s.Recommended));
            figures.Add(new(year, "其中经推优接收", s.AdmittedThroughRecommendation));
        }

        figures.Add(new(year, "终止发展程序", s.Closed));
        return new StatisticsSection(Title, figures);
    }
}
