using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>One branch's line on the completeness board; <c>missing</c> holds, for each required field, how many members lack it (zeros included).</summary>
public sealed record BranchCompleteness(long OrgId, string Name, string ShortName, long Members, long Complete,
    decimal Rate, IReadOnlyDictionary<string, long> Missing);

/// <summary>Answer of <c>GET /api/v1/orgs/{id}/completeness</c>.</summary>
public sealed record CompletenessBoard(long OrgId, long Members, long Complete, decimal Rate,
    IReadOnlyList<string> RequiredFields, IReadOnlyDictionary<string, long> Missing,
    IReadOnlyList<BranchCompleteness> ByBranch);

/// <summary>The fields of a member record that the completeness board can require, flattened from Person and Membership.</summary>
public sealed class MemberFacts
{
    public long OrgId { get; set; }
    public string? Name { get; set; }
    public string? Gender { get; set; }
    public string? Ethnicity { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? Education { get; set; }
    public string? Degree { get; set; }
    public string? PoliticalStatus { get; set; }
    public string? WorkUnit { get; set; }
    public string? Post { get; set; }
    public string? Address { get; set; }
    public string? ProfessionalField { get; set; }
    public string? Specialties { get; set; }
    public string? Health { get; set; }
    public string? Family { get; set; }
    public string? Children { get; set; }
    public string? OtherAffiliations { get; set; }
    public string? OverseasTies { get; set; }
    public DateOnly? JoinedOn { get; set; }
    public string? DevelopmentNumber { get; set; }
}

/// <summary>The field names a configuration may require, and the SQL test "this member lacks it".</summary>
public static class MemberFields
{
    /// <summary>The default of <c>Members:RequiredFields</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultRequired =
    [
        "name", "gender", "ethnicity", "birthDate", "idNumber", "phone", "education", "politicalStatus", "joinedOn",
        "workUnit",
    ];

    private static readonly Dictionary<string, PropertyInfo> Properties = typeof(MemberFacts).GetProperties()
        .Where(p => p.Name != nameof(MemberFacts.OrgId))
        .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.OrdinalIgnoreCase);

    /// <summary>Every field name that may be required, in the API's spelling.</summary>
    public static IReadOnlyList<string> Known { get; } = Properties.Keys.ToList();

    /// <summary>The API spelling of a field name given in any case, or null when unknown.</summary>
    public static string? Canonical(string? field) =>
        field is not null && Properties.TryGetValue(field.Trim(), out var p) ? JsonNamingPolicy.CamelCase.ConvertName(p.Name) : null;

    /// <summary><c>x.Field IS NULL</c>, or for text <c>x.Field IS NULL OR x.Field = ''</c>.</summary>
    public static Expression MissingTest(ParameterExpression facts, string field)
    {
        var property = Expression.Property(facts, Properties[field]);
        var isNull = Expression.Equal(property, Expression.Constant(null, property.Type));
        return property.Type == typeof(string)
            ? Expression.OrElse(isNull, Expression.Equal(property, Expression.Constant("")))
            : isNull;
    }

    /// <summary>The share of complete records, rounded to 4 decimals; 0 when there are no members.</summary>
    public static decimal Rate(long complete, long members) =>
        members <= 0 ? 0m : Math.Round((decimal)complete / members, 4, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The completeness board (信息录入情况通报): per branch of a subtree, how many non-ended members have every
/// required field, and how many lack each one. One grouped query over the subtree's path range; no member
/// is loaded into memory.
/// </summary>
public sealed class MemberCompleteness(ZhijianDbContext db, OrganizationService orgs, IOptions<MemberOptions> options)
{
    private static readonly MethodInfo CountAll = CountMethod(1);
    private static readonly MethodInfo CountWhere = CountMethod(2);

    public async Task<CompletenessBoard> ForAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var fields = options.Value.EffectiveRequiredFields;

        var rows = await FactsOf(org.Path).GroupBy(f => f.OrgId).Select(RowOf(fields)).ToListAsync(ct);

        var branches = await db.Organizations.AsNoTracking()
            .Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active)
            .Select(o => new { o.Id, o.Name, o.ShortName, o.Path }).ToListAsync(ct);

        // Members left in an organization that is no longer an active branch (old data) still count.
        var known = branches.Select(b => b.Id).ToHashSet();
        var strays = rows.Where(r => !known.Contains(r.OrgId)).Select(r => r.OrgId).ToList();
        if (strays.Count > 0)
        {
            branches.AddRange(await db.Organizations.AsNoTracking().Where(o => strays.Contains(o.Id))
                .Select(o => new { o.Id, o.Name, o.ShortName, o.Path }).ToListAsync(ct));
        }

        var byOrg = rows.ToDictionary(r => r.OrgId);
        var lines = branches.OrderBy(b => b.Path, StringComparer.Ordinal).Select(b =>
        {
            var row = byOrg.GetValueOrDefault(b.Id) ?? new CompletenessRow { OrgId = b.Id, Missing = new int[fields.Count] };
            var missing = fields.Select((f, i) => (f, (long)row.Missing[i])).ToDictionary(x => x.f, x => x.Item2);
            return new BranchCompleteness(b.Id, b.Name, b.ShortName, row.Members, row.Complete,
                MemberFields.Rate(row.Complete, row.Members), missing);
        }).ToList();

        long members = rows.Sum(r => (long)r.Members), complete = rows.Sum(r => (long)r.Complete);
        var totals = fields.Select((f, i) => (f, rows.Sum(r => (long)r.Missing[i]))).ToDictionary(x => x.f, x => x.Item2);
        return new CompletenessBoard(org.Id, members, complete, MemberFields.Rate(complete, members), fields, totals, lines);
    }

