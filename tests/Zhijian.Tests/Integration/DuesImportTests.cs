using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Dues;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class DuesImportTestsOnSqlite(SqliteApp app) : DuesImportTests(app), IClassFixture<SqliteApp>;

public sealed class DuesImportTestsOnPostgres(PostgresApp app) : DuesImportTests(app), IClassFixture<PostgresApp>;

/// <summary>The payroll imports (bases, deductions) through HTTP, their templates, and the report workbook.</summary>
public abstract class DuesImportTests(AppFixture app)
{
    private static readonly DuesMonth ThisMonth = DuesMonth.Of(People.Today);

    private sealed record Member(long Id, string IdNumber, string Name);

    private async Task<(HttpClient Admin, OrganizationDto Root, OrganizationDto Branch, List<Member> Members)> TreeAsync(int count = 3)
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("party", "committee", null);
        var branch = await data.OrgAsync("party", "branch", root.Id);
        var ids = await data.MembersAsync(branch.Id, count, MemberStage.Full);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var people = await db.Memberships.Where(m => ids.Contains(m.Id)).Select(m => new Member(m.Id, m.Person!.IdNumber!, m.Person.Name))
            .ToListAsync();
        return (admin, root, branch, ids.Select(id => people.Single(p => p.Id == id)).ToList());
    }

    private static async Task<byte[]> WorkbookAsync(string[] headers, params object?[][] rows)
    {
        var sheet = rows.Select(r => headers.Select((h, i) => (h, r[i])).ToDictionary(c => c.h, c => c.Item2)).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static MultipartFormDataContent Upload(byte[] file, string name = "payroll.xlsx")
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(DuesWorkbooks.ContentType);
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private static async Task<DuesImportResult> ImportAsync(HttpClient client, string url, byte[] file) =>
        await (await client.PostAsync(url, Upload(file))).ReadAsync<DuesImportResult>();

    private async Task<(long Profiles, long Paid, long Payments, long Audit)> CountsAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        return (await db.Set<DuesProfile>().LongCountAsync(), await db.Set<DuesLine>().LongCountAsync(l => l.State != DuesState.Due),
            await db.Set<DuesPayment>().LongCountAsync(), await db.AuditEvents.LongCountAsync());
    }

    [Fact]
    public async Task Bases_GoodRowsAreWritten_BadRowsReportedWithRowColumnAndBothNames()
    {
        var (admin, root, _, m) = await TreeAsync(4);
        var (_, _, _, outside) = await TreeAsync(1);
        var file = await WorkbookAsync(DuesSheetCells.BaseHeaders,
            [m[0].IdNumber, m[0].Name, "在职", 6000.5, ThisMonth.ToString()],
            [m[1].IdNumber, "王冒名", "在职", 5000, ThisMonth.ToString()],
            [m[2].IdNumber, m[2].Name, "学生", null, $"{ThisMonth.Year}年{ThisMonth.Month}月"],
            [outside[0].IdNumber, outside[0].Name, "在职", 5000, ThisMonth.ToString()],
            [m[3].IdNumber, m[3].Name, "在职", "1000.123", ThisMonth.ToString()],
            [m[0].IdNumber, m[0].Name, "离退休", 3000, ThisMonth.ToString()]);
        var before = await CountsAsync();

        var result = await ImportAsync(admin, $"/api/v1/orgs/{root.Id}/imports/dues-bases", file);

        result.Should().BeEquivalentTo(new { Total = 6, Imported = 2, Rejected = 4 });
        result.Errors.Select(e => (e.Row, e.Column)).Should().Equal((3, "姓名"), (5, "公民身份号码"), (6, "缴费基数（元）"), (7, "公民身份号码"));
        result.Errors[0].Message.Should().Contain("王冒名").And.Contain(m[1].Name, "the error names both names");
        result.Errors[2].Message.Should().Contain("两位小数");
        result.Errors[3].Message.Should().Contain("第 2 行");
        var profile = await admin.GetOkAsync<DuesProfileDto>($"/api/v1/members/{m[0].Id}/dues-profile");
        profile.Should().BeEquivalentTo(new { Category = DuesCategory.Employed, BaseYuan = 6000.5m, MonthlyYuan = 90.01m });
        (await admin.GetOkAsync<DuesProfileDto>($"/api/v1/members/{m[2].Id}/dues-profile")).MonthlyYuan.Should().Be(0.2m);
        (await admin.GetAsync($"/api/v1/members/{m[1].Id}/dues-profile")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var after = await CountsAsync();
        (after.Profiles - before.Profiles).Should().Be(2);
        (after.Audit - before.Audit).Should().Be(1, "one audit event per import");

        // Importing again from the same month replaces the row (no second history row); the error workbook lists the bad rows.
        var again = await ImportAsync(admin, $"/api/v1/orgs/{root.Id}/imports/dues-bases",
            await WorkbookAsync(DuesSheetCells.BaseHeaders, [m[0].IdNumber, m[0].Name, "employed", 4000, ThisMonth.ToString()]));
        again.Imported.Should().Be(1);
        (await CountsAsync()).Profiles.Should().Be(after.Profiles);
        (await admin.GetOkAsync<DuesProfileDto>($"/api/v1/members/{m[0].Id}/dues-profile")).MonthlyYuan.Should().Be(40m);

        var report = await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/dues-bases?format=xlsx", Upload(file));
        report.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reportStream = new MemoryStream(await report.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(reportStream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Select(r => Convert.ToInt32(r["行号"], System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(3, 5, 6, 7);
        rows[0]["错误说明"]!.ToString().Should().Contain("王冒名");
    }

    [Fact]
    public async Task Payments_PayTheGeneratedLines_MismatchAndMissingAndPaidAreRowErrors_TheReportAgrees()
    {
        var (admin, root, branch, m) = await TreeAsync(3);
        var last = ThisMonth.AddMonths(-1);
        foreach (var x in m)
        {
            await admin.PutAsJsonAsync($"/api/v1/members/{x.Id}/dues-profile",
                new { category = "employed", baseYuan = 6000, effectiveFrom = last.ToString() }, Api.Json);
        }

        await admin.PostAsync($"/api/v1/orgs/{root.Id}/dues/months/{last}/generate", null);
        await admin.PostAsync($"/api/v1/orgs/{root.Id}/dues/months/{ThisMonth}/generate", null);
        var lines = (await admin.GetOkAsync<PagedList<DuesLineDto>>($"/api/v1/dues?orgId={root.Id}&pageSize=50")).Items;
        var waived = lines.Single(l => l.MembershipId == m[2].Id && l.Month == ThisMonth.ToString());
        await admin.PostJsonAsync($"/api/v1/dues/{waived.Id}/waive", new { reason = "生活困难" });
        var file = await WorkbookAsync(DuesSheetCells.PaymentHeaders,
            [m[0].IdNumber, last.ToString(), 90],
            [m[0].IdNumber, ThisMonth.ToString(), "90.00"],
            [m[1].IdNumber, last.ToString(), 80],
            [m[1].IdNumber, ThisMonth.AddMonths(-3).ToString(), 90],
            [m[2].IdNumber, ThisMonth.ToString(), 90],
            [m[2].IdNumber, last.ToString(), 90.001]);

        var result = await ImportAsync(admin, $"/api/v1/orgs/{root.Id}/imports/dues-payments", file);

        result.Should().BeEquivalentTo(new { Total = 6, Imported = 2, Rejected = 4 });
        result.Errors.Select(e => e.Row).Should().Equal(4, 5, 6, 7);
        result.Errors[0].Message.Should().Contain("80.00").And.Contain("90.00", "a mismatch names both amounts");
        result.Errors[1].Message.Should().Contain("尚未生成");
        result.Errors[2].Message.Should().Contain("免交");
        result.Errors[3].Message.Should().Contain("两位小数");
        var paid = (await admin.GetOkAsync<PagedList<DuesLineDto>>($"/api/v1/dues?orgId={root.Id}&state=paid&pageSize=50")).Items;
        paid.Should().HaveCount(2).And.AllSatisfy(l =>
        {
            l.MembershipId.Should().Be(m[0].Id);
            l.Method.Should().Be(DuesMethod.Payroll);
            l.ReceiptNo.Should().StartWith("DF");
        });
        paid.Select(l => l.PaymentId).Distinct().Should().ContainSingle("one payroll payment per import");

        var report = await admin.GetOkAsync<DuesReportDto>($"/api/v1/orgs/{root.Id}/dues-report?from={last}&to={ThisMonth}");
        report.Should().BeEquivalentTo(new { DueYuan = 540m, PaidYuan = 180m, WaivedYuan = 90m, OutstandingYuan = 270m });
        report.ByOrg.Single().Should().BeEquivalentTo(new { OrgId = branch.Id, PaidYuan = 180m });

        // The same file again: the paid lines are now row errors, nothing is paid twice.
        var before = await CountsAsync();
        var again = await ImportAsync(admin, $"/api/v1/orgs/{root.Id}/imports/dues-payments", file);
        again.Imported.Should().Be(0);
        again.Errors.Where(e => e.Row is 2 or 3).Should().HaveCount(2).And.AllSatisfy(e => e.Message.Should().Contain("已交纳"));
        var after = await CountsAsync();
        (after.Paid, after.Payments).Should().Be((before.Paid, before.Payments));

        // A GBK CSV file (Excel's "CSV" on a Chinese Windows) reads through the same reader.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding("GB18030").GetBytes($"公民身份号码,月份,金额（元）\r\n{m[1].IdNumber},{last},90\r\n");
        var fromCsv = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/dues-payments", Upload(csv, "payroll.csv")))
            .ReadAsync<DuesImportResult>();
        fromCsv.Should().BeEquivalentTo(new { Total = 1, Imported = 1, Rejected = 0 });
    }

    [Fact]
    public async Task RefusedFiles_WriteNothing_AndScopesAre404OutsideAnd403Observer()
    {
        var (admin, root, _, m) = await TreeAsync(1);
        var (_, otherRoot, _, _) = await TreeAsync(1);
        var url = $"/api/v1/orgs/{root.Id}/imports/dues-bases";
        var good = await WorkbookAsync(DuesSheetCells.BaseHeaders, [m[0].IdNumber, m[0].Name, "在职", 5000, ThisMonth.ToString()]);
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        var observer = await app.UserWithRoleAsync("observer", root.Id);
        var before = await CountsAsync();

        await (await admin.PostAsync(url, Upload("not a workbook\0\0"u8.ToArray()))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var wrong = await WorkbookAsync(["公民身份号码", "姓名", "缴费类别"], [m[0].IdNumber, m[0].Name, "在职"]);
        var problem = await (await admin.PostAsync(url, Upload(wrong))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        problem.ToString().Should().Contain("缴费基数（元）");
        await (await admin.PostAsync(url, Upload([]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/dues-payments", Upload(good)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        await (await outsider.PostAsync(url, Upload(good))).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await outsider.PostAsync($"/api/v1/orgs/{root.Id}/imports/dues-payments", Upload(good)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await observer.PostAsync(url, Upload(good))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        (await outsider.GetAsync($"/api/v1/orgs/{root.Id}/dues-report.xlsx")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await CountsAsync()).Should().Be(before, "a refused file or caller writes nothing");

        // The other administrator's own import cannot reach this subtree's members: a row error, nothing written.
        var foreign = await ImportAsync(outsider, $"/api/v1/orgs/{otherRoot.Id}/imports/dues-bases", good);
        foreign.Should().BeEquivalentTo(new { Imported = 0, Rejected = 1 });
        foreign.Errors.Single().Message.Should().Contain("不是");
        (await CountsAsync()).Profiles.Should().Be(before.Profiles);
    }

    [Fact]
    public async Task Templates_HaveTheContractHeaders_AndATextIdColumn_AndImportAsTheyAre()
    {
        var (admin, root, _, _) = await TreeAsync(1);
        foreach (var (kind, headers) in new[] { ("dues-bases", DuesSheetCells.BaseHeaders), ("dues-payments", DuesSheetCells.PaymentHeaders) })
        {
            var response = await admin.GetAsync($"/api/v1/orgs/{root.Id}/imports/{kind}/template");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            using var stream = new MemoryStream(bytes);
            MiniExcel.GetSheetNames(stream).Should().HaveCount(2).And.Contain("填写说明");
            stream.Position = 0;
            var header = ((IDictionary<string, object?>)MiniExcel.Query(stream, useHeaderRow: false).First()).Values.Select(v => v?.ToString());
            header.Should().Equal(headers);
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
            using var styles = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open());
            (await styles.ReadToEndAsync()).Should().Contain("numFmtId=\"49\"", "the ID column is text");

            // The empty template itself is refused as empty (no data), not as an unreadable file.
            var problem = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/{kind}", Upload(bytes)))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            problem.ToString().Should().Contain("没有数据");
        }

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        (await db.AuditEvents.CountAsync(e => e.Action == AuditAction.DuesBasesImported && e.OrgId == root.Id)).Should().Be(0);
    }

    [Fact]
    public async Task ReportWorkbook_ReadsBackTheReportFigures()
    {
        var (admin, root, branch, m) = await TreeAsync(2);
        foreach (var x in m)
        {
            await admin.PutAsJsonAsync($"/api/v1/members/{x.Id}/dues-profile",
                new { category = "employed", baseYuan = 4000, effectiveFrom = ThisMonth.ToString() }, Api.Json);
        }

        await admin.PostAsync($"/api/v1/orgs/{root.Id}/dues/months/{ThisMonth}/generate", null);
        await ImportAsync(admin, $"/api/v1/orgs/{root.Id}/imports/dues-payments",
            await WorkbookAsync(DuesSheetCells.PaymentHeaders, [m[0].IdNumber, ThisMonth.ToString(), 40]));

        var response = await admin.GetAsync($"/api/v1/orgs/{root.Id}/dues-report.xlsx?from={ThisMonth}&to={ThisMonth}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(DuesWorkbooks.ContentType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        MiniExcel.GetSheetNames(stream).Should().Equal("概况", "按月", "按下级组织");
        stream.Position = 0;
        var summary = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "概况").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => r["项目"]!.ToString()!, r => r["数值"]);
        Convert.ToDecimal(summary["应交（元）"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(80m);
        Convert.ToDecimal(summary["已交（元）"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(40m);
        Convert.ToDecimal(summary["收缴率（%）"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(50m);
        stream.Position = 0;
        var month = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "按月").Cast<IDictionary<string, object?>>().Single();
        month["月份"]!.ToString().Should().Be(ThisMonth.ToString());
        stream.Position = 0;
        var org = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "按下级组织").Cast<IDictionary<string, object?>>().Single();
        org["组织"]!.ToString().Should().Be(branch.ShortName);
        Convert.ToDecimal(org["已交（元）"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(40m);
    }
}
