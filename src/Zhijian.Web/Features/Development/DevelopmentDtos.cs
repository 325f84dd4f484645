using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Development;

/// <summary>Body of <c>POST /api/v1/development</c>: an existing person or a new one.</summary>
public sealed record CreateDevelopmentRequest(OrgSystem? System, long? OrgId, DateOnly? AppliedOn, long? PersonId = null,
    PersonInput? Person = null, string? Note = null);

/// <summary>Body of <c>POST /api/v1/development/{id}/advance</c>. <c>contactIds</c> are member ids (full party members of
/// the branch); <c>talkOn</c> records the talk with an applicant (an addition).</summary>
public sealed record AdvanceRequest(DevelopmentStage? To, DateOnly? On, string? Note = null, long[]? ContactIds = null,
    decimal? CourseHours = null, DateOnly? VoteOn = null, DateOnly? ApprovedOn = null, DateOnly? TalkOn = null);

/// <summary>Body of <c>POST /api/v1/development/{id}/vote</c> (an addition): the branch vote on a candidate, before the
/// higher committee's approval.</summary>
public sealed record VoteRequest(DateOnly? On, decimal? CourseHours = null, string? Note = null);

/// <summary>Body of <c>POST /api/v1/development/{id}/close</c>.</summary>
public sealed record CloseDevelopmentRequest(string? Reason, DateOnly? On);

/// <summary>Body of <c>POST /api/v1/development/recommendations</c> (推优入党).</summary>
public sealed record RecommendRequest(long[]? MemberIds, long? ToOrgId, DateOnly? On);

public sealed record RecommendFailure(long MemberId, string Code, string Message);

public sealed record RecommendResult(IReadOnlyList<long> Created, IReadOnlyList<RecommendFailure> Failed);

public sealed record ContactDto(long PersonId, string Name);

public sealed record StepDto(DevelopmentStage Stage, DateOnly On, string? Note, string By);

/// <summary>A development record as the API answers it.</summary>
public sealed record DevelopmentRecordDto(
    long Id, OrgSystem System, long PersonId, string Name, long OrgId, string OrgName, DevelopmentStage Stage,
    DateOnly AppliedOn, DateOnly? ActivistOn, DateOnly? CandidateOn, DateOnly? AdmittedOn, DateOnly? FullOn,
    IReadOnlyList<ContactDto> Contacts, decimal CourseHours, long? MembershipId, long? RecommendationId,
    string? DevelopmentNumber, string? NextStep, DateOnly? NextStepDueOn, IReadOnlyList<StepDto> Steps,
    DateOnly? TalkOn, DateOnly? ApprovedOn, DateOnly? ClosedOn, string? CloseReason, int DaysInStage, bool AwaitingApproval = false);

/// <summary>The answer of <c>POST /api/v1/development/{id}/check</c>: whether a step would pass, and from when.</summary>
public sealed record StepCheckDto(bool Allowed, DateOnly EarliestOn, decimal CourseHours, IReadOnlyList<RuleBreach> Breaches,
    IReadOnlyList<string> Warnings);

/// <summary><c>GET /api/v1/orgs/{id}/development-stats</c>.</summary>
public sealed record DevelopmentStatsDto(long OrgId, int Year, IReadOnlyDictionary<string, long> ByStage, long Admitted,
    long Recommended, long Closed, long AdmittedThroughRecommendation, long Full);
