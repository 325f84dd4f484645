using AwesomeAssertions;
using Bunit;
using MudBlazor;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Members.Pages;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Tests.Components;

public sealed class MemberFormTests : ComponentTest
{
    private static readonly OrganizationDto Branch = new(7, OrgSystem.League, OrgKind.Branch, 1, "/1/7/", 1,
        "共青团某某公司第一支部委员会", "第一团支部", "state", "enterprise", "某某公司", new DateOnly(2019, 5, 4), null, null,
        OrgStatus.Active, 0, 0, 0, "团支部", null, null, null, null);

    private IRenderedComponent<MemberForm> RenderForm()
    {
        Render<MudPopoverProvider>();
        return Render<MemberForm>(p => p.Add(f => f.Branch, Branch));
    }

    [Fact]
    public void WrongCheckDigit_ShowsTheMessageAsYouType()
    {
        var cut = RenderForm();
        var person = People.Young();
        var wrong = person.IdNumber[..17] + (person.IdNumber[17] == '0' ? '1' : '0');

        cut.Find("#member-id-number").Input(wrong);

        var expected = CitizenIdNumber.Check(wrong).Message;
        expected.Should().Contain("校验");
        cut.WaitForAssertion(() => cut.Markup.Should().Contain(expected));
    }

    [Fact]
    public void ValidNumber_FillsBirthDateAndGender()
    {
        var cut = RenderForm();
        var person = People.Young();

        cut.Find("#member-id-number").Input(person.IdNumber);

        cut.WaitForAssertion(() =>
            cut.FindAll("input").Select(i => i.GetAttribute("value")).Should().Contain(person.BirthDate.ToString("yyyy-MM-dd")));
        cut.Find("#member-gender").GetAttribute("value").Should().Be(person.GenderCode, "the select carries the GB gender code");
        cut.Markup.Should().NotContain(CitizenIdNumber.Check(person.IdNumber[..17] + "Y").Message);
    }

    private static MemberDto Existing() => new(5, OrgSystem.League, 7, "第一团支部", MemberStage.Member, MemberState.Active,
        new DateOnly(2015, 5, 4), null, null,
        new PersonDto(9, "王小明", "1", "01", new DateOnly(2000, 1, 2), "110105********1234", "138****5678", "21", "03", "某某公司",
            "干事", null, null, Specialties: "书法"),
        null, null, null);

    [Fact]
    public void EditMode_IsPrefilled_AndLeavesTheMaskedNumbersBlank()
    {
        Render<MudPopoverProvider>();
        var cut = Render<MemberForm>(p => p.Add(f => f.Branch, Branch).Add(f => f.Member, Existing()));

        cut.Markup.Should().Contain("编辑「王小明」");
        cut.Find("#member-name").GetAttribute("value").Should().Be("王小明");
        cut.Find("#member-specialties").GetAttribute("value").Should().Be("书法");
        cut.Find("#member-id-number").GetAttribute("value").Should().BeNullOrEmpty();
        cut.Find("#member-phone").GetAttribute("value").Should().BeNullOrEmpty();
        cut.Markup.Should().Contain("不修改请留空（现为 110105********1234）").And.Contain("现为 138****5678");
    }

    [Fact]
    public void EditMode_WithNothingChanged_SendsNothing()
    {
        Render<MudPopoverProvider>();
        var cut = Render<MemberForm>(p => p.Add(f => f.Branch, Branch).Add(f => f.Member, Existing()));

        cut.Find("[data-testid=save-member]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=member-form-error]").TextContent.Should().Contain("没有修改任何内容"));
    }

    [Fact]
    public void ThePhone_CountsDigitsNotDashes()
    {
        var cut = RenderForm();

        cut.Find("#member-phone").Input("138-1234-5678");

        cut.Find("#member-phone").GetAttribute("maxlength").Should().NotBe("11", "dashes must not eat the last digits");
        cut.Markup.Should().NotContain("手机号码应为11位");
        MemberForm.PhoneDigits("138-1234-5678").Should().Be("13812345678");
        MemberForm.PhoneDigits("138 1234 5678").Should().Be("13812345678");
        cut.Find("#member-phone").Input("138-1234-567");
        cut.WaitForAssertion(() => cut.Markup.Should().Contain("手机号码应为11位"));
    }

    [Fact]
    public void ANewMember_HasPoliticalStatus_AndRequiresEducation()
    {
        var cut = RenderForm();

        cut.Markup.Should().Contain("政治面貌");
        cut.Find("#member-political-status").GetAttribute("value").Should().Be("03", "a League branch starts from 共青团员");
        cut.Find("[data-testid=save-member]").Click();

        cut.WaitForAssertion(() => cut.Markup.Should().Contain("请选择学历"));
    }
}
