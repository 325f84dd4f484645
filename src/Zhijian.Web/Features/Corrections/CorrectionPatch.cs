using System.Globalization;
using Zhijian.Web.Data.Reference;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.Corrections;

/// <summary>
/// How a reported field becomes a member patch, and which proposed values are personal numbers that are
/// shown masked (公民身份号码, 手机号码) like everywhere else in the product.
/// </summary>
public static class CorrectionPatch
{
    /// <summary>Whether a field's proposed value is shown masked to everyone (the filing member included).</summary>
    public static bool IsMasked(string field) => field is "idNumber" or "phone";

    /// <summary>The proposed value as lists, details and /me show it: masked for ID and phone numbers.</summary>
    public static string Display(string field, string value) => field switch
    {
        "idNumber" => CitizenIdNumber.Mask(value),
        "phone" => PhoneNumber.Mask(value),
        _ => value,
    };

    /// <summary>
    /// The member patch that sets one reported field; null for fields the console cannot set from text
    /// (organization, other). An empty <paramref name="value"/> only asks whether the field is settable.
    /// </summary>
    public static UpdateMemberRequest? Of(string field, string value)
    {
        var probe = value.Length == 0;
        DateOnly? Day() => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        string? Code(CodeTable table) => probe ? "" : table.Contains(value) ? value : CodeOfName(table, value) ?? value;
        return field switch
        {
            "name" => new(Person: new PersonInput(Name: value)),
            "phone" => new(Person: new PersonInput(Phone: value)),
            "idNumber" => new(Person: new PersonInput(IdNumber: value)),
            "workUnit" => new(Person: new PersonInput(WorkUnit: value)),
            "post" => new(Person: new PersonInput(Post: value)),
            "address" => new(Person: new PersonInput(Address: value)),
            "degree" => new(Person: new PersonInput(Degree: value)),
            "gender" => new(Person: new PersonInput(Gender: Code(CodeTables.Gender))),
            "ethnicity" => new(Person: new PersonInput(Ethnicity: Code(CodeTables.Ethnicity))),
            "education" => new(Person: new PersonInput(Education: Code(CodeTables.Education))),
            "politicalStatus" => new(Person: new PersonInput(PoliticalStatus: Code(CodeTables.PoliticalStatus))),
            "birthDate" => probe ? new() : Day() is { } b ? new(Person: new PersonInput(BirthDate: b)) : InvalidDate(),
            "joinedOn" => probe ? new() : Day() is { } j ? new(JoinedOn: j) : InvalidDate(),
            "fullOn" => probe ? new() : Day() is { } f ? new(FullOn: f) : InvalidDate(),
            _ => null,
        };
    }

    /// <summary>The code of a name as members write it: exact (汉族), or the one entry it begins (女 → 女性).</summary>
    private static string? CodeOfName(CodeTable table, string name)
    {
        var exact = table.Entries.FirstOrDefault(e => e.Name == name);
        if (exact is not null)
        {
            return exact.Code;
        }

        var begun = table.Entries.Where(e => e.Name.StartsWith(name, StringComparison.Ordinal)).Take(2).ToList();
        return begun.Count == 1 ? begun[0].Code : null;
    }

    private static UpdateMemberRequest InvalidDate() => throw DomainException.Validation("value", "日期请按 yyyy-MM-dd 填写，如 2020-05-04");
}
