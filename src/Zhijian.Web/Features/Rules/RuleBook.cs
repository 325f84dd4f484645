using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Rules;

/// <summary>One rule row as read: a national default (<see cref="Local"/> false) or a local row from the database.</summary>
public sealed record RuleRow(OrgSystem System, string Key, DateOnly EffectiveFrom, string Value, string Source, bool Local);

/// <summary>
/// The rules in force, national defaults overlaid by local rows: for a (system, key, date) the row with the
/// latest effective date on or before the date wins, a local row winning a tie with a default.
/// </summary>
public sealed class RuleSet
{
    private readonly Dictionary<(OrgSystem, string), RuleRow[]> byKey;

    public RuleSet(IEnumerable<RuleRow> rows)
    {
        Rows = rows.OrderBy(r => r.System).ThenBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.EffectiveFrom)
            .ThenBy(r => r.Local).ToArray();
        byKey = Rows.GroupBy(r => (r.System, r.Key)).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>Every row, defaults and local, ordered by system, key and date.</summary>
    public IReadOnlyList<RuleRow> Rows { get; }

    /// <summary>Whether the key is known for the system.</summary>
    public bool Knows(OrgSystem system, string key) => byKey.ContainsKey((system, key));

    /// <summary>The row in force on <paramref name="on"/>; the earliest row when the date precedes them all.</summary>
    public RuleRow Find(OrgSystem system, string key, DateOnly on)
    {
        if (!byKey.TryGetValue((system, key), out var rows))
        {
            throw new InvalidOperationException($"No rule '{key}' for {system}: add it to Data/Reference/rules.csv.");
        }

        var found = rows[0];
        foreach (var row in rows)
        {
            if (row.EffectiveFrom <= on)
            {
                found = row;
            }
        }

        return found;
    }

    public string Text(OrgSystem system, string key, DateOnly on) => Find(system, key, on).Value;

