using AwesomeAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

/// <summary>Rules of the information library's personal features, positions and completeness board.</summary>
public class InformationLibraryRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 30);

    private static PersonInput ValidPerson() => new(Name: "张三", IdNumber: "11010519491231002X");

    public static TheoryData<string, int, string> FeatureLimits() => new()
    {
        { "professionalField", Person.ProfessionalFieldMaxLength, "专业领域不能超过 100 个字" },
        { "specialties", Person.SpecialtiesMaxLength, "特长不能超过 200 个字" },
        { "health", Person.HealthMaxLength, "健康状况不能超过 100 个字" },
        { "family", Person.FamilyMaxLength, "家庭情况不能超过 500 个字" },
        { "children", Person.ChildrenMaxLength, "子女情况不能超过 200 个字" },
        { "otherAffiliations", Person.OtherAffiliationsMaxLength, "其他党派、群团组织不能超过 200 个字" },
        { "overseasTies", Person.OverseasTiesMaxLength, "海外关系不能超过 200 个字" },
    };

    private static PersonInput With(string field, string value) => field switch
    {
        "professionalField" => ValidPerson() with { ProfessionalField = value },
        "specialties" => ValidPerson() with { Specialties = value },
        "health" => ValidPerson() with { Health = value },
        "family" => ValidPerson() with { Family = value },
        "children" => ValidPerson() with { Children = value },
        "otherAffiliations" => ValidPerson() with { OtherAffiliations = value },
        "overseasTies" => ValidPerson() with { OverseasTies = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Theory]
    [MemberData(nameof(FeatureLimits))]
    public void PersonalFeature_AtTheLimit_Passes_OneMore_FailsInChinese(string field, int max, string message)
    {
        var ok = new Dictionary<string, List<string>>();
        MemberValidation.CheckPerson(With(field, new string('字', max)), ok);
        ok.Should().BeEmpty();

        var errors = new Dictionary<string, List<string>>();
        MemberValidation.CheckPerson(With(field, new string('字', max + 1)), errors);
        errors.Should().ContainKey("person." + field).WhoseValue.Should().Equal(message);
    }

    [Fact]
    public void PersonalFeatures_AreTrimmed_AndBlankBecomesNull()
    {
        var errors = new Dictionary<string, List<string>>();
        var p = MemberValidation.CheckPerson(ValidPerson() with
        {
            ProfessionalField = "  土木工程 ",
            Specialties = "   ",
            Health = "",
            OverseasTies = "无",
        }, errors);
        errors.Should().BeEmpty();
        p.ProfessionalField.Should().Be("土木工程");
        p.Specialties.Should().BeNull();
        p.Health.Should().BeNull();
        p.OverseasTies.Should().Be("无");
    }

    [Fact]
    public void PersonalFeature_LengthCountsTheTrimmedText()
    {
        var errors = new Dictionary<string, List<string>>();
        MemberValidation.CheckPerson(ValidPerson() with { Health = " " + new string('好', Person.HealthMaxLength) + "  " }, errors);
        errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0, 0, "0")]
    [InlineData(0, 7, "0")]
    [InlineData(5, 0, "0")]
    [InlineData(7, 7, "1")]
    [InlineData(2, 5, "0.4")]
    [InlineData(1, 3, "0.3333")]
    [InlineData(2, 3, "0.6667")]
    [InlineData(1, 8, "0.125")]
    [InlineData(1, 32, "0.0313")]
    [InlineData(1, 20001, "0")]
    [InlineData(1, 19999, "0.0001")]
    [InlineData(9999, 10000, "0.9999")]
    [InlineData(99999, 100000, "1")]
    public void CompletenessRate_IsRoundedToFourDecimals_AndZeroWithoutMembers(long complete, long members, string rate) =>
        MemberFields.Rate(complete, members).Should().Be(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void RequiredFields_DefaultWhenNoneConfigured_CanonicalSpellingOtherwise()
    {
        new MemberOptions().EffectiveRequiredFields.Should().Equal(MemberFields.DefaultRequired);
        new MemberOptions { RequiredFields = ["IdNumber", " workunit ", "idNumber", "overseasTies"] }
            .EffectiveRequiredFields.Should().Equal("idNumber", "workUnit", "overseasTies");
        MemberFields.DefaultRequired.Should().OnlyContain(f => MemberFields.Known.Contains(f));
        MemberFields.Known.Should().Contain(["professionalField", "joinedOn", "developmentNumber"]).And.NotContain("orgId");
    }

    [Fact]
    public void RequiredFields_Unknown_AreRefusedByName()
    {
        var validator = new MemberOptionsValidator();
        validator.Validate(null, new MemberOptions { RequiredFields = ["name", "Phone"] }).Succeeded.Should().BeTrue();
        var result = validator.Validate(null, new MemberOptions { RequiredFields = ["name", "shoeSize", "orgId"] });
        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("'shoeSize'").And.Contain("'orgId'").And.Contain("Known fields: name").And.NotContain("'name'");
    }

    [Fact]
    public async Task RequiredFields_Unknown_StopTheApplicationAtStart()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Members:RequiredFields:0"] = "name",
            ["Members:RequiredFields:1"] = "shoeSize",
        });
        builder.AddZhijian();
        await using var app = builder.Build();
        var start = () => app.Services.GetRequiredService<IStartupValidator>().Validate();
        start.Should().Throw<OptionsValidationException>().WithMessage("*Members:RequiredFields*'shoeSize'*");
    }

    [Theory]
    [InlineData("secretary", "secretary", "书记")]
    [InlineData("Secretary", "secretary", "书记")]
    [InlineData(" deputySecretary ", "deputySecretary", "副书记")]
    [InlineData("organization", "organization", "组织委员")]
    [InlineData("publicity", "publicity", "宣传委员")]
    [InlineData("discipline", "discipline", "纪检委员")]
    [InlineData("unitedFront", "unitedFront", "统战委员")]
    [InlineData("youth", "youth", "青年委员")]
    [InlineData("secrecy", "secrecy", "保密委员")]
    [InlineData("member", "member", "委员")]
    public void Post_KnownCodes_AreCanonical_WithTheirChineseName(string given, string code, string name)
    {
        var errors = new Dictionary<string, string[]>();
        var post = PositionValidation.CheckPost(given, required: true, errors);
        errors.Should().BeEmpty();
        post!.Code.Should().Be(code);
        post.Name.Should().Be(name);
        Posts.NameOf(code).Should().Be(name);
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData("", true, true)]
    [InlineData(null, false, false)]
    [InlineData("chairman", false, true)]
    [InlineData("书记", true, true)]
    public void Post_MissingOrUnknown_IsAnError(string? given, bool required, bool fails)
    {
        var errors = new Dictionary<string, string[]>();
        PositionValidation.CheckPost(given, required, errors).Should().BeNull();
        errors.ContainsKey("post").Should().Be(fails);
        if (fails)
        {
            errors["post"][0].Should().Contain("secretary（书记）");
        }
    }

    [Fact]
    public void Posts_EachSystemHasItsOwnList()
    {
        var league = Posts.Of(OrgSystem.League).Select(p => p.Name).ToList();
        league.Should().StartWith(["书记", "副书记", "组织委员", "宣传委员"]).And.Contain(["文体委员", "生活委员"])
            .And.NotContain(["统战委员", "妇女委员", "保密委员", "纪检委员"]);
        Posts.Of(OrgSystem.Party).Select(p => p.Name).Should().Contain(["纪检委员", "统战委员", "保密委员"]).And.NotContain(["文体委员", "生活委员"]);
        foreach (var system in Enum.GetValues<OrgSystem>())
        {
            Posts.Of(system)[0].Code.Should().Be(Posts.Secretary);
            Posts.Of(system)[^1].Name.Should().Be("委员");
            Posts.Of(system).Select(p => p.Rank).Should().BeInAscendingOrder();
        }

        Posts.Belongs(Posts.Find("unitedFront")!, OrgSystem.League).Should().BeFalse();
        Posts.Belongs(Posts.Find("welfare")!, OrgSystem.League).Should().BeTrue();
        var wrong = () => PositionValidation.EnsurePostOf(Posts.Find("secrecy")!, OrgSystem.League);
        wrong.Should().Throw<DomainException>().Which.Status.Should().Be(400);
    }

    [Theory]
    [InlineData("system,code,name,rank\nparty,a,甲,1\nleague,a,乙,1")]
    [InlineData("system,code,name,rank\nparty,a,甲,1\nleague,a,甲,2")]
    [InlineData("system,code,name,rank\nguild,a,甲,1")]
    [InlineData("system,code,name,rank\nparty,a,甲,x")]
    [InlineData("code,name\na,甲")]
    public void Posts_Parse_RefusesABadList(string csv)
    {
        var parse = () => Posts.Parse(new StringReader(csv));
        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Posts_RankTheSecretaryFirst_AndUnknownCodesLast()
    {
        Posts.All.Select(p => p.Rank).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        Posts.All[0].Code.Should().Be(Posts.Secretary);
        Posts.RankOf("deputySecretary").Should().BeLessThan(Posts.RankOf("organization"));
        Posts.RankOf("member").Should().BeLessThan(Posts.RankOf("legacyCode"));
        Posts.NameOf("legacyCode").Should().Be("legacyCode");
    }

    [Theory]
    [InlineData(null, true, "请填写任职时间")]
    [InlineData(null, false, null)]
    [InlineData("2026-06-30", true, null)]
    [InlineData("1990-01-01", true, null)]
    [InlineData("2026-07-01", true, "任职时间不能晚于今天")]
    [InlineData("2026-07-01", false, "任职时间不能晚于今天")]
    public void StartedOn_RequiredOnAppointment_NeverInTheFuture(string? startedOn, bool required, string? message)
    {
        var errors = new Dictionary<string, string[]>();
        PositionValidation.CheckStartedOn(startedOn is null ? null : DateOnly.Parse(startedOn, System.Globalization.CultureInfo.InvariantCulture),
            required, Today, errors);
        if (message is null)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors["startedOn"].Should().Equal(message);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("正科级", false)]
    [InlineData(32, false)]
    [InlineData(33, true)]
    public void JobLevel_AtMost32Characters(object? value, bool fails)
    {
        var text = value is int n ? new string('级', n) : (string?)value;
        var errors = new Dictionary<string, string[]>();
        PositionValidation.CheckJobLevel(text, errors);
        errors.ContainsKey("jobLevel").Should().Be(fails);
    }

    [Theory]
    [InlineData("换届", "2026-06-30", null, null)]
    [InlineData(null, "2026-06-30", "reason", "请填写离任原因（如换届、调离、免职）")]
    [InlineData("   ", "2026-06-01", "reason", "请填写离任原因（如换届、调离、免职）")]
    [InlineData("调离", "2026-07-01", "on", "离任时间不能晚于今天")]
    public void End_NeedsAReason_AndADayNotAfterToday(string? reason, string on, string? field, string? message)
    {
        var errors = new Dictionary<string, string[]>();
        PositionValidation.CheckEnd(reason, DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), Today, errors);
        if (field is null)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors[field].Should().Equal(message);
        }
    }

    [Fact]
    public void End_ReasonOfMoreThan200Characters_IsRefused()
    {
        var errors = new Dictionary<string, string[]>();
        PositionValidation.CheckEnd(new string('因', 201), Today, Today, errors);
        errors["reason"].Should().Equal("离任原因不能超过 200 个字");
        errors.Clear();
        PositionValidation.CheckEnd(new string('因', 200), Today, Today, errors);
        errors.Should().BeEmpty();
    }

    [Fact]
    public void DomainException_FromPositionErrors_IsValidationFailed()
    {
        var errors = new Dictionary<string, string[]>();
        PositionValidation.CheckPost("chairman", true, errors);
        DomainException.Validation(errors).Code.Should().Be(ErrorCodes.ValidationFailed);
    }
}
