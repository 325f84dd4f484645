namespace Zhijian.Web.Features.Audit;

/// <summary>Chinese names of audited actions, for the UI.</summary>
public static class AuditNames
{
    public static string Of(AuditAction action) => action switch
    {
        AuditAction.UserCreated => "创建账户",
        AuditAction.RoleGranted => "授予角色",
        AuditAction.RoleRevoked => "撤销角色",
        AuditAction.PasswordChanged => "修改密码",
        AuditAction.UserLockedOut => "账户锁定",
        AuditAction.UserPersonLinked => "账户关联人员",
        AuditAction.OrgCreated => "新建组织",
        AuditAction.OrgUpdated => "修改组织",
        AuditAction.OrgMoved => "移动组织",
        AuditAction.OrgMerged => "合并组织",
        AuditAction.OrgDissolved => "撤销组织",
        AuditAction.MemberCreated => "新增党（团）员",
        AuditAction.MemberUpdated => "修改党（团）员",
        AuditAction.MemberEnded => "党（团）员出党（团）/转出",
        AuditAction.MemberRevealed => "查看完整证件号码",
        AuditAction.MembersImported => "导入党（团）员",
        AuditAction.MembersExported => "导出党（团）员",
        AuditAction.PositionCreated => "任职",
        AuditAction.PositionUpdated => "修改任职",
        AuditAction.PositionEnded => "免职",
        AuditAction.MeetingPlanned => "安排会议",
        AuditAction.MeetingRecorded => "提交会议记录",
        AuditAction.MeetingCorrected => "更正会议记录",
        AuditAction.MeetingAttachmentAdded => "上传会议附件",
        AuditAction.AlertResolved => "处理预警",
        AuditAction.AlertDismissed => "忽略预警",
        AuditAction.CorrectionFiled => "申请更正",
        AuditAction.CorrectionResolved => "处理更正申请",
        AuditAction.CorrectionRejected => "驳回更正申请",
        AuditAction.TransferApplied => "申请组织关系转接",
        AuditAction.TransferApproved => "同意转出",
        AuditAction.TransferAccepted => "同意接收",
        AuditAction.TransferRejected => "退回转接",
        AuditAction.TransferCancelled => "撤销转接",
        AuditAction.TransferReceiptRecorded => "登记介绍信回执",
        AuditAction.TransfersBatchCreated => "批量转接",
        AuditAction.DemoDataSeeded => "载入演示数据",
        _ => action.ToString(),
    };
}
