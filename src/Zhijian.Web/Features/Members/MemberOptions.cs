using Microsoft.Extensions.Options;

namespace Zhijian.Web.Features.Members;

/// <summary>Configuration section <c>Members</c>.</summary>
public sealed class MemberOptions
{
    public const string Section = "Members";

    /// <summary>
    /// The fields a member record must have to count as complete on the completeness board (信息录入情况),
    /// named as in the API (<c>idNumber</c>, <c>workUnit</c>, <c>joinedOn</c> ...). Empty means
    /// <see cref="MemberFields.DefaultRequired"/>. Unknown names stop the application at start.
    /// </summary>
    public List<string> RequiredFields { get; set; } = [];

    /// <summary>The configured fields in their API spelling, duplicates dropped; the default list when none are configured.</summary>
    public IReadOnlyList<string> EffectiveRequiredFields =>
        RequiredFields.Count == 0
            ? MemberFields.DefaultRequired
            : RequiredFields.Select(f => MemberFields.Canonical(f) ?? f).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Refuses unknown field names in <c>Members:RequiredFields</c>, with the names it knows.</summary>
public sealed class MemberOptionsValidator : IValidateOptions<MemberOptions>
{
    public ValidateOptionsResult Validate(string? name, MemberOptions options)
    {
        var unknown = options.RequiredFields.Where(f => MemberFields.Canonical(f) is null).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Members:RequiredFields lists unknown field(s): {string.Join(", ", unknown.Select(f => $"'{f}'"))}. " +
                $"Known fields: {string.Join(", ", MemberFields.Known)}.");
    }
}
