using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>
/// Feeds the alert centre: every open transfer step past its due time (the 72-hour rule) is an alert for the
/// organization that must act; it resolves itself once the step is decided.
/// </summary>
public sealed class TransferAlertSource(TransferQueries transfers) : IAlertSource
{
    public async Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct) =>
        (await transfers.OverdueAsync(now, ct)).Select(t => new AlertCondition(
            AlertType.TransferOverdue, t.OrgId, $"transfer:{t.TransferId}",
            $"{t.MemberName}的组织关系转接超时未办理",
            ChinaTime.DateOf(t.DueAt),
            $"应于 {t.DueAt.InChina():yyyy-MM-dd HH:mm} 前办理（每一步 72 小时内答复），请尽快审批或退回")).ToList();
}
