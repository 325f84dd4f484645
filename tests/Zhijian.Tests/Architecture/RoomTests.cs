using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;

namespace Zhijian.Tests.Architecture;

/// <summary>
/// The rooms of docs/architecture.md: no cycle between features, every arrow between them declared, and no room writes
/// another room's table. The graph is computed from the IL of Zhijian.Web (<see cref="TypeGraph"/>).
/// </summary>
public class RoomTests
{
    /// <summary>
    /// The allowed arrows "feature → feature it uses" (docs/architecture.md, "Rooms and their boundaries"). A new arrow
    /// must be added here and to the diagram; one that closes a cycle fails <see cref="Features_FormNoCycle"/> anyway.
    /// Organizations uses only Audit (it appends events) and Rules (term lengths for its alerts): reorganizations reach
    /// the others through IOrganizationChangeHandler, which they implement.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedArrows = new Dictionary<string, string[]>
    {
        ["Audit"] = [],
        ["Rules"] = ["Audit"],
        ["Organizations"] = ["Audit", "Rules"],
        ["Members"] = ["Organizations", "Audit", "Rules"],
        ["Cadres"] = ["Organizations", "Audit", "Members"],
        ["Accounts"] = ["Organizations", "Audit", "Members"],
        ["Statistics"] = ["Organizations", "Members", "Cadres"],
        ["Alerts"] = ["Organizations", "Audit"],
        ["Meetings"] = ["Organizations", "Audit", "Rules", "Members", "Accounts"],
        ["Transfers"] = ["Organizations", "Audit", "Rules", "Members", "Accounts"],
        ["Corrections"] = ["Organizations", "Audit", "Members", "Accounts"],
        ["ImportExport"] = ["Organizations", "Audit", "Rules", "Members", "Statistics"],
        ["SelfService"] = ["Organizations", "Members", "Accounts", "Corrections", "Meetings", "Transfers"],
        ["Dashboard"] = ["Organizations", "Members", "Accounts", "Statistics", "Alerts", "Meetings", "Transfers", "Corrections"],
        ["Evaluations"] = ["Organizations", "Audit", "Rules", "Members", "Meetings", "ImportExport"],
        ["Elections"] = ["Organizations", "Audit", "Rules", "Members", "Cadres", "ImportExport"],
        ["Development"] = ["Organizations", "Audit", "Rules", "Members", "Accounts", "ImportExport"],
        ["Dues"] = ["Organizations", "Audit", "Rules", "Members", "Accounts", "ImportExport", "Meetings"],
        ["Notices"] = ["Organizations", "Audit", "Members", "Accounts"],
        ["Talks"] = ["Organizations", "Audit", "Rules", "Members", "Accounts"],
        ["Mailbox"] = ["Organizations", "Audit", "Members", "Accounts"],
        ["Learning"] = ["Organizations", "Audit", "Members", "Accounts"],
        ["Libraries"] = ["Organizations", "Audit", "Members"],
    };

    /// <summary>
    /// Users whose arrows are not counted yet, each with its reason. (The console shell, OrgConsole, left this list when the
    /// tabs began to register themselves: it imports none of them.)
    /// </summary>
    private static readonly HashSet<string> Exempt =
    [
        // The members tab embeds the import panel (ImportExport) and the batch transfer panel (Transfers); with the
        // tab registry those panels register into the tab instead.
        "Zhijian.Web.Features.Members.Pages.MembersTab",
    ];

    /// <summary>
    /// Types every room speaks in, whose use is not an arrow: <c>OrgSystem</c> (Party or League) names the system of a
    /// rule, membership, meeting or transfer. It lives in Organizations; Rules, which Organizations' term alerts read, uses
    /// only this enum from it. Moving it to Shared would remove this entry (not done now: it touches every entity file).
    /// </summary>
    private static readonly HashSet<string> Vocabulary =
    [
        "Zhijian.Web.Features.Organizations.OrgSystem",
    ];

    [Fact]
    public void Features_FormNoCycle()
    {
        var arrows = TypeGraph.Web.FeatureArrows(Exempt, Vocabulary);
        var cycles = StronglyConnected(arrows.Keys).Where(c => c.Count > 1).ToList();
        var report = cycles.Select(c => string.Join(" ⇄ ", c) + ":\n  " + string.Join("\n  ", arrows
            .Where(a => c.Contains(a.Key.From) && c.Contains(a.Key.To))
            .Select(a => $"{a.Key.From} → {a.Key.To} ({a.Value})")));
        cycles.Should().BeEmpty("features depend on each other in a cycle:\n" + string.Join("\n", report));
    }

    [Fact]
    public void Features_DependOnEachOther_OnlyAlongDeclaredArrows()
    {
        var arrows = TypeGraph.Web.FeatureArrows(Exempt, Vocabulary);
        var undeclared = arrows.Where(a => !AllowedArrows.TryGetValue(a.Key.From, out var to) || !to.Contains(a.Key.To))
            .Select(a => $"{a.Key.From} → {a.Key.To} ({a.Value})").Order(StringComparer.Ordinal).ToList();
        undeclared.Should().BeEmpty("every arrow between features is declared in RoomTests.AllowedArrows and docs/architecture.md; undeclared:\n"
            + string.Join("\n", undeclared));
    }

