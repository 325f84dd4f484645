using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Development;

/// <summary>
/// The demo's development pipeline. Party branches: League members of age as applicants (some through 推优), activists,
/// candidates with two contacts (in three branches voted by the branch and awaiting the higher committee's approval, one
/// past three months), probationary members admitted 10–14 months ago (some past their year: 转正 due). League
/// branches: new young applicants and activists. Dated so that some talks, candidacies and 转正 are due or overdue.
/// </summary>
public sealed class DevelopmentDemo(ZhijianDbContext db, MemberAdmission admission, DevelopmentTallies tallies, TimeProvider clock)
    : IDemoContributor
{
    private const int Branches = 10;
    private const string By = "演示数据";

    public int Order => 40;

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var party = await BranchesAsync(OrgSystem.Party, ct);
        var league = await BranchesAsync(OrgSystem.League, ct);
        if (party.Count > 0)
        {
            await SeedPartyAsync(demo, party, ct);
        }

        await SeedLeagueAsync(demo, league, ct);
    }

    private Task<List<Organization>> BranchesAsync(OrgSystem system, CancellationToken ct) =>
        db.Organizations.Where(o => o.System == system && o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active)
            .OrderBy(o => o.Id).Take(Branches).ToListAsync(ct);

    /// <summary>Adults from the League (18–28, no party membership) move through the party pipeline.</summary>
    private async Task SeedPartyAsync(DemoContext demo, List<Organization> branches, CancellationToken ct)
    {
        var today = demo.Today;
        var youngest = today.AddYears(-21);
        var oldest = today.AddYears(-27);
        var candidates = await db.Memberships.AsNoTracking()
            .Where(m => m.System == OrgSystem.League && m.State == MemberState.Active)
            .Join(db.Persons, m => m.PersonId, p => p.Id, (m, p) => new { m.Id, m.PersonId, p.Name, p.BirthDate })
            .Where(x => x.BirthDate <= youngest && x.BirthDate >= oldest)
            .OrderBy(x => x.Id).Take(Branches * 6).ToListAsync(ct);
        var i = 0;
        for (var b = 0; b < branches.Count; b++)
        {
            var branch = branches[b];
            var contacts = await db.Memberships.AsNoTracking()
                .Where(m => m.OrgId == branch.Id && m.Stage == MemberStage.Full && m.State == MemberState.Active)
                .OrderBy(m => m.Id).Take(2).Select(m => new { m.PersonId, m.SortName }).ToListAsync(ct);
            for (var k = 0; k < 6 && i < candidates.Count; k++, i++)
            {
                var c = candidates[i];
                var applied = today.AddDays(-demo.Random.Next(20, 120) - k * 150);
                if (b == 0 && k == 3)
                {
                    applied = today.AddDays(-600); // a candidate since about 205 days, voted 100 days ago: approval overdue
                }

                var record = new DevelopmentRecord(OrgSystem.Party, c.PersonId, c.Name, branch.Id, branch.Path, applied, By,
                    clock.GetUtcNow(), recommendationId: k % 3 == 0 ? c.Id : null);
                db.Add(record);
                await db.SaveChangesAsync(ct);
                await tallies.MoveStageAsync(record, null, DevelopmentStage.Applicant, ct);
                if (record.RecommendationId is not null)
                {
                    await tallies.AddAsync(record, applied.Year, DevelopmentTallies.Recommended, 1, ct);
                }

                await WalkPartyAsync(record, k, today, contacts.Select(x => (x.PersonId, x.SortName)).ToList(), demo.Random, ct);
                if (k == 3 && b < 3 && record.Stage == DevelopmentStage.Candidate)
                {
                    VoteAwaitingApproval(record, today.AddDays(b == 0 ? -100 : -20));
                    await db.SaveChangesAsync(ct);
                }
            }
        }
    }

    /// <summary>The branch voted on the candidate, the higher committee has not approved yet (the first branch's vote is past
    /// the three months: a <c>developmentDue</c> alert).</summary>
    private void VoteAwaitingApproval(DevelopmentRecord r, DateOnly vote)
    {
        if (vote >= r.LastStepOn)
        {
            r.RecordVote(vote, 24, null, By, clock.GetUtcNow());
        }
    }

    /// <summary>Record k of a branch goes k steps: 0–1 applicants, 2 activist, 3 candidate, 4–5 probationary.</summary>
    private async Task WalkPartyAsync(DevelopmentRecord r, int k, DateOnly today, List<(long, string)> contacts, Random random,
        CancellationToken ct)
    {
        if (k == 1)
        {
            r.HoldTalk(r.AppliedOn.AddDays(random.Next(5, 20)));
        }

        var steps = k switch { 2 => 1, 3 => 2, >= 4 => 3, _ => 0 };
        var on = r.AppliedOn;
        for (var s = 0; s < steps && contacts.Count == 2; s++)
        {
            var from = r.Stage;
            var to = DevelopmentRules.Next(OrgSystem.Party, from)!.Value;
            on = to switch
            {
                DevelopmentStage.Activist => r.AppliedOn.AddMonths(1),
                DevelopmentStage.Candidate => on.AddMonths(12),
                _ => on.AddMonths(3),
            };
            if (on > today)
            {
                break;
            }

            r.HoldTalk(r.AppliedOn.AddDays(10));
            r.Advance(new StepInput(to, on, contacts.Count, 24, VoteOn: to == DevelopmentStage.Probationary ? on.AddDays(-20) : null, ApprovedOn: on),
                null, By, clock.GetUtcNow(), contacts);
            await db.SaveChangesAsync(ct);
            await tallies.MoveStageAsync(r, from, to, ct);
            if (to == DevelopmentStage.Probationary)
            {
                var number = await tallies.NextNumberAsync(OrgSystem.Party, r.AdmittedOn!.Value.Year, ct);
                r.Admit(await admission.AdmitAsync(r.PersonId, r.OrgId, r.OrgPath, OrgSystem.Party, r.AdmittedOn.Value, number, ct), number);
                await tallies.AddAsync(r, r.AdmittedOn.Value.Year, DevelopmentTallies.Admitted, 1, ct);
                await db.SaveChangesAsync(ct);
            }
        }
    }

    /// <summary>New young people apply to League branches; half become activists (some past their three months).</summary>
    private async Task SeedLeagueAsync(DemoContext demo, List<Organization> branches, CancellationToken ct)
    {
        var faker = new PersonFaker(demo.Random.Next());
        var today = demo.Today;
        foreach (var branch in branches)
        {
            for (var k = 0; k < 4; k++)
            {
                var p = faker.Next(today.AddYears(-17), today.AddYears(-15));
                if (await db.Persons.AnyAsync(x => x.IdNumber == p.IdNumber, ct))
                {
                    continue;
                }

                var person = await admission.RegisterPersonAsync(new PersonInput(p.Name, p.GenderCode, p.EthnicityCode, p.BirthDate,
                    p.IdNumber, p.Phone, p.EducationCode, "13", "某某中学"), "person.", ct);
                var applied = today.AddDays(-demo.Random.Next(10, 60) - k * 60);
                var record = new DevelopmentRecord(OrgSystem.League, person.Id, person.Name, branch.Id, branch.Path, applied, By, clock.GetUtcNow());
                db.Add(record);
                await db.SaveChangesAsync(ct);
                await tallies.MoveStageAsync(record, null, DevelopmentStage.Applicant, ct);
                if (k >= 2)
                {
                    record.HoldTalk(applied.AddDays(7));
                    record.Advance(new StepInput(DevelopmentStage.Activist, applied.AddDays(20)), "确定为入团积极分子", By, clock.GetUtcNow());
                    await db.SaveChangesAsync(ct);
                    await tallies.MoveStageAsync(record, DevelopmentStage.Applicant, DevelopmentStage.Activist, ct);
                }
            }
        }
    }
}
