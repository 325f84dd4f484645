namespace Zhijian.Web.Features.Corrections;

/// <summary>A field of a member record that a member may report as wrong.</summary>
public sealed record CorrectionField(string Code, string Name);

/// <summary>The fields offered on /me, in the order of the record; codes are the API's field names.</summary>
public static class CorrectionFields
{
    public static readonly IReadOnlyList<CorrectionField> All =
    [
        new("name", "姓名"),
        new("gender", "性别"),
        new("ethnicity", "民族"),
        new("birthDate", "出生日期"),
        new("idNumber", "公民身份号码"),
        new("phone", "手机号码"),
        new("education", "学历"),
        new("degree", "学位"),
        new("politicalStatus", "政治面貌"),
        new("workUnit", "工作单位"),
        new("post", "职务"),
        new("address", "家庭住址"),
        new("joinedOn", "入党（团）时间"),
        new("fullOn", "转正时间"),
        new("organization", "所在组织"),
        new("other", "其他"),
    ];

    private static readonly Dictionary<string, CorrectionField> ByCode =
        All.ToDictionary(f => f.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The field of a code (any case), or null for an unknown one.</summary>
    public static CorrectionField? Find(string? code) =>
        code is not null && ByCode.TryGetValue(code.Trim(), out var f) ? f : null;

    /// <summary>The Chinese name of a code; the code itself when unknown.</summary>
    public static string NameOf(string code) => Find(code)?.Name ?? code;

    /// <summary>Every code, for error messages.</summary>
    public static string Listing => string.Join("、", All.Select(f => f.Code));
}
