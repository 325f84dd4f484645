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
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "yyyy/M/d", "yyyy.MM.dd", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy年M月d号", "yyyy年M月", "yyyy-M", "yyyy.M", "yyyy/M"];

    /// <summary>A cell as text: trimmed, null when blank; numbers without exponent or decimals.</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString()?.Trim(),
    };

    /// <summary>
    /// Days between Excel's two date systems: a workbook saved with <c>&lt;workbookPr date1904="1"/&gt;</c> (old Mac Excel)
    /// counts its serial numbers from 1904-01-01, so the same number is a date 4 years and 1 day later than in the 1900 system.
    /// </summary>
    public const int Date1904Offset = 1462;

    /// <summary>
    /// A date cell: an Excel date (serial numbers in the workbook's date system: <paramref name="date1904"/> when it counts
    /// from 1904), a number that is a year and month typed as <c>2015.05</c>, or text in the usual Chinese spellings.
    /// </summary>
    public static (DateOnly? Value, string? Error) Date(object? cell, string label, bool date1904 = false)
    {
        switch (cell)
        {
            case null:
                return (null, null);
            case DateTime dt:
                // The readers have converted a date-formatted cell in the workbook's own date system.
                return (DateOnly.FromDateTime(dt), null);
            case double number when number is >= 1900 and < 2101:
                // As a serial number this is a day of 1905 to 1910, which no member's date is: a year and month typed as a number.
                return YearMonth(number, label);
            case double serial when serial is > 0 and < 2_958_466 - Date1904Offset:
                return (DateOnly.FromDateTime(DateTime.FromOADate(date1904 ? serial + Date1904Offset : serial)), null);
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

    /// <summary>
    /// <c>2015.05</c> typed into a cell that Excel keeps as the number 2015.05: the first of that month. A whole number (a
    /// year alone) is refused, and so is one decimal 1: Excel saves 2019.10 as 2019.1, so it may be January or October.
    /// </summary>
    private static (DateOnly? Value, string? Error) YearMonth(double number, string label)
    {
        var text = number.ToString("0.######", CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var year = (int)Math.Floor(number);
        if (dot < 0)
        {
            return (null, $"{label}「{text}」只有年份，请写成 {year}-09-01 这样的日期（至少写到月，如 {year}-09）");
        }

        var digits = text[(dot + 1)..];
        if (digits == "1")
        {
            return (null, $"{label}「{text}」被 Excel 当作数字保存，可能是 {year}年1月，也可能是 {year}年10月（{year}.10 存成了 {year}.1）；" +
                $"请写成 {year}-01 或 {year}-10");
        }

        return digits.Length <= 2 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            ? (new DateOnly(year, month, 1), null)
            : (null, $"{label}「{text}」不是有效日期，请写成 2001-05-04");
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

    private const string IdNumberAsNumber = "公民身份号码被 Excel 当作数字保存，末尾数字可能已丢失；请把该列设为“文本”后重新填写";

    /// <summary>
    /// The ID number cell: refused when Excel has turned it into a number (digits are lost), also as the text a CSV file
    /// saved by Excel keeps of it (<c>1.10105E+17</c>).
    /// </summary>
    public static (string? Value, string? Error) IdNumberCell(object? cell) => cell switch
    {
        double or decimal or float => (null, IdNumberAsNumber),
        string s when s.Contains("E+", StringComparison.OrdinalIgnoreCase) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            => (null, $"{IdNumberAsNumber}（读到「{Echo(s.Trim())}」）"),
        _ => (Text(cell), null),
    };

    /// <summary>
    /// A code cell: the GB code itself, its Chinese name or a clerk's word for it (男, 汉, 本科, 团员; read by
    /// <see cref="CodeNames"/>, the same reading as the API's); a value not understood is refused with what was read, what
    /// is expected and the closest code.
    /// </summary>
    public static (string? Code, string? Error) Code(CodeTable table, object? cell, string label)
    {
        var text = Text(cell);
        if (text is null)
        {
            return (null, null);
        }

        return CodeNames.Resolve(table, text) is { } code ? (code, null) : (null, CodeNames.Refusal(table, label, Echo(text)));
    }
}
