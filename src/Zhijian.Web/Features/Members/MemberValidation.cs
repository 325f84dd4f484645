using Zhijian.Web.Data.Reference;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.Members;

/// <summary>The person fields of a member as entered (API, console form, import row).</summary>
public sealed record PersonInput(
    string? Name = null, string? Gender = null, string? Ethnicity = null, DateOnly? BirthDate = null,
    string? IdNumber = null, string? Phone = null, string? Education = null, string? PoliticalStatus = null,
    string? WorkUnit = null, string? Post = null, string? Address = null, string? Degree = null,
    string? ProfessionalField = null, string? Specialties = null, string? Health = null, string? Family = null,
    string? Children = null, string? OtherAffiliations = null, string? OverseasTies = null);

/// <summary>
/// The rules of the information library, one implementation for the API, the console and the import:
/// GB 11643 numbers whose birth date and gender agree with the person, GB/T code tables, mobile numbers,
/// League age on joining, dates in order, stages that belong to the system.
/// </summary>
public static class MemberValidation
{
    /// <summary>Validates and normalizes a person; errors are keyed by camelCase field (prefixed, e.g. <c>person.idNumber</c>).</summary>
    public static PersonInput CheckPerson(PersonInput p, IDictionary<string, List<string>> errors, string prefix = "person.",
        DateOnly? today = null)
    {
        var name = CheckName(p.Name, prefix, errors);
        if (p.BirthDate is { } born && !Shared.PlausibleDates.Contains(born))
        {
            Add(errors, prefix + "birthDate", $"出生日期：{Shared.PlausibleDates.OutOfRange}");
        }

        var (idNumber, birth, gender) = CheckIdentity(p, prefix, today, errors);
        // Names and clerks' words (汉, 本科, 团员) are read as their codes here, for the API as for the import.
        var ethnicity = CodeNames.Resolve(CodeTables.Ethnicity, p.Ethnicity) ?? Blank(p.Ethnicity);
        var education = CodeNames.Resolve(CodeTables.Education, p.Education) ?? Blank(p.Education);
        var politicalStatus = CodeNames.Resolve(CodeTables.PoliticalStatus, p.PoliticalStatus) ?? Blank(p.PoliticalStatus);
        Code(CodeTables.Gender, gender, prefix + "gender", "性别", required: true, errors);
        Code(CodeTables.Ethnicity, ethnicity, prefix + "ethnicity", "民族", required: false, errors);
        Code(CodeTables.Education, education, prefix + "education", "学历", required: false, errors);
        Code(CodeTables.PoliticalStatus, politicalStatus, prefix + "politicalStatus", "政治面貌", required: false, errors);

        var phone = string.IsNullOrWhiteSpace(p.Phone) ? null
            : Shared.TextInput.AsciiCompact(WithoutTextMarker(p.Phone)).Replace("-", "", StringComparison.Ordinal);
        if (phone is not null && PhoneNumber.Check(phone) is { IsValid: false } bad)
        {
            Add(errors, prefix + "phone", bad.Message!);
        }

        CheckLengths(p, prefix, errors);
        return p with
        {
            Name = name,
            IdNumber = idNumber,
            BirthDate = birth,
            Gender = gender,
            Phone = phone,
            Ethnicity = ethnicity,
            Education = education,
            PoliticalStatus = politicalStatus,
            WorkUnit = Blank(p.WorkUnit),
            Post = Blank(p.Post),
            Address = Blank(p.Address),
            Degree = Blank(p.Degree),
            ProfessionalField = Blank(p.ProfessionalField),
            Specialties = Blank(p.Specialties),
            Health = Blank(p.Health),
            Family = Blank(p.Family),
            Children = Blank(p.Children),
            OtherAffiliations = Blank(p.OtherAffiliations),
            OverseasTies = Blank(p.OverseasTies),
        };
    }

