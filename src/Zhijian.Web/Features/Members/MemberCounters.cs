using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Members;

/// <summary>How memberships count in the tree's counters (Organizations keeps the counters, Members knows the stages).</summary>
public static class MemberCounters
{
    /// <summary>The counter change for <paramref name="n"/> memberships of a stage.</summary>
    public static CounterDelta Delta(MemberStage stage, long n = 1) => stage switch
    {
        MemberStage.Probationary => new(Probationary: n),
        MemberStage.Full => new(Full: n),
        _ => new(LeagueMembers: n),
    };
}
