using MiniExcelLibs;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Shared.Identity;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>The demo admin keeps the members of a League branch: adds one, reveals a number, imports a workbook.</summary>
public sealed class MemberJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const string BranchName = "共青团第二地质大队勘查支部委员会";
    private const string BranchShortName = "勘查团支部";

    /// <summary>Born 2000–2007, so joining at 15 is within the League's ages and before the demo clock's today.</summary>
    private static DemoPerson Person(PersonFaker faker) => faker.Next(new DateOnly(2000, 1, 1), new DateOnly(2007, 12, 31));

    /// <summary>The same number with the check character replaced by a wrong one.</summary>
    private static string WithWrongCheckDigit(string idNumber) =>
        idNumber[..17] + (idNumber[17] == '0' ? '1' : '0');

    [Fact]
    public async Task AddMember_RefusesWrongCheckDigit_ThenSavesValidOne_FoundMasked()
    {
        var person = Person(new PersonFaker(20261101));
        var wrong = WithWrongCheckDigit(person.IdNumber);
        Assert.Equal(CitizenIdNumber.ChecksumError, CitizenIdNumber.Check(wrong).ErrorCode);
        var members = await OpenBranchMembersAsync();

        await members.OpenFormAsync();
        await members.Name.FillAsync(person.Name);
        await members.FillIdNumberAsync(wrong);
        await members.SaveButton.ClickAsync();
        await Expect(members.FieldErrors.Filter(new() { HasText = "公民身份号码校验位错误" })).ToBeVisibleAsync();
        await Expect(members.Form).ToBeVisibleAsync();
        await members.SearchAsync(person.Name, 0);

        await members.FillIdNumberAsync(person.IdNumber);
        await Expect(members.FieldErrors.Filter(new() { HasText = "校验位错误" })).ToHaveCountAsync(0);
        await Expect(members.BirthDate).ToHaveValueAsync(person.BirthDate.ToString("yyyy-MM-dd"));
        await Expect(members.Gender.Locator("xpath=..")).ToContainTextAsync(person.GenderCode == "1" ? "男" : "女");
        await MembersTabPage.FillDateAsync(members.JoinedOn(), person.BirthDate.AddYears(15));
        await members.SelectEducationAsync("大学本科毕业");
        await members.SaveButton.ClickAsync();
        await Expect(members.Snackbar.Filter(new() { HasText = $"已新增{person.Name}" }))
            .ToBeVisibleAsync(new() { Timeout = MembersTabPage.RoundTripMs });
        await Expect(members.Form).ToHaveCountAsync(0);

        await members.SearchAsync(person.Name, 1);
        var row = members.Row(person.Name);
        await Expect(row).ToContainTextAsync(CitizenIdNumber.Mask(person.IdNumber));
        await Expect(row).Not.ToContainTextAsync(person.IdNumber);
        await Expect(row).ToContainTextAsync(person.BirthDate.AddYears(15).ToString("yyyy-MM-dd"));

        // Editing: a personal feature changes; the ID number stays masked and is only replaced when retyped.
        await row.GetByTestId("edit-member").ClickAsync();
        await Expect(members.Form).ToContainTextAsync($"编辑「{person.Name}」");
        await Expect(members.IdNumber).ToHaveValueAsync("");
        await Expect(members.Form).ToContainTextAsync(CitizenIdNumber.Mask(person.IdNumber));
        await members.Specialties.FillAsync("书法、篮球");
        await members.SaveButton.ClickAsync();
        await Expect(members.Snackbar.Filter(new() { HasText = $"已保存{person.Name}的修改" }))
            .ToBeVisibleAsync(new() { Timeout = MembersTabPage.RoundTripMs });
        await Expect(members.Form).ToHaveCountAsync(0);
        await members.Row(person.Name).GetByTestId("edit-member").ClickAsync();
        await Expect(members.Specialties).ToHaveValueAsync("书法、篮球");
    }

    [Fact]
    public async Task Reveal_WithReason_ShowsFullNumber_AndIsAudited()
    {
        var person = Person(new PersonFaker(20261102));
        var members = await OpenBranchMembersAsync();
        await members.AddAsync(person.Name, person.IdNumber, person.BirthDate.AddYears(15));
        await members.SearchAsync(person.Name, 1);
        var row = members.Row(person.Name);
        await Expect(row).ToContainTextAsync(CitizenIdNumber.Mask(person.IdNumber));

        const string reason = "核对团员证信息";
        await members.RevealAsync(row, reason);

        await Expect(row).ToContainTextAsync(person.IdNumber, new() { Timeout = MembersTabPage.RoundTripMs });
        await Expect(row.GetByTestId("reveal")).ToHaveCountAsync(0);

        var console = new OrgConsolePage(Page);
        await console.OpenTabAsync(OrgConsolePage.AuditTab);
        var entry = Page.GetByTestId("audit-table").Locator("tbody tr")
            .Filter(new() { HasText = "查看完整证件号码" })
            .Filter(new() { HasText = person.Name });
        await Expect(entry).ToHaveCountAsync(1, new() { Timeout = MembersTabPage.RoundTripMs });
        await Expect(entry).ToContainTextAsync($"事由：{reason}");
        await Expect(entry).ToContainTextAsync("admin");
    }

    [Fact]
    public async Task Import_WithBadRows_ImportsGoodOnes_AndListsErrorsByRow()
    {
        var faker = new PersonFaker(20261103);
        var good1 = Person(faker);
        var badId = Person(faker);
        var good2 = Person(faker);
        var badBranch = Person(faker);
        var workbook = Workbook(
            Row(good1, BranchShortName),                                      // row 2
            Row(badId, BranchShortName, WithWrongCheckDigit(badId.IdNumber)), // row 3
            Row(good2, BranchShortName),                                      // row 4
            Row(badBranch, "不存在团支部"));                                  // row 5
        var members = await OpenBranchMembersAsync();

        await members.ImportAsync("members.xlsx", workbook);

        await Expect(members.ImportSummary).ToContainTextAsync("共 4 行：导入 2 行，跳过已在册 0 行，未通过 2 行");
        await Expect(members.ImportErrorRows).ToHaveCountAsync(2);
        var cells = members.ImportErrorRows.Nth(0).Locator("td");
        await Expect(cells.Nth(0)).ToHaveTextAsync("3");
        await Expect(cells.Nth(1)).ToHaveTextAsync("公民身份号码");
        await Expect(cells.Nth(2)).ToContainTextAsync("校验位错误");
        cells = members.ImportErrorRows.Nth(1).Locator("td");
        await Expect(cells.Nth(0)).ToHaveTextAsync("5");
        await Expect(cells.Nth(1)).ToHaveTextAsync("所在支部");
        await Expect(cells.Nth(2)).ToContainTextAsync("找不到支部「不存在团支部」");

        await members.SearchAsync(good2.Name, 1);
        await Expect(members.Row(good2.Name)).ToContainTextAsync(CitizenIdNumber.Mask(good2.IdNumber));
        await members.SearchAsync(badBranch.Name, 0);
    }

    /// <summary>Signs in as the demo admin, finds the branch by its pinyin initials and opens its members tab.</summary>
    private async Task<MembersTabPage> OpenBranchMembersAsync()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync();
        await console.SearchAsync("kctzb");
        await console.SearchResult(BranchName).ClickAsync();
        await Expect(console.Title).ToHaveTextAsync(BranchName);
        await console.OpenTabAsync(MembersTabPage.LeagueTab);
        var members = new MembersTabPage(Page);
        await Expect(members.ToggleFormButton).ToBeVisibleAsync();
        return members;
    }

    private static Dictionary<string, object?> Row(DemoPerson p, string branch, string? idNumber = null) => new()
    {
        ["姓名"] = p.Name,
        ["性别"] = p.GenderCode == "1" ? "男" : "女",
        ["民族"] = "汉族",
        ["出生日期"] = p.BirthDate.ToString("yyyy-MM-dd"),
        ["公民身份号码"] = idNumber ?? p.IdNumber,
        ["手机号码"] = p.Phone,
        ["学历"] = "大学本科毕业",
        ["政治面貌"] = "共青团员",
        ["入团/入党时间"] = p.BirthDate.AddYears(15).ToString("yyyy-MM-dd"),
        ["所在支部"] = branch,
        ["工作单位"] = "第二地质大队",
        ["职务"] = "技术员",
        ["家庭住址"] = p.Address,
    };

    private static byte[] Workbook(params Dictionary<string, object?>[] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}
