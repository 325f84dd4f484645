using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Transfers;

namespace Zhijian.Tests.Integration;

public sealed class ConcurrencyPropertyTestsOnSqlite(SqliteApp app) : ConcurrencyPropertyTests(app), IClassFixture<SqliteApp>;

public sealed class ConcurrencyPropertyTestsOnPostgres(PostgresApp app) : ConcurrencyPropertyTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Issue 13, item 3, the property: 1,000 random operations (register, end, patch, create, dissolve, move and merge
/// organizations, every transfer step, appoint and end positions) from a fixed seed, eight at a time through HTTP.
/// Whatever the interleaving: no answer is a 5xx, every counter equals a recount, no person has two current
/// memberships in one system, and the audit chain verifies. <c>ZHIJIAN_RACE_SEED</c> replays another seed; the seed
/// is in every failure message.
/// </summary>
public abstract class ConcurrencyPropertyTests(AppFixture app)
{
    private const int Operations = 1_000;
    private const int Concurrency = 8;

    private enum Op
    {
        Register,
        ReRegister,
        End,
        Patch,
        CreateBranch,
        Dissolve,
        Move,
        Merge,
        TransferApply,
        TransferApprove,
        TransferAccept,
        TransferReject,
        TransferCancel,
        Appoint,
        EndPosition,
    }

    // Weights of the operations (they add up to 100).
    private static readonly (Op Op, int Weight)[] Mix =
    [
        (Op.Register, 12), (Op.ReRegister, 6), (Op.End, 10), (Op.Patch, 4), (Op.CreateBranch, 4), (Op.Dissolve, 5),
        (Op.Move, 6), (Op.Merge, 4), (Op.TransferApply, 10), (Op.TransferApprove, 8), (Op.TransferAccept, 8),
        (Op.TransferReject, 3), (Op.TransferCancel, 3), (Op.Appoint, 10), (Op.EndPosition, 7),
    ];

    private static readonly string[] Posts = ["secretary", "deputySecretary", "organization", "publicity", "member"];

    [Fact]
    public async Task ThousandRandomConcurrentOperations_KeepCountersMembershipsAndAuditChain()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ZHIJIAN_RACE_SEED"), out var s) ? s : 20261207;
        var because = $"seed {seed} (replay with ZHIJIAN_RACE_SEED={seed})";
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"seed {seed}");

        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var world = new World(seed);
        var root = await data.OrgAsync("league", "committee", null);
        world.Root = root.Id;
        for (var g = 0; g < 3; g++)
        {
            var general = await data.OrgAsync("league", "generalBranch", root.Id);
            world.Generals.Add(general.Id);
            for (var b = 0; b < 2; b++)
            {
                var branch = await data.OrgAsync("league", "branch", general.Id);
                world.Branches.Add(branch.Id);
                for (var m = 0; m < 4; m++)
                {
                    var person = world.NewPerson();
                    var member = await (await admin.PostJsonAsync("/api/v1/members", ConcurrencyTests.MemberBody(branch.Id, person)))
                        .ReadAsync<MemberDto>(HttpStatusCode.Created);
                    world.Members.Add(member.Id);
                    world.People.Add(person);
                }
            }
        }

        // The sequence of operations and their random choices come from the seed; which ids they meet depends on timing.
        var plan = new Random(seed);
        var total = Mix.Sum(m => m.Weight);
        var ops = Enumerable.Range(0, Operations).Select(i =>
        {
            var roll = plan.Next(total);
            var op = Mix.SkipWhile(m => (roll -= m.Weight) >= 0).First().Op;
            return (Index: i, Op: op, Pick: plan.Next(), Pick2: plan.Next());
        }).ToList();

        var results = new List<(Op Op, HttpStatusCode Status, string Body)>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ops, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (o, _) =>
        {
            var (status, body) = await RunAsync(admin, world, o.Op, o.Pick, o.Pick2);
            lock (results)
            {
                results.Add((o.Op, status, body));
            }
        });
        clock.Stop();

        foreach (var group in results.GroupBy(r => r.Op).OrderBy(g => g.Key))
        {
            output?.WriteLine($"{group.Key,-16} " + string.Join(", ", group.GroupBy(r => (int)r.Status).OrderBy(x => x.Key)
                .Select(x => $"{x.Key}×{x.Count()}")));
        }

        output?.WriteLine($"{Operations} operations in {clock.Elapsed.TotalSeconds:0.0} s");
        results.Where(r => (int)r.Status >= 500).Select(r => $"{r.Op}: {(int)r.Status} {r.Body}")
            .Should().BeEmpty(because);
        results.Where(r => r.Body.Contains("\"code\":\"conflict\"", StringComparison.Ordinal))
            .Select(r => $"{r.Op}: {r.Body}").Should().BeEmpty($"writes lock in one order, so no deadlock is expected; {because}");
        foreach (var op in new[] { Op.Register, Op.End, Op.Move, Op.Merge, Op.TransferApply, Op.TransferAccept, Op.Appoint, Op.EndPosition })
        {
            results.Count(r => r.Op == op && (int)r.Status < 300).Should().BePositive($"the mix should exercise {op}; {because}");
        }

        await Race.CountersShouldMatchRecountAsync(app, because);
        await Race.NoPersonShouldHaveTwoCurrentMembershipsAsync(app, because);
        var verify = await admin.GetOkAsync<JsonElement>("/api/v1/audit/verify");
        verify.GetProperty("valid").GetBoolean().Should().BeTrue($"{verify}; {because}");
    }

    private static async Task<(HttpStatusCode, string)> RunAsync(HttpClient admin, World w, Op op, int pick, int pick2)
    {
        using var response = op switch
        {
            Op.Register => await RegisterAsync(admin, w, w.Branch(pick), w.NewPerson()),
            Op.ReRegister => await RegisterAsync(admin, w, w.Branch(pick), w.Person(pick2)),
            Op.End => await admin.PostJsonAsync($"/api/v1/members/{w.Member(pick)}/end", new { reason = "left" }),
            Op.Patch => await admin.PatchJsonAsync($"/api/v1/members/{w.Member(pick)}", new { developmentNumber = $"D{pick % 10_000}" }),
            Op.CreateBranch => await CreateBranchAsync(admin, w, w.General(pick), pick2),
            Op.Dissolve => await admin.PostJsonAsync($"/api/v1/orgs/{w.Branch(pick)}/dissolve", new { reason = "调整" }),
            Op.Move => await admin.PostJsonAsync($"/api/v1/orgs/{w.Branch(pick)}/move", new { newParentId = w.General(pick2) }),
            Op.Merge => await admin.PostJsonAsync($"/api/v1/orgs/{w.Branch(pick)}/merge", new { intoId = w.Branch(pick2) }),
            Op.TransferApply => await ApplyAsync(admin, w, w.Member(pick), w.Branch(pick2)),
            Op.TransferApprove => await ApproveAsync(admin, w, w.Transfer(pick)),
            Op.TransferAccept => await admin.PostJsonAsync($"/api/v1/transfers/{w.Approved(pick)}/accept", new { note = "接收" }),
            Op.TransferReject => await admin.PostJsonAsync($"/api/v1/transfers/{w.Transfer(pick)}/reject", new { note = "材料不全" }),
            Op.TransferCancel => await admin.PostJsonAsync($"/api/v1/transfers/{w.Transfer(pick)}/cancel", new { note = "撤销" }),
            Op.Appoint => await AppointAsync(admin, w, pick % 3 == 0 ? w.Branch(pick) : w.Root, w.Member(pick2), Posts[pick2 % Posts.Length]),
            _ => await admin.PostJsonAsync($"/api/v1/positions/{w.Position(pick)}/end", new { reason = "换届" }),
        };
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> RegisterAsync(HttpClient admin, World w, long branchId, DemoPerson person)
    {
        var response = await admin.PostJsonAsync("/api/v1/members", ConcurrencyTests.MemberBody(branchId, person));
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var member = JsonSerializer.Deserialize<MemberDto>(await response.Content.ReadAsStringAsync(), Api.Json)!;
            w.Add(w.Members, member.Id);
            lock (w.People)
            {
                w.People.Add(person);
            }
        }

        return response;
    }

    private static async Task<HttpResponseMessage> CreateBranchAsync(HttpClient admin, World w, long parentId, int pick)
    {
        var name = $"支部{pick % 100_000}-{TestData.Unique()}";
        var response = await admin.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", parentId, name = "全称" + name, shortName = name });
        if (response.StatusCode == HttpStatusCode.Created)
        {
            w.Add(w.Branches, JsonSerializer.Deserialize<OrganizationDto>(await response.Content.ReadAsStringAsync(), Api.Json)!.Id);
        }

        return response;
    }

    private static async Task<HttpResponseMessage> ApplyAsync(HttpClient admin, World w, long memberId, long toOrgId)
    {
        var response = await admin.PostJsonAsync("/api/v1/transfers", new { memberId, toOrgId, reason = "work" });
        if (response.StatusCode == HttpStatusCode.Created)
        {
            w.Add(w.Transfers, JsonSerializer.Deserialize<TransferDto>(await response.Content.ReadAsStringAsync(), Api.Json)!.Id);
        }

        return response;
    }

    private static async Task<HttpResponseMessage> ApproveAsync(HttpClient admin, World w, long transferId)
    {
        var response = await admin.PostJsonAsync($"/api/v1/transfers/{transferId}/approve", new { note = "同意" });
        if (response.StatusCode == HttpStatusCode.OK)
        {
            w.Add(w.ApprovedTransfers, transferId);
        }

        return response;
    }

    private static async Task<HttpResponseMessage> AppointAsync(HttpClient admin, World w, long orgId, long memberId, string post)
    {
        var response = await admin.PostJsonAsync($"/api/v1/orgs/{orgId}/positions", new { memberId, post, startedOn = "2024-03-01" });
        if (response.StatusCode == HttpStatusCode.Created)
        {
            w.Add(w.Positions, JsonSerializer.Deserialize<PositionDto>(await response.Content.ReadAsStringAsync(), Api.Json)!.Id);
        }

        return response;
    }

    /// <summary>The ids the operations pick from; they grow as operations create things (ids that went stale stay: 4xx).</summary>
    private sealed class World(int seed)
    {
        private readonly PersonFaker faker = new(seed);

        public long Root { get; set; }

        public List<long> Generals { get; } = [];
        public List<long> Branches { get; } = [];
        public List<long> Members { get; } = [];
        public List<DemoPerson> People { get; } = [];
        public List<long> Transfers { get; } = [];
        public List<long> ApprovedTransfers { get; } = [];
        public List<long> Positions { get; } = [];

        public DemoPerson NewPerson()
        {
            lock (faker)
            {
                return faker.Next(new DateOnly(2000, 1, 1), new DateOnly(2006, 12, 31));
            }
        }

        public void Add(List<long> list, long id)
        {
            lock (list)
            {
                list.Add(id);
            }
        }

        public long General(int pick) => Pick(Generals, pick);

        public long Branch(int pick) => Pick(Branches, pick);

        public long Member(int pick) => Pick(Members, pick);

        public long Transfer(int pick) => Pick(Transfers, pick, fallback: 0);

        public long Approved(int pick) => Pick(ApprovedTransfers, pick, fallback: 0);

        public long Position(int pick) => Pick(Positions, pick, fallback: 0);

        public DemoPerson Person(int pick)
        {
            lock (People)
            {
                return People[pick % People.Count];
            }
        }

        private static long Pick(List<long> list, int pick, long fallback = 0)
        {
            lock (list)
            {
                // Half the picks among the dozen newest ids (what was just created is what the next operations race
                // on), half among all.
                return list.Count == 0 ? fallback
                    : pick % 2 == 0 ? list[list.Count - 1 - (pick / 2 % Math.Min(list.Count, 12))]
                    : list[pick / 2 % list.Count];
            }
        }
    }
}
