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

        // Exactly one name: Enum.TryParse also takes numbers and flags-style lists ("active,ended"), which would
        // filter by a value nobody asked for instead of refusing.
        var name = value.Trim();
        if (System.Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            return System.Enum.Parse<T>(known);
        }

        var allowed = string.Join("、", System.Enum.GetNames<T>().Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)));
        var shown = value.Length > 40 ? value[..40] + "…" : value;
        throw DomainException.Validation(field, $"{field} 取值「{shown}」无效，可选：{allowed}（一次只能选一个）");
    }

    /// <summary>OpenAPI operation transformer: lists the values of every parameter marked <see cref="EnumQueryAttribute"/>.</summary>
    public static Task DescribeEnumParameters(Microsoft.OpenApi.OpenApiOperation operation,
        Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (description.ParameterDescriptor is not Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor { ParameterInfo: var info }
                || info.GetCustomAttributes(typeof(EnumQueryAttribute), false).FirstOrDefault() is not EnumQueryAttribute marked
                || operation.Parameters?.FirstOrDefault(p => p.Name == description.Name)?.Schema is not Microsoft.OpenApi.OpenApiSchema schema)
            {
                continue;
            }

            schema.Enum = System.Enum.GetNames(marked.EnumType)
                .Select(n => (System.Text.Json.Nodes.JsonNode)JsonNamingPolicy.CamelCase.ConvertName(n)).ToList();
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Marks a query parameter read by <see cref="QueryValues.Enum{T}"/>: the OpenAPI document then lists its values, so
/// that clients (and the fuzz test) know it is one of them and nothing else.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public abstract class EnumQueryAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
}

/// <inheritdoc cref="EnumQueryAttribute"/>
public sealed class EnumQueryAttribute<T>() : EnumQueryAttribute(typeof(T))
    where T : struct, System.Enum;