    private static string? CheckName(string? value, string prefix, IDictionary<string, List<string>> errors)
    {
        var name = NormalizeName(value);
        if (string.IsNullOrEmpty(name))
        {
            Add(errors, prefix + "name", "请填写姓名");
        }
        else if (name.Length > Person.NameMaxLength)
        {
            Add(errors, prefix + "name", $"姓名不能超过 {Person.NameMaxLength} 个字");
        }
        else if (Shared.InputGuard.HasForbiddenCharacter(name))
        {
            Add(errors, prefix + "name", $"姓名{Shared.InputGuard.ForbiddenCharacterMessage}");
        }

        return name;
    }

    /// <summary>The ID number (GB 11643), with the birth date and gender it implies when they were not given, or an error
    /// where a given one disagrees.</summary>
    private static (string? IdNumber, DateOnly? Birth, string? Gender) CheckIdentity(PersonInput p, string prefix, DateOnly? today,
        IDictionary<string, List<string>> errors)
    {
        var idNumber = string.IsNullOrWhiteSpace(p.IdNumber) ? null : CitizenIdNumber.Normalize(WithoutTextMarker(p.IdNumber));
        var check = today is { } date ? CitizenIdNumber.Check(idNumber, date) : CitizenIdNumber.Check(idNumber);
        var birth = p.BirthDate;
        // 男/女 and the other names of the code table are read as the code, for the API as for the import.
        var gender = string.IsNullOrWhiteSpace(p.Gender) ? null : CodeNames.Resolve(CodeTables.Gender, p.Gender) ?? p.Gender.Trim();
        if (!check.IsValid)
        {
            Add(errors, prefix + "idNumber", check.Message!);
            return (idNumber, birth, gender);
        }

        if (birth is null)
        {
            birth = check.BirthDate;
        }
        else if (birth != check.BirthDate)
        {
            Add(errors, prefix + "birthDate", $"出生日期与公民身份号码不一致（号码中为 {check.BirthDate:yyyy-MM-dd}）");
        }

        if (gender is null)
        {
            gender = check.GenderCode;
        }
        else if (gender != check.GenderCode && CodeTables.Gender.Contains(gender))
        {
            Add(errors, prefix + "gender", $"性别与公民身份号码不一致（号码中为{CodeTables.Gender.NameOf(check.GenderCode)}）");
        }

        return (idNumber, birth, gender);
    }

    private static void CheckLengths(PersonInput p, string prefix, IDictionary<string, List<string>> errors)
    {
        Max(p.WorkUnit, 100, prefix + "workUnit", "工作单位", errors);
        Max(p.Post, 50, prefix + "post", "职务", errors);
        Max(p.Address, 200, prefix + "address", "家庭住址", errors);
        Max(p.Degree, 20, prefix + "degree", "学位", errors);
        Max(p.ProfessionalField, Person.ProfessionalFieldMaxLength, prefix + "professionalField", "专业领域", errors);
        Max(p.Specialties, Person.SpecialtiesMaxLength, prefix + "specialties", "特长", errors);
        Max(p.Health, Person.HealthMaxLength, prefix + "health", "健康状况", errors);
        Max(p.Family, Person.FamilyMaxLength, prefix + "family", "家庭情况", errors);
        Max(p.Children, Person.ChildrenMaxLength, prefix + "children", "子女情况", errors);
        Max(p.OtherAffiliations, Person.OtherAffiliationsMaxLength, prefix + "otherAffiliations", "其他党派、群团组织", errors);
        Max(p.OverseasTies, Person.OverseasTiesMaxLength, prefix + "overseasTies", "海外关系", errors);
    }

