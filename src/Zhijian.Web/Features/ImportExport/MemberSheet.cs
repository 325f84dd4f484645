using System.Globalization;
using Zhijian.Web.Data.Reference;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>The member template of API.md "Import and export": its columns, and how cells are read.</summary>
public static class MemberSheet
{
    public const string Name = "姓名";
    public const string Gender = "性别";
    public const string Ethnicity = "民族";
    public const string BirthDate = "出生日期";
    public const string IdNumber = "公民身份号码";
    public const string Phone = "手机号码";
    public const string Education = "学历";
    public const string PoliticalStatus = "政治面貌";
    public const string JoinedOn = "入团/入党时间";
    public const string Branch = "所在支部";
    public const string WorkUnit = "工作单位";
    public const string Post = "职务";
    public const string Address = "家庭住址";

    /// <summary>The headers in the contract's order.</summary>
    public static readonly string[] Headers =
        [Name, Gender, Ethnicity, BirthDate, IdNumber, Phone, Education, PoliticalStatus, JoinedOn, Branch, WorkUnit, Post, Address];

    private static readonly Dictionary<string, int> IndexOfHeader = Headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);

    /// <summary>The position of a template column in <see cref="Headers"/>.</summary>
    public static int Index(string header) => IndexOfHeader[header];

    /// <summary>The template's field names in the API, for mapping row errors back to columns.</summary>
    public static readonly Dictionary<string, string> ColumnOfField = new()
    {
        ["person.name"] = Name,
        ["person.gender"] = Gender,
        ["person.ethnicity"] = Ethnicity,
        ["person.birthDate"] = BirthDate,
        ["person.idNumber"] = IdNumber,
        ["person.phone"] = Phone,
        ["person.education"] = Education,
        ["person.politicalStatus"] = PoliticalStatus,
        ["joinedOn"] = JoinedOn,
        ["orgId"] = Branch,
        ["person.workUnit"] = WorkUnit,
        ["person.post"] = Post,
        ["person.address"] = Address,
        ["stage"] = PoliticalStatus,
        ["fullOn"] = JoinedOn,
    };

    /// <summary>The most characters of a cell a message or an error report repeats.</summary>
    public const int EchoChars = 50;

    /// <summary>
    /// A cell's text as messages and error reports repeat it: at most <see cref="EchoChars"/> characters and "…", so a
    /// report of a hostile workbook never carries its cells in full.
    /// </summary>
    public static string Echo(string text) => text.Length <= EchoChars ? text : string.Concat(text.AsSpan(0, EchoChars), "…");

    /// <summary>A cell as an error report keeps it: text cut by <see cref="Echo"/>, anything else as it is.</summary>
    public static object? EchoCell(object? cell) => cell is string s ? Echo(s) : cell;

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "yyyy/M/d", "yyyy.MM.dd", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-MM", "yyyy.MM", "yyyy/MM"];

    /// <summary>A cell as text: trimmed, null when blank; numbers without exponent or decimals.</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString()?.Trim(),
    };

    /// <summary>A date cell: an Excel date, or text in the usual Chinese spellings.</summary>
    public static (DateOnly? Value, string? Error) Date(object? cell, string label)
    {
        switch (cell)
        {
            case null:
                return (null, null);
            case DateTime dt:
                return (DateOnly.FromDateTime(dt), null);
            case double serial when serial is > 0 and < 2_958_466:
                return (DateOnly.FromDateTime(DateTime.FromOADate(serial)), null);
        }

        var text = Text(cell);
        if (text is null)
        {
            return (null, null);
        }

        // The template's own form first, read digit by digit: DateOnly.TryParseExact compares the format's literals through
        // the culture's CompareInfo, which took a third of the checking time of a 100,000-row import.
        if (IsoDate(text) is { } iso)
        {
            return (iso, null);
        }

        // Full-width digits and dashes (typed with a Chinese input method) and spaces inside are read as ASCII.
        var compact = Shared.TextInput.AsciiCompact(text);
        if (IsoDate(compact) is { } typed)
        {
            return (typed, null);
        }

        if (DateTime.TryParseExact(compact, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return (DateOnly.FromDateTime(parsed), null);
        }

        return (null, $"{label}「{Echo(text)}」不是有效日期，请写成 2001-05-04");
    }

    /// <summary><c>yyyy-MM-dd</c> with ASCII digits and a day that exists, else null (the general formats decide).</summary>
    internal static DateOnly? IsoDate(string text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return null;
        }

        // NumberStyles.None: ASCII digits only, no sign, no spaces.
        static int Digits(ReadOnlySpan<char> span) =>
            int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

        var span = text.AsSpan();
        int year = Digits(span[..4]), month = Digits(span[5..7]), day = Digits(span[8..]);
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    /// <summary>The ID number cell: refused when Excel has turned it into a number (digits are lost).</summary>
    public static (string? Value, string? Error) IdNumberCell(object? cell) => cell switch
    {
        double or decimal or float => (null, "公民身份号码被 Excel 当作数字保存，末尾数字可能已丢失；请把该列设为“文本”后重新填写"),
        _ => (Text(cell), null),
    };

    /// <summary>Names people write in spreadsheets for codes whose standard names are long.</summary>
    private static readonly Dictionary<string, string> CommonNames = new()
    {
        ["中共党员"] = "01",
        ["党员"] = "01",
        ["正式党员"] = "01",
        ["中共预备党员"] = "02",
        ["预备党员"] = "02",
        ["共青团员"] = "03",
        ["团员"] = "03",
        ["民革"] = "04",
        ["民盟"] = "05",
        ["民建"] = "06",
        ["民进"] = "07",
        ["农工党"] = "08",
        ["致公党"] = "09",
        ["台盟"] = "11",
    };

    /// <summary>A code cell: the GB code itself, or its Chinese name (男 / 男性, 汉 / 汉族, 大学本科 ...).</summary>
    public static (string? Code, string? Error) Code(CodeTable table, object? cell, string label)
    {
        var text = Text(cell);
        if (text is null)
        {
            return (null, null);
        }

        if (table.Contains(text))
        {
            return (text, null);
        }

        if (ReferenceEquals(table, CodeTables.PoliticalStatus) && CommonNames.TryGetValue(text, out var common))
        {
            return (common, null);
        }

        var byName = table.Entries.FirstOrDefault(e => e.Name == text)
            ?? table.Entries.FirstOrDefault(e => e.Name == text + "性" || e.Name == text + "族");
        if (byName is null && text.Length >= 2)
        {
            // A unique prefix is accepted (中共党员 is not, 大学本科 for 大学本科毕业 is).
            var prefixed = table.Entries.Where(e => e.Name.StartsWith(text, StringComparison.Ordinal)).Take(2).ToList();
            byName = prefixed.Count == 1 ? prefixed[0] : null;
        }

        return byName is not null ? (byName.Code, null) : (null, $"{label}「{Echo(text)}」不在国家标准代码表中");
    }
}
