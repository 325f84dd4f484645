namespace Zhijian.Web.Features.Audit;

/// <summary>Audited actions, grouped in numbered blocks per feature; numbers are stored, never reused.</summary>
public enum AuditAction
{
    // 1000: accounts
    UserCreated = 1000,
    RoleGranted = 1001,
    RoleRevoked = 1002,
    PasswordChanged = 1003,
    UserLockedOut = 1004,

    // 1100: organizations
    OrgCreated = 1100,
    OrgUpdated = 1101,
    OrgMoved = 1102,
    OrgMerged = 1103,
    OrgDissolved = 1104,

    // 1200: members
    MemberCreated = 1200,
    MemberUpdated = 1201,
    MemberEnded = 1202,
    MemberRevealed = 1203,
    MembersImported = 1204,
    MembersExported = 1205,

    // 1300: cadres
    PositionCreated = 1300,
    PositionUpdated = 1301,
    PositionEnded = 1302,

    // 1400: rules
    RuleAdded = 1400,

    // 1500: transfers
    TransferApplied = 1500,
    TransferApproved = 1501,
    TransferAccepted = 1502,
    TransferRejected = 1503,
    TransferCancelled = 1504,
    TransferReceiptRecorded = 1505,
    TransfersBatchCreated = 1506,

    // 1900: system
    DemoDataSeeded = 1900,
}