    /// <summary>Checks the membership fields against the system's rules (League ages from the rule table, on the joining date).</summary>
    public static void CheckMembership(OrgSystem system, MemberStage stage, DateOnly? joinedOn, DateOnly? fullOn,
        DateOnly? birthDate, DateOnly today, IDictionary<string, List<string>> errors, Rules.RuleSet rules)
    {
        var stageFits = system == OrgSystem.League ? stage == MemberStage.Member : stage is MemberStage.Probationary or MemberStage.Full;
        if (!stageFits)
        {
            Add(errors, "stage", system == OrgSystem.League ? "团员的阶段只能是 member（团员）" : "党员的阶段应为 probationary（预备党员）或 full（正式党员）");
        }

        var joinedLabel = system == OrgSystem.League ? "入团时间" : "入党时间";
        if (joinedOn is null)
        {
            Add(errors, "joinedOn", $"请填写{joinedLabel}");
            return;
        }

        if (joinedOn > today)
        {
            Add(errors, "joinedOn", $"{joinedLabel}不能晚于今天");
        }
        else if (!Shared.PlausibleDates.Contains(joinedOn.Value))
        {
            Add(errors, "joinedOn", $"{joinedLabel}：{Shared.PlausibleDates.OutOfRange}");
        }

        if (birthDate is { } birth)
        {
            if (joinedOn <= birth)
            {
                Add(errors, "joinedOn", $"{joinedLabel}不能早于出生日期");
            }
            else if (system == OrgSystem.League)
            {
                var age = Shared.Age.On(birth, joinedOn.Value);
                var min = rules.Int(OrgSystem.League, "member.minAge", joinedOn.Value);
                var max = rules.Int(OrgSystem.League, "member.maxAge", joinedOn.Value);
                if (age < min || age > max)
                {
                    Add(errors, "joinedOn", $"入团时年龄应在 {min} 至 {max} 周岁之间（入团时 {age} 周岁）");
                }
            }
        }

        if (fullOn is { } full)
        {
            if (system == OrgSystem.League || stage == MemberStage.Probationary)
            {
                Add(errors, "fullOn", "只有正式党员有转正时间");
            }
            else if (full > today)
            {
                Add(errors, "fullOn", "转正时间不能晚于今天");
            }
            else
            {
                CheckProbation(joinedOn.Value, full, errors, rules);
            }
        }
    }

    /// <summary>
    /// A probationary member becomes full when the probation (a year, in the rule table) has been served, and no later
    /// than the longest extension allows (half a year to a year more): a member not confirmed by then loses the
    /// probationary status instead (中国共产党发展党员工作细则 2014).
    /// </summary>
    public static void CheckProbation(DateOnly joinedOn, DateOnly fullOn, IDictionary<string, List<string>> errors, Rules.RuleSet rules)
    {
        var probation = ProbationOf(joinedOn, rules);
        if (fullOn < probation.Earliest)
        {
            Add(errors, "fullOn", $"预备期为{Months(probation.Months)}，{joinedOn:yyyy-MM-dd} 入党的最早 {probation.Earliest:yyyy-MM-dd} 转正");
        }
        else if (fullOn > probation.Latest)
        {
            Add(errors, "fullOn", $"预备期最多延长{Months(probation.ExtensionMonths)}，{joinedOn:yyyy-MM-dd} 入党的最迟 " +
                $"{probation.Latest:yyyy-MM-dd} 转正；逾期未转正的应取消预备党员资格");
        }
    }

    /// <summary>The probation in force for a member on the joining date (months, longest extension), and the days 转正 may take.</summary>
    public sealed record Probation(int Months, int ExtensionMonths, DateOnly Earliest, DateOnly Latest);

    /// <summary>The rule table's probation on the joining date: 转正 from <c>Earliest</c> to <c>Latest</c>, both included.</summary>
    public static Probation ProbationOf(DateOnly joinedOn, Rules.RuleSet rules)
    {
        var months = rules.Int(OrgSystem.Party, "member.probationMonths", joinedOn);
        var extension = rules.Int(OrgSystem.Party, "member.probationExtensionMonths", joinedOn);
        return new Probation(months, extension, joinedOn.AddMonths(months), joinedOn.AddMonths(months + extension));
    }

    private static string Months(int months) => months switch
    {
        6 => "半年",
        12 => "一年",
        24 => "两年",
        _ => $"{months} 个月",
    };

