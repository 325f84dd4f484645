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
    TwoFactorEnabled = 1010,
    TwoFactorDisabled = 1011,
    TwoFactorRecoveryCodesRenewed = 1012,

    /// <summary>An account was linked to a person (issue 13: the summary names the person id).</summary>
    UserPersonLinked = 1020,

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

    // 1500: organizational life (meetings)
    MeetingPlanned = 1500,
    MeetingRecorded = 1501,
    MeetingCorrected = 1502,
    MeetingAttachmentAdded = 1503,

    // 1600: alerts
    AlertResolved = 1600,
    AlertDismissed = 1601,

    // 1700: transfers
    TransferApplied = 1700,
    TransferApproved = 1701,
    TransferAccepted = 1702,
    TransferRejected = 1703,
    TransferCancelled = 1704,
    TransferReceiptRecorded = 1705,
    TransfersBatchCreated = 1706,

    // 1800: correction requests
    CorrectionFiled = 1800,
    CorrectionResolved = 1801,
    CorrectionRejected = 1802,
    CorrectionRevealed = 1803,

    // 1900: system
    DemoDataSeeded = 1900,

    // 2100: development (发展党员/团员, 推优入党)
    DevelopmentApplied = 2100,
    DevelopmentAdvanced = 2101,
    DevelopmentClosed = 2102,
    DevelopmentRecommended = 2103,
    DevelopmentVoted = 2104,
    // 2000: dues
    DuesProfileSet = 2000,
    DuesMonthGenerated = 2001,
    DuesPaid = 2002,
    DuesWaived = 2003,
    DuesBasesImported = 2004,
    DuesPaymentsImported = 2005,
    DuesPaidOnline = 2006,
    DuesProfilesBulkSet = 2010,

    // Reserved blocks of the contract-v2 modules (each module adds its actions in its own block):
    // 2000 dues · 2100 development · 2200 evaluations and registration · 2300 terms and elections ·
    // 2400 notices, talks and the mailbox · 2500 learning and training · 2600 libraries.

    // 2200: evaluations and registration (教育评议 / 民主评议党员 / 团籍注册)
    EvaluationOpened = 2200,
    EvaluationResultsRecorded = 2201,
    EvaluationClosed = 2202,
    RegistrationRecorded = 2203,

    // 2300: terms and elections (换届)
    ElectionRecorded = 2300,
    TermExtended = 2301,
    // 2400: notices, talks and the mailbox
    NoticeSent = 2400,
    NoticeAttachmentAdded = 2401,
    NoticeReminded = 2402,
    NoticeRead = 2403,
    TalkRecorded = 2410,
    LetterWritten = 2420,
    LetterReplied = 2421,
    // 2500: learning and training
    CoursePublished = 2500,
    CourseMaterialAdded = 2501,
    CourseStudied = 2502,
    TrainingOpened = 2503,
    TrainingAttendanceRecorded = 2504,

    // 2600: libraries
    HonorRecorded = 2600,
    ArchiveDocumentAdded = 2601,
    ReserveCadreRecorded = 2602,
}
