namespace Zhijian.Web.Features.Transfers;

/// <summary>Chinese names of the transfer vocabulary, for pages, letters and messages.</summary>
public static class TransferNames
{
    public static string State(TransferState s) => s switch
    {
        TransferState.PendingOut => "待转出审批",
        TransferState.PendingIn => "待转入接收",
        TransferState.Completed => "已完成",
        TransferState.Rejected => "已退回",
        _ => "已撤销",
    };

    public static string Reason(TransferReason r) => r switch
    {
        TransferReason.Study => "升学",
        TransferReason.Work => "工作调动",
        TransferReason.Graduation => "毕业",
        TransferReason.Abroad => "出国（境）",
        TransferReason.Military => "参军入伍",
        TransferReason.Unemployed => "离职待业",
        _ => "其他",
    };

    public static string Decision(TransferDecision d) => d switch
    {
        TransferDecision.Approved => "同意转出",
        TransferDecision.Accepted => "同意接收",
        TransferDecision.Rejected => "退回",
        TransferDecision.Cancelled => "撤销申请",
        _ => "登记回执",
    };
}
