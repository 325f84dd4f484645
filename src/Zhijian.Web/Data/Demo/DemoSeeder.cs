using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Pinyin;

namespace Zhijian.Web.Data.Demo;

/// <summary>
/// The demo database: a League tree shaped like the bureau of seed 000 (1 团委 → 4 团委, 7 团总支,
/// 79 团支部; 1,016 members; 243 cadre positions) and a Party tree shaped like the enterprise of the
/// same seed (1 党委, 14 党总支, 72 党支部, 137 党小组; 1,768 members), with demo accounts.
/// Deterministic: the same data on every machine.
/// </summary>
public sealed class DemoSeeder(ZhijianDbContext db, UserManager<ZhijianUser> users, CounterRebuilder rebuilder,
    AuditLog audit, TimeProvider clock, IEnumerable<IDemoContributor> contributors)
{
    /// <summary>Demo accounts besides <c>admin</c>; all share the demo password.</summary>
    public static readonly (string User, Role Role, string Org)[] Accounts =
    [
        ("league.admin", Role.OrgAdmin, "league-root"),
        ("party.admin", Role.OrgAdmin, "party-root"),
        ("observer", Role.Observer, "league-root"),
        ("branch.admin", Role.OrgAdmin, "league-branch"),
    ];

    public const int LeagueMembers = 1016;
    public const int LeaguePositions = 243;
    public const int PartyMembers = 1768;

    private static readonly string[] LeagueCommittees = ["第一地质大队", "第二地质大队", "第三地质大队", "测绘院"];
    private static readonly string[] Units = ["勘查", "钻探", "测试", "物探", "化验", "机修", "后勤", "项目", "矿业", "工程"];
    private static readonly string[] PartyDivisions =
    [
        "机关", "第一分公司", "第二分公司", "第三分公司", "设计院", "研究院", "制造厂", "物流中心", "工程公司",
        "销售公司", "检测中心", "信息中心", "培训中心", "后勤服务中心",
    ];

    private static readonly string[] HeadOffice = ["党委办公室", "组织人事部", "纪检监察室", "财务部"];

    private static readonly string[] Numerals =
        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六"];

    private readonly List<Organization> orgs = [];
    private readonly List<Person> persons = [];
    private readonly List<Membership> memberships = [];
    private readonly List<Position> positions = [];
    private readonly HashSet<string> idNumbers = [];
    private long nextOrgId = 1;
    private long nextPersonId = 1;
    private PersonFaker faker = new(20261123);
    private Random random = new(2026);

    public async Task SeedAsync(string adminPassword, CancellationToken ct = default)
    {
        faker = new PersonFaker(20261123);
        random = new Random(2026);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var league = BuildLeague(today);
        var party = BuildParty(today);
        var leagueBranch = orgs.First(o => o.System == OrgSystem.League && o.Kind == OrgKind.Branch);

        await db.InTransactionAsync(async () =>
        {
            db.Organizations.AddRange(orgs);
            db.Persons.AddRange(persons);
            db.Memberships.AddRange(memberships);
            db.Positions.AddRange(positions);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            // The demo rows carry explicit ids: move the identity sequences past them.
            await db.AdvanceIdentitySequencesAsync(ct);

            await rebuilder.RebuildAllAsync(ct);

            await EnsureSystemAdminAsync(users, db, "admin", adminPassword);
            var targets = new Dictionary<string, long>
            {
                ["league-root"] = league.Id,
                ["party-root"] = party.Id,
                ["league-branch"] = leagueBranch.Id,
            };
            foreach (var (name, role, org) in Accounts)
            {
                await EnsureUserAsync(users, name, adminPassword);
                var user = await users.FindByNameAsync(name);
                db.RoleAssignments.Add(new RoleAssignment
                {
                    UserId = user!.Id,
                    Role = role,
                    OrgId = targets[org],
                    CreatedAt = clock.GetUtcNow(),
                });
            }

            // A member account linked to the first League member, for the self-service pages.
            var first = memberships.First(m => m.System == OrgSystem.League);
            await EnsureUserAsync(users, "member", adminPassword, first.PersonId);
            var memberUser = await users.FindByNameAsync("member");
            db.RoleAssignments.Add(new RoleAssignment
            {
                UserId = memberUser!.Id,
                Role = Role.Member,
                OrgId = first.OrgId,
                CreatedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();

            // The features' own demo data (meetings, dues, development …), each from its own folder.
            var context = new DemoContext(today, adminPassword, new Random(20261207));
            foreach (var contributor in contributors.OrderBy(c => c.Order))
            {
                await contributor.SeedAsync(context, ct);
                db.ChangeTracker.Clear();
            }

            await audit.AppendAsync(AuditAction.DemoDataSeeded, null, "Database", null,
                $"载入演示数据：{orgs.Count} 个组织、{memberships.Count} 条党（团）员关系、{positions.Count} 条班子职务", ct);
        }, ct);
    }

    /// <summary>Creates or resets a system administrator account.</summary>
    public static async Task<bool> EnsureSystemAdminAsync(UserManager<ZhijianUser> users, ZhijianDbContext db,
        string userName, string password)
    {
        var created = await EnsureUserAsync(users, userName, password);
        var user = await users.FindByNameAsync(userName);
        if (!await db.RoleAssignments.AnyAsync(r => r.UserId == user!.Id && r.Role == Role.SystemAdmin))
        {
            db.RoleAssignments.Add(new RoleAssignment { UserId = user!.Id, Role = Role.SystemAdmin, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        return created;
    }

    private static async Task<bool> EnsureUserAsync(UserManager<ZhijianUser> users, string userName, string password,
        long? personId = null)
    {
        var user = await users.FindByNameAsync(userName);
        IdentityResult result;
        var created = user is null;
        if (user is null)
        {
            user = new ZhijianUser { UserName = userName, PersonId = personId, CreatedAt = DateTimeOffset.UtcNow };
            result = await users.CreateAsync(user, password);
        }
        else
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            result = await users.ResetPasswordAsync(user, token, password);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Cannot set up account {userName}: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        return created;
    }

    private Organization BuildLeague(DateOnly today)
    {
        var root = Org(null, OrgSystem.League, OrgKind.Committee, "共青团华东冶金地质勘查局委员会", "局团委",
            "华东冶金地质勘查局", today);
        var branches = new List<Organization>();
        string[] rootBranches = ["局机关团支部", "地质调查院团支部", "矿业公司团支部", "后勤服务中心团支部", "离退休服务中心团支部"];
        foreach (var name in rootBranches)
        {
            branches.Add(Org(root, OrgSystem.League, OrgKind.Branch, "共青团华东冶金地质勘查局" + name.Replace("团支部", "", StringComparison.Ordinal) + "支部委员会", name, null, today));
        }

        int[] committeeBranches = [12, 12, 11, 11];
        var generalBranches = new List<Organization>();
        for (var i = 0; i < LeagueCommittees.Length; i++)
        {
            var c = Org(root, OrgSystem.League, OrgKind.Committee, $"共青团华东冶金地质勘查局{LeagueCommittees[i]}委员会",
                $"{LeagueCommittees[i]}团委", LeagueCommittees[i], today);
            generalBranches.Add(Org(c, OrgSystem.League, OrgKind.GeneralBranch, $"共青团{LeagueCommittees[i]}机关总支部委员会",
                "机关团总支", LeagueCommittees[i], today));
            for (var b = 0; b < committeeBranches[i]; b++)
            {
                var unit = Units[b % Units.Length] + (b >= Units.Length ? "二" : "");
                branches.Add(Org(c, OrgSystem.League, OrgKind.Branch, $"共青团{LeagueCommittees[i]}{unit}支部委员会",
                    $"{unit}团支部", LeagueCommittees[i], today));
            }
        }

        string[] rootGeneral = ["测试中心", "勘察设计院", "宾馆"];
        foreach (var g in rootGeneral)
        {
            generalBranches.Add(Org(root, OrgSystem.League, OrgKind.GeneralBranch, $"共青团华东冶金地质勘查局{g}总支部委员会",
                $"{g}团总支", g, today));
        }

        foreach (var g in generalBranches)
        {
            for (var b = 0; b < 4; b++)
            {
                branches.Add(Org(g, OrgSystem.League, OrgKind.Branch, $"{g.Name.Replace("总支部委员会", "", StringComparison.Ordinal)}第{Numerals[b]}支部委员会",
                    $"第{Numerals[b]}团支部", g.UnitName, today));
            }
        }

        // 1,016 League members, aged 18–28, spread unevenly as real branches are.
        var perBranch = Spread(LeagueMembers, branches.Count);
        for (var i = 0; i < branches.Count; i++)
        {
            for (var k = 0; k < perBranch[i]; k++)
            {
                var p = NewPerson(today.AddYears(-28).AddDays(1), today.AddYears(-18), "03");
                var joined = p.BirthDate!.Value.AddYears(14 + random.Next(0, 4)).AddDays(random.Next(0, 300));
                memberships.Add(Member(p, branches[i], MemberStage.Member, joined, null, null));
            }
        }

        // 243 positions: 7 on the bureau committee, 5 on each 团委, 3 on each 团总支, 2–3 in each branch.
        AddPositions(root, ["secretary", "deputySecretary", "deputySecretary", "organization", "publicity", "member", "member"], today, true);
        foreach (var c in orgs.Where(o => o.System == OrgSystem.League && o.Kind == OrgKind.Committee && o != root))
        {
            AddPositions(c, ["secretary", "deputySecretary", "organization", "publicity", "member"], today, false);
        }

        foreach (var g in generalBranches)
        {
            AddPositions(g, ["secretary", "organization", "publicity"], today, false);
        }

        var remaining = LeaguePositions - positions.Count;
        for (var i = 0; i < branches.Count; i++)
        {
            var three = remaining - 2 * (branches.Count - i) > 0;
            AddPositions(branches[i], three ? ["secretary", "organization", "publicity"] : ["secretary", "organization"], today, false);
            remaining -= three ? 3 : 2;
        }

        return root;
    }

    private Organization BuildParty(DateOnly today)
    {
        var root = Org(null, OrgSystem.Party, OrgKind.Committee, "中共华东装备制造集团有限公司委员会", "集团党委",
            "华东装备制造集团有限公司", today);
        var branches = new List<Organization>();
        for (var i = 0; i < 16; i++)
        {
            var unit = i < 4 ? HeadOffice[i] : $"直属第{Numerals[i - 4]}";
            branches.Add(Org(root, OrgSystem.Party, OrgKind.Branch, $"中共华东装备制造集团{unit}支部委员会", $"{unit}党支部",
                "华东装备制造集团有限公司", today));
        }

        foreach (var division in PartyDivisions)
        {
            var g = Org(root, OrgSystem.Party, OrgKind.GeneralBranch, $"中共华东装备制造集团{division}总支部委员会",
                $"{division}党总支", division, today);
            for (var b = 0; b < 4; b++)
            {
                branches.Add(Org(g, OrgSystem.Party, OrgKind.Branch, $"中共{division}第{Numerals[b]}支部委员会",
                    $"第{Numerals[b]}党支部", division, today));
            }
        }

        // 137 groups: two in most branches, one in seven of them.
        var groupsOf = new Dictionary<Organization, List<Organization>>();
        for (var i = 0; i < branches.Count; i++)
        {
            var n = i < 7 ? 1 : 2;
            groupsOf[branches[i]] = Enumerable.Range(0, n).Select(k => Org(branches[i], OrgSystem.Party, OrgKind.Group,
                $"{branches[i].Name.Replace("支部委员会", "", StringComparison.Ordinal)}第{Numerals[k]}党小组", $"第{Numerals[k]}党小组", branches[i].UnitName, today)).ToList();
        }

        var perBranch = Spread(PartyMembers, branches.Count);
        for (var i = 0; i < branches.Count; i++)
        {
            for (var k = 0; k < perBranch[i]; k++)
            {
                var probationary = random.Next(100) < 7;
                var p = NewPerson(today.AddYears(-62), today.AddYears(-22), probationary ? "02" : "01");
                // Probationary members joined up to 14 months ago: some have served their year and await 转正.
                var joined = probationary
                    ? today.AddDays(-random.Next(30, 425))
                    : p.BirthDate!.Value.AddYears(21 + random.Next(0, 15)).AddDays(random.Next(0, 360));
                if (joined > today.AddYears(-1) && !probationary)
                {
                    joined = today.AddYears(-1).AddDays(-random.Next(1, 400));
                }

                var group = groupsOf[branches[i]][k % groupsOf[branches[i]].Count];
                var m = Member(p, branches[i], probationary ? MemberStage.Probationary : MemberStage.Full, joined,
                    probationary ? null : joined.AddYears(1), group.Id);
                memberships.Add(m);
            }
        }

        // The Party committee, each 党总支 and each 党支部 with its committee members.
        AddPositions(root, ["secretary", "deputySecretary", "organization", "publicity", "discipline", "member", "member"], today, true);
        foreach (var o in orgs.Where(o => o.System == OrgSystem.Party && o.Kind is OrgKind.GeneralBranch or OrgKind.Branch))
        {
            AddPositions(o, ["secretary", "organization", "publicity"], today, false);
        }

        return root;
    }

    private Organization Org(Organization? parent, OrgSystem system, OrgKind kind, string name, string shortName,
        string? unit, DateOnly today)
    {
        var id = nextOrgId++;
        var siblings = orgs.Count(o => o.ParentId == parent?.Id);
        var termYears = kind == OrgKind.Committee ? 5 : 3;
        var profile = new OrgProfile(name, shortName, "state", "enterprise", unit ?? parent?.UnitName,
            new DateOnly(1998 + random.Next(0, 20), 1 + random.Next(0, 12), 1 + random.Next(0, 28)),
            kind == OrgKind.Group ? null : today.AddDays(-random.Next(30, termYears * 365 + 200)),
            kind == OrgKind.Group ? null : termYears, faker.NextName());
        var org = new Organization(system, kind, parent?.Id, TreePath.Child(parent?.Path, id), parent is null ? 0 : parent.Depth + 1,
            profile, OrganizationService.InitialsOf(name, shortName), siblings + 1, DateTimeOffset.UtcNow)
        {
            Id = id,
        };
        orgs.Add(org);
        return org;
    }

    private Person NewPerson(DateOnly minBirth, DateOnly maxBirth, string politicalStatus)
    {
        DemoPerson p;
        do
        {
            p = faker.Next(minBirth, maxBirth);
        }
        while (!idNumbers.Add(p.IdNumber));

        var person = new Person
        {
            Id = nextPersonId++,
            Name = p.Name,
            NameInitials = PinyinInitials.Of(p.Name),
            Gender = p.GenderCode,
            Ethnicity = p.EthnicityCode,
            BirthDate = p.BirthDate,
            IdNumber = p.IdNumber,
            Phone = p.Phone,
            Education = p.EducationCode,
            PoliticalStatus = politicalStatus,
            Address = p.Address,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        persons.Add(person);
        return person;
    }

    private Membership Member(Person p, Organization branch, MemberStage stage, DateOnly joined, DateOnly? fullOn, long? groupId)
    {
        p.WorkUnit = branch.UnitName;
        return new Membership(branch.System, branch.Id, branch.Path, stage, joined, p.Name, clock.GetUtcNow(), groupId, fullOn,
            branch.System == OrgSystem.League ? $"{joined.Year}{p.Id:D8}" : null)
        {
            PersonId = p.Id,
        };
    }

    private void AddPositions(Organization org, string[] posts, DateOnly today, bool fullTime)
    {
        var candidates = memberships.Where(m => TreePath.IsWithin(m.OrgPath, org.Path)).Select(m => m.PersonId).ToList();
        var used = new HashSet<long>();
        foreach (var post in posts)
        {
            long personId;
            do
            {
                personId = candidates[random.Next(candidates.Count)];
            }
            while (!used.Add(personId) && used.Count < candidates.Count);

            positions.Add(new Position(post, org.TermStartedOn ?? today.AddYears(-1), fullTime && post == "secretary",
                org.Kind == OrgKind.Committee ? "科级" : null)
            {
                PersonId = personId,
                OrgId = org.Id,
                OrgPath = org.Path,
                CreatedAt = DateTimeOffset.UtcNow,
            });
        }
    }

    /// <summary>Splits <paramref name="total"/> over <paramref name="n"/> buckets unevenly (±50%) but exactly.</summary>
    private int[] Spread(int total, int n)
    {
        var weights = Enumerable.Range(0, n).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var sum = weights.Sum();
        var counts = weights.Select(w => (int)Math.Floor(total * w / sum)).ToArray();
        for (var i = 0; counts.Sum() < total; i = (i + 1) % n)
        {
            counts[i]++;
        }

        return counts;
    }
}
