using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Evaluations;

namespace Zhijian.Tests.Integration;

/// <summary>Objects of the yearly cycles for the authorization matrix, made in tree A by the administrator.</summary>
internal static class CycleMatrix
{
    private static readonly ConditionalWeakTable<AuthorizationMatrixTests.World, EvaluationDto> Shared = new();

    /// <summary>A new League branch of tree A with one member.</summary>
    public static async Task<long> BranchWithMemberAsync(AuthorizationMatrixTests.World w)
    {
        var branch = await w.BranchAsync();
        await w.Admin.CreateMemberAsync(branch, People.Young());
        return branch;
    }

    /// <summary>A new open evaluation of a new branch with one member (fresh), or the world's shared one.</summary>
    public static async Task<EvaluationDto> EvaluationAsync(AuthorizationMatrixTests.World w, bool fresh = false)
    {
        if (!fresh && Shared.TryGetValue(w, out var shared))
        {
            return shared;
        }

        var branch = await BranchWithMemberAsync(w);
        var e = await (await w.Admin.PostJsonAsync($"/api/v1/orgs/{branch}/evaluations", new { year = People.Today.Year }))
            .ReadAsync<EvaluationDto>(HttpStatusCode.Created);
        if (!fresh)
        {
            Shared.AddOrUpdate(w, e);
        }

        return e;
    }

    /// <summary>Results for the evaluation's one member: present, qualified.</summary>
    public static object Results(EvaluationDto e) =>
        new { attendance = e.Members!.Select(m => m.MemberId), results = e.Members!.Select(m => new { memberId = m.MemberId, grade = "qualified" }) };

    /// <summary>A new branch of tree A with a closed evaluation of this year (ready to register).</summary>
    public static async Task<long> ClosedBranchAsync(AuthorizationMatrixTests.World w)
    {
        var e = await EvaluationAsync(w, fresh: true);
        (await w.Admin.PutAsJsonAsync($"/api/v1/evaluations/{e.Id}/results", Results(e), Api.Json)).EnsureSuccessStatusCode();
        (await w.Admin.PostJsonAsync($"/api/v1/evaluations/{e.Id}/close", new { })).EnsureSuccessStatusCode();
        return e.OrgId;
    }

    /// <summary>A new branch of tree A with one member and an election held a year ago (a term to extend).</summary>
    public static async Task<(long Branch, long Member)> ElectedBranchAsync(AuthorizationMatrixTests.World w)
    {
        var branch = await w.BranchAsync();
        var member = await w.Admin.CreateMemberAsync(branch, People.Young());
        (await w.Admin.PostJsonAsync($"/api/v1/orgs/{branch}/elections", new
        {
            heldOn = People.Today.AddYears(-1),
            termYears = 3,
            committee = new[] { new { memberId = member.Id, post = "secretary" } },
        })).EnsureSuccessStatusCode();
        return (branch, member.Id);
    }

    /// <summary>An election body for a branch: its one member as secretary, today.</summary>
    public static async Task<(long Branch, object Body)> ElectionAsync(AuthorizationMatrixTests.World w)
    {
        var branch = await w.BranchAsync();
        var member = await w.Admin.CreateMemberAsync(branch, People.Young());
        return (branch, new { heldOn = People.Today, termYears = 3, committee = new[] { new { memberId = member.Id, post = "secretary" } } });
    }
}
