using System.Text.Json;

namespace Zhijian.Web.Shared;

/// <summary>Query-string values as the API spells them (camelCase enums), refused with a Chinese message otherwise.</summary>
public static class QueryValues
{
    /// <summary>Parses an enum written as in JSON (<c>league</c>, <c>orgUpdated</c>), case-insensitively; null when absent.</summary>
    public static T? Enum<T>(string? value, string field)
        where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!int.TryParse(value, out _) && System.Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed))
        {
            return parsed;
        }

        var allowed = string.Join("、", System.Enum.GetNames<T>().Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)));
        throw DomainException.Validation(field, $"{field} 取值「{value}」无效，可选：{allowed}");
    }
}