    /// <summary>The facts the board counts, one per current member of the subtree.</summary>
    private IQueryable<MemberFacts> FactsOf(string path) =>
        from m in db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, path))
        where m.State != MemberState.Ended
        join p in db.Persons on m.PersonId equals p.Id
        select new MemberFacts
        {
            OrgId = m.OrgId,
            Name = p.Name,
            Gender = p.Gender,
            Ethnicity = p.Ethnicity,
            BirthDate = p.BirthDate,
            IdNumber = p.IdNumber,
            Phone = p.Phone,
            Education = p.Education,
            Degree = p.Degree,
            PoliticalStatus = p.PoliticalStatus,
            WorkUnit = p.WorkUnit,
            Post = p.Post,
            Address = p.Address,
            ProfessionalField = p.ProfessionalField,
            Specialties = p.Specialties,
            Health = p.Health,
            Family = p.Family,
            Children = p.Children,
            OtherAffiliations = p.OtherAffiliations,
            OverseasTies = p.OverseasTies,
            JoinedOn = m.JoinedOn,
            DevelopmentNumber = m.DevelopmentNumber,
        };

    /// <summary>
    /// <c>g =&gt; new CompletenessRow { OrgId = g.Key, Members = g.Count(), Complete = g.Count(x =&gt; !(missing₁ || …)),
    /// Missing = new[] { g.Count(x =&gt; missing₁), … } }</c> for the configured fields: SQL <c>COUNT(CASE …)</c> per field.
    /// </summary>
    private static Expression<Func<IGrouping<long, MemberFacts>, CompletenessRow>> RowOf(IReadOnlyList<string> fields)
    {
        var g = Expression.Parameter(typeof(IGrouping<long, MemberFacts>), "g");
        var x = Expression.Parameter(typeof(MemberFacts), "x");
        var tests = fields.Select(f => MemberFields.MissingTest(x, f)).ToList();
        Expression anyMissing = tests.Count == 0 ? Expression.Constant(false) : tests.Aggregate(Expression.OrElse);
        Expression Count(Expression test) => Expression.Call(CountWhere, g, Expression.Lambda<Func<MemberFacts, bool>>(test, x));

        var body = Expression.MemberInit(Expression.New(typeof(CompletenessRow)),
            Expression.Bind(typeof(CompletenessRow).GetProperty(nameof(CompletenessRow.OrgId))!, Expression.Property(g, "Key")),
            Expression.Bind(typeof(CompletenessRow).GetProperty(nameof(CompletenessRow.Members))!, Expression.Call(CountAll, g)),
            Expression.Bind(typeof(CompletenessRow).GetProperty(nameof(CompletenessRow.Complete))!, Count(Expression.Not(anyMissing))),
            Expression.Bind(typeof(CompletenessRow).GetProperty(nameof(CompletenessRow.Missing))!,
                Expression.NewArrayInit(typeof(int), tests.Select(Count))));
        return Expression.Lambda<Func<IGrouping<long, MemberFacts>, CompletenessRow>>(body, g);
    }

    private static MethodInfo CountMethod(int parameters) => typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Count) && m.GetParameters().Length == parameters)
        .MakeGenericMethod(typeof(MemberFacts));

    private sealed class CompletenessRow
    {
        public long OrgId { get; set; }
        public int Members { get; set; }
        public int Complete { get; set; }
        public int[] Missing { get; set; } = [];
    }
}
