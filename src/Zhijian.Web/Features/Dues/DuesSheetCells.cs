using System.Globalization;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// The payroll sheets' columns and the reading of their cells (pure functions, unit-tested): 缴费类别 in Chinese or as the
/// API's code, a month in the spellings clerks use (2026-01, 2026.01, 2026年1月, an Excel date), and yuan amounts with at
/// most two decimals. Every reader answers the value or a Chinese message naming what it read.
/// </summary>
public static class DuesSheetCells
{
    public const string IdNumber = MemberSheet.IdNumber;
    public const string Name = MemberSheet.Name;
    public const string Category = "缴费类别";
    public const string Base = "缴费基数（元）";
    public const string From = "起始月份";
    public const string Month = "月份";
    public const string Amount = "金额（元）";

    /// <summary>Columns of the bases sheet (POST …/imports/dues-bases).</summary>
    public static readonly string[] BaseHeaders = [IdNumber, Name, Category, Base, From];

    /// <summary>Columns of the payroll deduction sheet (POST …/imports/dues-payments).</summary>
    public static readonly string[] PaymentHeaders = [IdNumber, Month, Amount];

    private static readonly Dictionary<string, DuesCategory> CategoryWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["在职"] = DuesCategory.Employed,
        ["离退休"] = DuesCategory.Retired,
        ["退休"] = DuesCategory.Retired,
        ["离休"] = DuesCategory.Retired,
        ["学生"] = DuesCategory.Student,
        ["无固定收入"] = DuesCategory.Unemployed,
        ["下岗失业"] = DuesCategory.Unemployed,
        ["失业"] = DuesCategory.Unemployed,
        ["农民"] = DuesCategory.Farmer,
        ["困难"] = DuesCategory.Relief,
        ["生活困难"] = DuesCategory.Relief,
        ["低保"] = DuesCategory.Relief,
        ["领取最低生活保障金"] = DuesCategory.Relief,
        ["约定"] = DuesCategory.Fixed,
        ["约定金额"] = DuesCategory.Fixed,
        ["employed"] = DuesCategory.Employed,
        ["retired"] = DuesCategory.Retired,
        ["student"] = DuesCategory.Student,
        ["unemployed"] = DuesCategory.Unemployed,
        ["farmer"] = DuesCategory.Farmer,
        ["relief"] = DuesCategory.Relief,
        ["fixed"] = DuesCategory.Fixed,
    };

    /// <summary>The words the template lists for 缴费类别.</summary>
    public static readonly string[] CategoryChoices = ["在职", "离退休", "学生", "无固定收入", "农民", "困难", "约定"];

    /// <summary>缴费类别: a Chinese word or the API's code.</summary>
    public static (DuesCategory? Value, string? Error) ReadCategory(object? cell)
    {
        var text = MemberSheet.Text(cell);
        if (text is null)
        {
            return (null, "请填写缴费类别（在职、离退休、学生、无固定收入、农民、困难、约定）");
        }

        return CategoryWords.TryGetValue(text.Replace(" ", "", StringComparison.Ordinal), out var c)
            ? (c, null)
            : (null, $"缴费类别「{MemberSheet.Echo(text)}」无法识别，应为 {string.Join("、", CategoryChoices)} 之一");
    }

    /// <summary>
    /// A month: an Excel date (its month), a number typed as 2026.01 (2026.1 is refused: Excel keeps 2026.10 so), or text
    /// 2026-01, 2026-1, 2026.01, 2026/01, 202601, 2026年1月, 2026-01-15 (full-width digits too).
    /// </summary>
    public static (DuesMonth? Value, string? Error) ReadMonth(object? cell, string label)
    {
        switch (cell)
        {
            case null:
                return (null, $"请填写{label}（如 2026-01）");
            case DateTime dt:
                return Checked(new DuesMonth(dt.Year, dt.Month), label);
            case double d when d is >= 1949 and < 2101:
                return NumberMonth(d, label);
            case double serial when serial is > 18000 and < 2_958_466:
                var day = DateTime.FromOADate(serial);
                return Checked(new DuesMonth(day.Year, day.Month), label);
        }

        var text = MemberSheet.Text(cell);
        if (text is null)
        {
            return (null, $"请填写{label}（如 2026-01）");
        }

        var compact = TextInput.AsciiCompact(text).Replace('/', '-').Replace('.', '-').Replace("年", "-", StringComparison.Ordinal)
            .Replace("月", "", StringComparison.Ordinal);
        var parts = compact.Split('-');
        if (parts.Length == 1 && parts[0].Length == 6)
        {
            parts = [parts[0][..4], parts[0][4..]];
        }

        if (parts.Length is 2 or 3 && parts[0].Length == 4 && parts[1].Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            && (parts.Length == 2 || DateOnly.TryParseExact($"{year:0000}-{month:00}-{parts[2].PadLeft(2, '0')}", "yyyy-MM-dd",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return Checked(new DuesMonth(year, month), label);
        }

        return (null, $"{label}「{MemberSheet.Echo(text)}」不是有效月份，请写成 2026-01");
    }

    private static (DuesMonth? Value, string? Error) NumberMonth(double number, string label)
    {
        var text = number.ToString("0.######", CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var year = (int)Math.Floor(number);
        if (dot < 0)
        {
            return (null, $"{label}「{text}」只有年份，请写成 {year}-01 这样的月份");
        }

        var digits = text[(dot + 1)..];
        if (digits == "1")
        {
            return (null, $"{label}「{text}」被 Excel 当作数字保存，可能是 {year}年1月，也可能是 {year}年10月；请写成 {year}-01 或 {year}-10");
        }

        return digits.Length <= 2 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            ? Checked(new DuesMonth(year, month), label)
            : (null, $"{label}「{text}」不是有效月份，请写成 2026-01");
    }

    private static (DuesMonth? Value, string? Error) Checked(DuesMonth month, string label) =>
        month.Year is >= 1949 and <= 2100 ? (month, null) : (null, $"{label}「{month}」超出范围");

    /// <summary>A yuan amount (number or text, ¥ and thousands separators allowed): not negative, at most two decimals; in fen.</summary>
    public static (long? Fen, string? Error) ReadYuan(object? cell, string label)
    {
        decimal? value = cell switch
        {
            double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 1e11 => (decimal)d,
            decimal m => m,
            int i => i,
            long l => l,
            _ => null,
        };
        var text = MemberSheet.Text(cell);
        if (text is null)
        {
            return (null, $"请填写{label}");
        }

        if (value is null)
        {
            var compact = TextInput.AsciiCompact(text).Replace(",", "", StringComparison.Ordinal).TrimStart('¥', '￥')
                .Replace("元", "", StringComparison.Ordinal);
            value = decimal.TryParse(compact, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out var parsed) ? parsed : null;
        }

        if (value is not { } yuan)
        {
            return (null, $"{label}「{MemberSheet.Echo(text)}」不是数字");
        }

        if (yuan < 0)
        {
            return (null, $"{label}「{text}」不能为负数");
        }

        return Yuan.ToFen(yuan) is { } fen
            ? (fen, null)
            : (null, $"{label}「{text}」最多两位小数（分）");
    }
}
