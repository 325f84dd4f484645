using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiniExcelLibs;
using MudBlazor;
using Zhijian.Web.Components;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Dues;
using Zhijian.Web.Features.Dues.Pages;

namespace Zhijian.Tests.Components;

/// <summary>The dues tab's import component: a writer uploads a bases sheet and sees the result and the error table; an observer gets only the report link.</summary>
public sealed class DuesImportsTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;

    public DuesImportsTests(ConsoleData data)
    {
        this.data = data;
        var app = data.App.Factory.Services;
        Services.AddScoped(sp => new UiRunner(app.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(), sp.GetRequiredService<ISnackbar>(), sp.GetRequiredService<ILogger<UiRunner>>()));
        Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task Writer_UploadsABasesSheet_AndSeesTheResultAndTheErrors()
    {
        await using var scope = data.App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var ids = data.Members.Select(m => m.Id).ToList();
        var people = await db.Memberships.Where(m => ids.Contains(m.Id)).Select(m => new { m.Person!.IdNumber, m.Person.Name }).ToListAsync();
        var month = DuesMonth.Of(Infrastructure.People.Today).ToString();
        var rows = people.Select(p => new Dictionary<string, object?>
        {
            ["公民身份号码"] = p.IdNumber,
            ["姓名"] = p.Name,
            ["缴费类别"] = "学生",
            ["缴费基数（元）"] = null,
            ["起始月份"] = month,
        }).Append(new Dictionary<string, object?>
        {
            ["公民身份号码"] = people[0].IdNumber,
            ["姓名"] = "冒名",
            ["缴费类别"] = "干部",
            ["缴费基数（元）"] = null,
            ["起始月份"] = month,
        }).ToList();
        using var sheet = new MemoryStream();
        await sheet.SaveAsAsync(rows, excelType: ExcelType.XLSX);

        Auth.SetAuthorized("admin");
        Auth.SetClaims(data.Admin);
        var cut = Render<DuesImports>(p => p.Add(c => c.Org, data.A).Add(c => c.CanWrite, true));
        cut.FindAll("[data-testid=dues-report-xlsx]").Should().ContainSingle();
        cut.FindComponents<InputFile>().Should().HaveCount(2);
        cut.FindComponents<InputFile>()[0].UploadFiles(InputFileContent.CreateFromBinary(sheet.ToArray(), "bases.xlsx"));

        cut.WaitForAssertion(() => cut.Find("[data-testid=dues-import-result]").TextContent
            .Should().Contain($"共 {people.Count + 1} 行，导入 {people.Count} 行，未导入 1 行"), Loaded);
        cut.Find("[data-testid=dues-import-errors]").TextContent.Should().Contain("缴费类别").And.Contain("干部");
    }

    [Fact]
    public void Observer_GetsTheReportLinkOnly()
    {
        Auth.SetAuthorized("observer");
        Auth.SetClaims(data.Observer);
        var cut = Render<DuesImports>(p => p.Add(c => c.Org, data.A).Add(c => c.CanWrite, false));
        cut.Find("[data-testid=dues-report-xlsx]").GetAttribute("href").Should().Be($"/api/v1/orgs/{data.A.Id}/dues-report.xlsx");
        cut.FindComponents<InputFile>().Should().BeEmpty();
    }
}
