using AwesomeAssertions;
using Zhijian.Web.Features.Corrections.Pages;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Components;

/// <summary>The member patch the 更正申请 tab builds from a reported field and the corrected text.</summary>
public sealed class CorrectionPatchTests
{
    [Fact]
    public void TextFields_SetOnlyThatField()
    {
        CorrectionsTab.PatchOf("workUnit", "某某科技有限公司").Should()
            .BeEquivalentTo(new UpdateMemberRequest(Person: new PersonInput(WorkUnit: "某某科技有限公司")));
        CorrectionsTab.PatchOf("phone", "13800000000")!.Person!.Phone.Should().Be("13800000000");
        CorrectionsTab.PatchOf("name", "张三")!.Person!.Name.Should().Be("张三");
    }

    [Theory]
    [InlineData("gender", "女", "2")]
    [InlineData("gender", "女性", "2")]
    [InlineData("gender", "1", "1")]
    [InlineData("ethnicity", "汉族", "01")]
    [InlineData("ethnicity", "不存在的民族", "不存在的民族")]
    public void CodeFields_AcceptNamesOrCodes(string field, string value, string code)
    {
        var person = CorrectionsTab.PatchOf(field, value)!.Person!;
        (field == "gender" ? person.Gender : person.Ethnicity).Should().Be(code);
    }

    [Fact]
    public void Dates_AreParsedAsIso_AndGoToTheRightRecord()
    {
        CorrectionsTab.PatchOf("joinedOn", "2020-05-04")!.JoinedOn.Should().Be(new DateOnly(2020, 5, 4));
        CorrectionsTab.PatchOf("fullOn", "2021-05-04")!.FullOn.Should().Be(new DateOnly(2021, 5, 4));
        CorrectionsTab.PatchOf("birthDate", "2001-02-03")!.Person!.BirthDate.Should().Be(new DateOnly(2001, 2, 3));
        var bad = () => CorrectionsTab.PatchOf("birthDate", "2001/2/3");
        bad.Should().Throw<DomainException>().Which.Code.Should().Be(ErrorCodes.ValidationFailed);
    }

    [Theory]
    [InlineData("organization")]
    [InlineData("other")]
    public void FieldsWithoutAPatch_AreNull(string field) =>
        CorrectionsTab.PatchOf(field, "x").Should().BeNull();

    [Fact]
    public void EveryOfferedField_IsKnownToThePatch_ExceptOrganizationAndOther()
    {
        Zhijian.Web.Features.Corrections.CorrectionFields.All.Where(f => CorrectionsTab.PatchOf(f.Code, "") is null)
            .Select(f => f.Code).Should().BeEquivalentTo("organization", "other");
    }
}