    public int Int(OrgSystem system, string key, DateOnly on) =>
        int.Parse(Find(system, key, on).Value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public decimal Decimal(OrgSystem system, string key, DateOnly on) =>
        decimal.Parse(Find(system, key, on).Value, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>The national defaults only (unit tests, tools).</summary>
    public static RuleSet Defaults { get; } = new(RuleDefaults.Rows);
}

/// <summary>The national defaults embedded as <c>Data/Reference/rules.csv</c> (system,key,effective_from,value,source).</summary>
public static class RuleDefaults
{
    private static readonly Lazy<IReadOnlyList<RuleRow>> Loaded = new(Load);

    public static IReadOnlyList<RuleRow> Rows => Loaded.Value;

    /// <summary>Parses the CSV; no quoting, commas only as separators (sources use the Chinese comma).</summary>
    public static IReadOnlyList<RuleRow> Parse(TextReader reader)
    {
        var header = reader.ReadLine()?.Trim();
        if (header != "system,key,effective_from,value,source")
        {
            throw new FormatException($"rules.csv: unexpected header '{header}'.");
        }

        var rows = new List<RuleRow>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var f = text.Split(',');
            if (f.Length != 5 || !Enum.TryParse<OrgSystem>(f[0].Trim(), ignoreCase: true, out var system)
                || !DateOnly.TryParseExact(f[2].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
            {
                throw new FormatException($"rules.csv, line {line}: expected system,key,yyyy-MM-dd,value,source.");
            }

            rows.Add(new RuleRow(system, f[1].Trim(), from, f[3].Trim(), f[4].Trim(), Local: false));
        }

        return rows;
    }

    private static IReadOnlyList<RuleRow> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Zhijian.Web.Data.Reference.rules.csv")
            ?? throw new InvalidOperationException("The embedded rules.csv is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}

/// <summary>A local rule to add: <c>value</c> must have the type of the key's default (number or text).</summary>
public sealed record AddRuleRequest(OrgSystem? System, string? Key, DateOnly? EffectiveFrom, string? Value, string? Source);

/// <summary>Reads the rules in force and adds local rows (system administrators only, audited).</summary>
public sealed class RuleBook(ZhijianDbContext db, CallerScope scope, AuditLog audit, TimeProvider clock)
{
    private RuleSet? current;

    /// <summary>Defaults overlaid by the database's local rows; read once per scope (the table is small).</summary>
    public async Task<RuleSet> CurrentAsync(CancellationToken ct = default)
    {
        if (current is not null)
        {
            return current;
        }

        var local = await db.Set<Rule>().AsNoTracking()
            .Select(r => new RuleRow(r.System, r.Key, r.EffectiveFrom, r.Value, r.Source, true))
            .ToListAsync(ct);
        return current = new RuleSet(RuleDefaults.Rows.Concat(local));
    }

    /// <summary>Every row, or only the rows in force on <paramref name="on"/>.</summary>
    public async Task<IReadOnlyList<RuleRow>> ListAsync(OrgSystem? system, DateOnly? on, CancellationToken ct = default)
    {
        var set = await CurrentAsync(ct);
        var rows = set.Rows.Where(r => system is null || r.System == system);
        if (on is { } day)
        {
            rows = rows.Select(r => (r.System, r.Key)).Distinct().Select(k => set.Find(k.System, k.Key, day));
        }

        return rows.ToList();
    }

    public async Task<RuleRow> AddAsync(AddRuleRequest body, CancellationToken ct = default)
    {
        await scope.EnsureSystemAdmin(ct);
        var set = await CurrentAsync(ct);
        var (system, key, value, source) = Check(body, set);
        var from = body.EffectiveFrom!.Value;
        if (await db.Set<Rule>().AnyAsync(r => r.System == system && r.Key == key && r.EffectiveFrom == from, ct))
        {
            throw DomainException.Conflict(ErrorCodes.InvalidState, "该规则在同一生效日期已有本地设置；规则只增不改，请另选生效日期");
        }

        var rule = new Rule
        {
            System = system,
            Key = key,
            EffectiveFrom = from,
            Value = value,
            Source = source,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = scope.UserId,
        };
        await db.InTransactionAsync(async () =>
        {
            db.Add(rule);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.RuleAdded, null, nameof(Rule), rule.Id,
                $"规则 {system}/{key} 自 {from:yyyy-MM-dd} 起为 {value}（{source}）", ct);
        }, ct);
        current = null;
        return new RuleRow(system, key, from, value, source, true);
    }

    /// <summary>The checks of a new local rule: one 400 with every field's error; answers the trimmed values.</summary>
    private static (OrgSystem System, string Key, string Value, string Source) Check(AddRuleRequest body, RuleSet set)
    {
        var errors = new Dictionary<string, string[]>();
        var key = body.Key?.Trim() ?? "";
        var value = body.Value?.Trim() ?? "";
        var source = body.Source?.Trim() ?? "";
        if (body.System is not { } system)
        {
            errors["system"] = ["请选择系统（party 或 league）"];
            system = default;
        }
        else if (!set.Knows(system, key))
        {
            errors["key"] = [$"没有名为「{key}」的规则"];
        }
        else if (CheckValue(set.Find(system, key, DateOnly.MaxValue).Value, value) is { } problem)
        {
            errors["value"] = [problem];
        }

        if (body.EffectiveFrom is null)
        {
            errors["effectiveFrom"] = ["请填写生效日期"];
        }

        if (source.Length == 0 || source.Length > Rule.SourceMaxLength)
        {
            errors["source"] = [$"请填写依据（文件名称或本单位决定，不超过 {Rule.SourceMaxLength} 个字）"];
        }

        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        return (system, key, value, source);
    }

    /// <summary>Why a value does not fit the rule (numeric rules take numbers not below 0), or null.</summary>
    private static string? CheckValue(string sample, string value)
    {
        var numeric = decimal.TryParse(sample, NumberStyles.Number, CultureInfo.InvariantCulture, out _);
        if (value.Length == 0 || value.Length > Rule.ValueMaxLength)
        {
            return $"请填写规则值（不超过 {Rule.ValueMaxLength} 个字）";
        }

        return numeric && !(decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n >= 0)
            ? "此规则的值应为不小于 0 的数字"
            : null;
    }
}
