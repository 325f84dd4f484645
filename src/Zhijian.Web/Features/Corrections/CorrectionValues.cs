using System.Globalization;
using Zhijian.Web.Data.Reference;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.Corrections;

/// <summary>
/// The rules a proposed value must meet at filing time, by the field's own kind (issue 19: an organization's name went
/// through as a 出生日期): dates are dates, codes are in their national code table (as a code, a name or a synonym),
/// ID and phone numbers are valid numbers, names look like names. Values are kept in the form the record stores
/// (dates yyyy-MM-dd, codes as codes, phone digits), so that resolving the request later applies exactly what was checked.
/// </summary>
public static class CorrectionValues
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd"];

    /// <summary>The value as the record would store it, or the Chinese reason it cannot be.</summary>
    public static (string Value, string? Error) Check(string field, string value, DateOnly today) => field switch
    {
        "name" => Name(value),
        "gender" => Code(CodeTables.Gender, "性别", value),
        "ethnicity" => Code(CodeTables.Ethnicity, "民族", value),
        "education" => Code(CodeTables.Education, "学历", value),
        "politicalStatus" => Code(CodeTables.PoliticalStatus, "政治面貌", value),
        "birthDate" => Date("出生日期", value, today),
        "joinedOn" => Date("入党（团）时间", value, today),
        "fullOn" => Date("转正时间", value, today),
        "idNumber" => Id(value),
        "phone" => Phone(value),
        _ => (value, null),
    };

    private static (string, string?) Name(string value)
    {
        var name = value.Trim();
        return name.Length > 50 || name.Any(c => char.IsDigit(c) || c is '@' or '#' or '/' or '\\' or '(' or ')' or '（' or '）')
            ? (name, $"姓名「{Shown(value)}」不像姓名：请只填写汉字或字母（不超过 50 个字），如 张三")
            : (name, null);
    }

    private static (string, string?) Code(CodeTable table, string label, string value) =>
        CodeNames.Resolve(table, value) is { } code ? (code, null) : (value, CodeNames.Refusal(table, label, value));

    private static (string, string?) Date(string label, string value, DateOnly today)
    {
        var text = TextInput.AsciiCompact(value);
        if (!DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (value, $"{label}「{Shown(value)}」不是日期：请按 yyyy-MM-dd 填写，如 2001-05-04");
        }

        if (!PlausibleDates.Contains(day) || day > today)
        {
            return (value, $"{label}「{Shown(value)}」不在合理范围内：应在 {PlausibleDates.Earliest:yyyy-MM-dd} 至今天之间");
        }

        return (day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
    }

    private static (string, string?) Id(string value)
    {
        var id = TextInput.AsciiCompact(value, upperX: true);
        return CitizenIdNumber.Check(id) is { IsValid: false } bad ? (id, bad.Message) : (id, null);
    }

    private static (string, string?) Phone(string value)
    {
        var phone = TextInput.AsciiCompact(value).Replace("-", "", StringComparison.Ordinal);
        return PhoneNumber.Check(phone) is { IsValid: false } bad ? (phone, bad.Message) : (phone, null);
    }

    private static string Shown(string value) => value.Length <= 30 ? value : string.Concat(value.AsSpan(0, 30), "…");
}