    [Fact]
    public void Organizations_ReachesNoFeatureThatHangsOnTheTree()
    {
        var arrows = TypeGraph.Web.FeatureArrows(Exempt, Vocabulary);
        arrows.Where(a => a.Key.From == "Organizations" && a.Key.To is not ("Audit" or "Rules"))
            .Select(a => $"{a.Key.To} ({a.Value})").Should().BeEmpty();
    }

    /// <summary>
    /// Only the owning room writes a table; the owner of an entity is the room (feature, or top-level namespace such
    /// as Shared) its type lives in. A write is, in the IL of a type of another room: calling a property setter or a
    /// constructor of the entity (the rows are tracked or about to be added; a default value, e.g. zero counters, comes
    /// from the owner too), Add/Remove/Update/Attach on its DbSet or
    /// on the DbContext with it as type argument, ExecuteUpdate/ExecuteDelete or BulkInsert over it, or a raw SQL
    /// literal that inserts into, updates or deletes from its table. Reads (queries, projections, joins) are allowed:
    /// read models read across rooms. Not seen: DbContext.Add(object) without a type argument (not used).
    /// <c>Zhijian.Web.Data</c> (the DbContext, CounterRebuilder, the demo seeders) and <c>Cli</c> are loaders that
    /// write every table, as docs/architecture.md says.
    /// </summary>
    [Fact]
    public void Rooms_WriteOnlyTheirOwnTables()
    {
        string[] loaders = ["Zhijian.Web.Data", "Zhijian.Web.Cli"];
        var entities = Model().GetEntityTypes().Where(e => e.ClrType.Namespace?.StartsWith("Zhijian.Web.", StringComparison.Ordinal) == true)
            .ToDictionary(e => e.ClrType.FullName!, e => (Room: RoomOf(e.ClrType.FullName!), Table: e.GetTableName()));
        string[] setMethods = ["Add", "AddAsync", "AddRange", "AddRangeAsync", "Remove", "RemoveRange", "Update", "UpdateRange", "Attach", "AttachRange"];
        string[] bulkMethods = ["ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync", "InsertAsync"];

        var writes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (user, calls) in TypeGraph.Web.CallsOf)
        {
            var room = RoomOf(user);
            if (loaders.Any(l => user.StartsWith(l + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var call in calls)
            {
                IEnumerable<string> written = call switch
                {
                    { Name: var n } when (n.StartsWith("set_", StringComparison.Ordinal) || n == ".ctor") && entities.ContainsKey(call.DeclaringType) => [call.DeclaringType],
                    { DeclaringType: "Microsoft.EntityFrameworkCore.DbSet`1" } when setMethods.Contains(call.Name) => call.TypeArguments,
                    { DeclaringType: "Microsoft.EntityFrameworkCore.DbContext" or "Zhijian.Web.Data.ZhijianDbContext" } when setMethods.Contains(call.Name) => call.MethodArguments,
                    _ when bulkMethods.Contains(call.Name) => call.MethodArguments,
                    _ => [],
                };
                foreach (var entity in written.Where(entities.ContainsKey).Where(e => entities[e].Room != room))
                {
                    writes.Add($"{user} writes {entity} ({call.Name}), owned by {entities[entity].Room}");
                }
            }

            foreach (var text in TypeGraph.Web.StringsOf[user])
            {
                foreach (var (entity, (owner, table)) in entities.Where(e => e.Value.Room != room && e.Value.Table is not null))
                {
                    if (new[] { "UPDATE", "INSERT INTO", "DELETE FROM" }.Any(verb => text.Contains($"{verb} \"{table}\"", StringComparison.OrdinalIgnoreCase)))
                    {
                        writes.Add($"{user} writes table {table} in raw SQL, owned by {owner}");
                    }
                }
            }
        }

        writes.Should().BeEmpty("only the owning room writes a table:\n" + string.Join("\n", writes));
    }

    [Theory]
    [InlineData("Zhijian.Web.Features.Members.Membership", "Members")]
    [InlineData("Zhijian.Web.Features.Members.Pages.MembersTab", "Members")]
    [InlineData("Zhijian.Web.Shared.JobRun", "Shared")]
    [InlineData("Zhijian.Web.Data.Demo.DemoSeeder", "Data")]
    [InlineData("Program", "Program")]
    public void RoomOf_NamesFeatureOrTopLevelNamespace(string type, string room) => RoomOf(type).Should().Be(room);

    /// <summary>The feature of a type, or the first namespace part under Zhijian.Web (Shared, Data, Authorization, …).</summary>
    private static string RoomOf(string fullName) =>
        TypeGraph.FeatureOf(fullName) ?? (fullName.StartsWith("Zhijian.Web.", StringComparison.Ordinal)
            ? fullName["Zhijian.Web.".Length..].Split('.')[0]
            : fullName);

    private static Microsoft.EntityFrameworkCore.Metadata.IModel Model()
    {
        var options = new DbContextOptionsBuilder<ZhijianDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new ZhijianDbContext(options);
        return db.Model;
    }

    /// <summary>Tarjan's strongly connected components of the arrow graph.</summary>
    private static List<List<string>> StronglyConnected(IEnumerable<(string From, string To)> arrows)
    {
        var next = arrows.GroupBy(a => a.From).ToDictionary(g => g.Key, g => g.Select(a => a.To).ToList());
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return result;
    }
}