    /// <summary>Turns collected errors into the problem's <c>errors</c> object.</summary>
    public static Dictionary<string, string[]> ToProblem(IDictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    private static void Code(CodeTable table, string? code, string field, string label, bool required,
        IDictionary<string, List<string>> errors)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            if (required)
            {
                Add(errors, field, $"请选择{label}");
            }
        }
        else if (!table.Contains(code.Trim()))
        {
            Add(errors, field, CodeNames.Refusal(table, label, code.Trim()));
        }
    }

    private static void Max(string? value, int max, string field, string label, IDictionary<string, List<string>> errors)
    {
        if (value is not null && value.Trim().Length > max)
        {
            Add(errors, field, $"{label}不能超过 {max} 个字");
        }
        else if (value is not null && Shared.InputGuard.HasForbiddenCharacter(value))
        {
            Add(errors, field, $"{label}{Shared.InputGuard.ForbiddenCharacterMessage}");
        }
    }

    private static void Add(IDictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    /// <summary>
    /// Drops the apostrophe people type in front of a number to keep Excel from reading it as one (<c>'110105...</c>),
    /// which arrives as text from CSV files, other tools and copy and paste.
    /// </summary>
    public static string WithoutTextMarker(string value) => value.Trim().TrimStart('\'', '\u2018', '\u2019', '\uFF07');

    /// <summary>Every character <see cref="char.IsWhiteSpace(char)"/> calls white space.</summary>
    private static readonly System.Buffers.SearchValues<char> Whitespace = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace).ToArray());

    /// <summary>
    /// A name as stored: trimmed; white space next to a Chinese character or a name's middle dot removed (<c>冀  雨丹</c>,
    /// the alignment spaces of printed lists, full-width or not; <c>阿依古丽 · 买买提</c>); any other run of white space
    /// (<c>Anna  Smith</c>) made one space.
    /// </summary>
    public static string? NormalizeName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var text = name.Trim();
        if (!text.AsSpan().ContainsAny(Whitespace))
        {
            // The usual name: nothing to do, and no copy.
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                sb.Append(text[i]);
                continue;
            }

            var end = i;
            while (end < text.Length && char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            // Trimmed, so a run always has a character on both sides.
            if (!(IsChinese(text[i - 1]) || IsChinese(text[end])))
            {
                sb.Append(' ');
            }

            i = end - 1;
        }

        return sb.ToString();
    }

    /// <summary>
    /// SQL that applies <see cref="NormalizeName"/> to rows stored before it existed, for the names it changes most: a name
    /// with no Latin letter loses every white space (冀  雨丹 → 冀雨丹), in <c>Persons.Name</c> and <c>Memberships.SortName</c>
    /// (what search reads). Run once by the migration <c>P19NamesWithoutAlignmentSpaces</c>; names with Latin letters are
    /// left as they are (they are rare, and a space may belong there).
    /// </summary>
    public static string NormalizeStoredNamesSql(bool postgres) => postgres
        ? """
          UPDATE "Persons" SET "Name" = regexp_replace("Name", '[[:space:]\u3000\u00a0]+', '', 'g')
          WHERE "Name" ~ '[[:space:]\u3000\u00a0]' AND "Name" !~ '[A-Za-z]';
          UPDATE "Memberships" SET "SortName" = regexp_replace("SortName", '[[:space:]\u3000\u00a0]+', '', 'g')
          WHERE "SortName" ~ '[[:space:]\u3000\u00a0]' AND "SortName" !~ '[A-Za-z]';
          """
        : """
          UPDATE "Persons" SET "Name" = replace(replace(replace(replace("Name", ' ', ''), char(12288), ''), char(9), ''), char(160), '')
          WHERE ("Name" LIKE '% %' OR instr("Name", char(12288)) > 0 OR instr("Name", char(9)) > 0 OR instr("Name", char(160)) > 0)
            AND "Name" NOT GLOB '*[A-Za-z]*';
          UPDATE "Memberships" SET "SortName" = replace(replace(replace(replace("SortName", ' ', ''), char(12288), ''), char(9), ''), char(160), '')
          WHERE ("SortName" LIKE '% %' OR instr("SortName", char(12288)) > 0 OR instr("SortName", char(9)) > 0 OR instr("SortName", char(160)) > 0)
            AND "SortName" NOT GLOB '*[A-Za-z]*';
          """;

    /// <summary>A CJK ideograph (surrogates are the rarer ones of extension B and beyond) or a name's middle dot.</summary>
    private static bool IsChinese(char c) =>
        c is >= '㐀' and <= '鿿' or >= '豈' and <= '﫿' or '·' or '・' or '•' || char.IsSurrogate(c);
}
