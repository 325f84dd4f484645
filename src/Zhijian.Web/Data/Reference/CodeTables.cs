using System.Collections.Frozen;

namespace Zhijian.Web.Data.Reference;

/// <summary>One entry of a national standard code table.</summary>
/// <param name="Code">The code, for example <c>01</c>.</param>
/// <param name="Name">The Chinese name, for example <c>汉族</c>.</param>
/// <param name="Parent">The code of the category this entry belongs to, or <see langword="null"/> for a top-level entry.</param>
public sealed record CodeEntry(string Code, string Name, string? Parent);

/// <summary>A code table: an ordered list of entries with unique codes.</summary>
public sealed class CodeTable
{
    private readonly FrozenDictionary<string, CodeEntry> byCode;

    /// <summary>Creates a code table.</summary>
    /// <param name="name">The table's name, for example <c>ethnicity</c>.</param>
    /// <param name="entries">The entries, in display order; codes must be unique.</param>
    /// <exception cref="ArgumentException">Two entries share a code.</exception>
    public CodeTable(string name, IEnumerable<CodeEntry> entries)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(entries);

        Name = name;
        Entries = entries.ToArray();

        var map = new Dictionary<string, CodeEntry>(Entries.Count, StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (!map.TryAdd(entry.Code, entry))
            {
                throw new ArgumentException($"Code table '{name}' has the code '{entry.Code}' more than once.", nameof(entries));
            }
        }

        byCode = map.ToFrozenDictionary(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(Entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < Entries.Count; i++)
        {
            names.TryAdd(Entries[i].Name, i);
        }

        byName = names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The position of the first entry of each name.</summary>
    private readonly FrozenDictionary<string, int> byName;

    /// <summary>
    /// The first entry (in the standard's order) whose name is one of <paramref name="names"/>, or null: a dictionary look-up
    /// per name, not a scan of the table.
    /// </summary>
    public CodeEntry? FirstNamed(params ReadOnlySpan<string> names)
    {
        var best = int.MaxValue;
        foreach (var name in names)
        {
            if (byName.TryGetValue(name, out var i) && i < best)
            {
                best = i;
            }
        }

        return best == int.MaxValue ? null : Entries[best];
    }

    /// <summary>The table's name, for example <c>ethnicity</c>.</summary>
    public string Name { get; }

    /// <summary>The entries, in the order of the standard.</summary>
    public IReadOnlyList<CodeEntry> Entries { get; }

    /// <summary>Whether <paramref name="code"/> is a code of this table (exact, case-sensitive match).</summary>
    /// <param name="code">The code to look up.</param>
    /// <returns><see langword="true"/> when the table has the code.</returns>
    public bool Contains(string? code) => code is not null && byCode.ContainsKey(code);

    /// <summary>The name of <paramref name="code"/>, or <see langword="null"/> when the table does not have it.</summary>
    /// <param name="code">The code to look up.</param>
    /// <returns>The Chinese name, or <see langword="null"/>.</returns>
    public string? NameOf(string? code) => code is not null && byCode.TryGetValue(code, out var entry) ? entry.Name : null;

    /// <summary>
    /// Parses a simple CSV code table: a header row naming the columns <c>code</c>, <c>name</c> and optionally
    /// <c>parent</c>, then one comma-separated entry per line, without quoting. Blank lines are skipped and an empty
    /// parent is read as <see langword="null"/>.
    /// </summary>
    /// <param name="name">The table's name.</param>
    /// <param name="reader">The CSV text.</param>
    /// <returns>The table.</returns>
    /// <exception cref="FormatException">The header or a row is malformed.</exception>
    public static CodeTable Parse(string name, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);

        var header = reader.ReadLine()?.Trim().Split(',');
        if (header is null)
        {
            throw new FormatException($"Code table '{name}' is empty.");
        }

        var codeColumn = Array.IndexOf(header, "code");
        var nameColumn = Array.IndexOf(header, "name");
        var parentColumn = Array.IndexOf(header, "parent");
        if (codeColumn < 0 || nameColumn < 0)
        {
            throw new FormatException($"Code table '{name}' has no 'code' and 'name' columns in its header.");
        }

        var entries = new List<CodeEntry>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != header.Length)
            {
                throw new FormatException($"Code table '{name}', line {lineNumber}: expected {header.Length} fields, found {fields.Length}.");
            }

            var code = fields[codeColumn].Trim();
            var entryName = fields[nameColumn].Trim();
            if (code.Length == 0 || entryName.Length == 0)
            {
                throw new FormatException($"Code table '{name}', line {lineNumber}: the code and the name are required.");
            }

            var parent = parentColumn < 0 ? null : fields[parentColumn].Trim();
            entries.Add(new CodeEntry(code, entryName, string.IsNullOrEmpty(parent) ? null : parent));
        }

        return new CodeTable(name, entries);
    }
}

/// <summary>
/// The national standard code tables embedded in this assembly (<c>Data/Reference/*.csv</c>), each loaded on first use.
/// </summary>
public static class CodeTables
{
    private const string ResourcePrefix = "Zhijian.Web.Data.Reference.";

    private static readonly Lazy<CodeTable> GenderTable = new(() => Load("gender"));
    private static readonly Lazy<CodeTable> EthnicityTable = new(() => Load("ethnicity"));
    private static readonly Lazy<CodeTable> EducationTable = new(() => Load("education"));
    private static readonly Lazy<CodeTable> PoliticalStatusTable = new(() => Load("political-status"));

    /// <summary>Gender (GB/T 2261.1-2003): <c>0</c> unknown, <c>1</c> male, <c>2</c> female, <c>9</c> unstated.</summary>
    public static CodeTable Gender => GenderTable.Value;

    /// <summary>Ethnicity (GB/T 3304-1991): <c>01</c> 汉族 to <c>56</c> 基诺族, plus <c>97</c> and <c>98</c>.</summary>
    public static CodeTable Ethnicity => EthnicityTable.Value;

    /// <summary>Education (GB/T 4658-2006), two levels: categories (<c>10</c>, <c>20</c>, ...) and their entries.</summary>
    public static CodeTable Education => EducationTable.Value;

    /// <summary>Political status (GB/T 4762-1984): <c>01</c> Party member, <c>02</c> probationary, <c>03</c> League member, ...</summary>
    public static CodeTable PoliticalStatus => PoliticalStatusTable.Value;

    /// <summary>All the tables, in a fixed order.</summary>
    public static IReadOnlyList<CodeTable> All => [Gender, Ethnicity, Education, PoliticalStatus];

    private static CodeTable Load(string name)
    {
        var resourceName = ResourcePrefix + name + ".csv";
        using var stream = typeof(CodeTables).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded code table '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return CodeTable.Parse(name, reader);
    }
}
