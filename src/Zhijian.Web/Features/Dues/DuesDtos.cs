using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Dues;

public sealed record DuesProfileRequest(DuesCategory? Category, decimal? BaseYuan, decimal? FixedYuan, string? EffectiveFrom, string? Note);

public sealed record DuesProfileDto(long MembershipId, OrgSystem System, DuesCategory Category, decimal? BaseYuan, decimal? FixedYuan,
    string EffectiveFrom, string? Note, decimal MonthlyYuan, string RuleKey);

public sealed record GenerateResult(string Month, long Created, long Skipped, long MissingProfile, IReadOnlyList<MissingProfileDto> Missing);

public sealed record MissingProfileDto(long MembershipId, string Name, long OrgId);

public sealed record DuesLineDto(long Id, long MembershipId, long MemberId, string Name, long OrgId, string OrgName, string Month,
    decimal AmountYuan, decimal PaidYuan, DuesState State, DateTimeOffset? PaidAt, DuesMethod? Method, long? PaymentId,
    string? ReceiptNo, string? WaiveReason);

public sealed record PayRequest(IReadOnlyList<long>? LineIds, DuesMethod? Method, DateOnly? PaidOn, string? Reference);

public sealed record PaymentDto(long Id, string ReceiptNo, decimal TotalYuan, IReadOnlyList<DuesLineDto> Lines);

public sealed record WaiveRequest(string? Reason);

public sealed record MyDuesDto(decimal? MonthlyYuan, decimal OutstandingYuan, IReadOnlyList<DuesLineDto> Lines);

public sealed record CheckoutRequest(IReadOnlyList<long>? LineIds);

public sealed record CheckoutDto(string OrderId, decimal AmountYuan, string Provider, string PayUrl);

public sealed record DuesReportDto(long OrgId, string From, string To, decimal DueYuan, decimal PaidYuan, decimal WaivedYuan,
    decimal OutstandingYuan, long Members, long PaidMembers, decimal Rate, IReadOnlyList<DuesMonthRow> ByMonth,
    IReadOnlyList<DuesOrgRow> ByOrg);

public sealed record DuesMonthRow(string Month, decimal DueYuan, decimal PaidYuan, decimal WaivedYuan, long Members, long PaidMembers, decimal Rate);

public sealed record DuesOrgRow(long OrgId, string Name, decimal DueYuan, decimal PaidYuan, decimal Rate);

/// <summary>Fen ⇄ yuan at the API's edge (JSON numbers in yuan with at most 2 decimals).</summary>
public static class Yuan
{
    public static decimal Of(long fen) => fen / 100m;

    /// <summary>Whole fen of a yuan amount; null when it has more than 2 decimals or is out of range.</summary>
    public static long? ToFen(decimal yuan)
    {
        var fen = yuan * 100;
        return fen != decimal.Truncate(fen) || Math.Abs(fen) > 100_000_000_000m ? null : (long)fen;
    }

    /// <summary>收款率: paid over what was owed after waivers (0 when nothing was owed), 4 decimals.</summary>
    public static decimal Rate(long paidFen, long dueFen, long waivedFen) =>
        dueFen - waivedFen <= 0 ? 0 : Math.Round((decimal)paidFen / (dueFen - waivedFen), 4);
}

/// <summary>Bulk profile: <c>memberIds</c> null = every member of the subtree without a profile in force that month.</summary>
public sealed record DuesProfilesBulkRequest(IReadOnlyList<long>? MemberIds, DuesCategory? Category, decimal? BaseYuan, decimal? FixedYuan,
    string? EffectiveFrom, string? Note);

public sealed record DuesProfilesBulkResult(int Created, int Replaced, int Total, decimal MonthlyYuan);

/// <summary>A member of the subtree with the profile in force this month (the profile fields are null without one).</summary>
public sealed record DuesProfileRow(long MembershipId, string Name, long OrgId, string OrgName, DuesCategory? Category, decimal? BaseYuan,
    decimal? FixedYuan, string? EffectiveFrom, decimal? MonthlyYuan);

/// <summary>One of the member's profiles in force this month, with its rule in words (/me).</summary>
public sealed record MyDuesRule(OrgSystem System, DuesCategory Category, decimal MonthlyYuan, string Rule);
