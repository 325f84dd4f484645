using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Members;

/// <summary>One of my memberships, with whom to ask about it.</summary>
public sealed record MyMembership(long Id, OrgSystem System, string OrgName, string OrgShortName, MemberStage Stage,
    MemberState State, DateOnly? JoinedOn, DateOnly? FullOn, string? Contact, string? ContactPhone);
