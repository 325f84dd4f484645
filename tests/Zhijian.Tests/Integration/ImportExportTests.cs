using System.Net;
using System.Net.Http.Headers;
using AwesomeAssertions;
using MiniExcelLibs;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class ImportExportTestsOnSqlite(SqliteApp app) : ImportExportTests(app), IClassFixture<SqliteApp>;

public sealed class ImportExportTestsOnPostgres(PostgresApp app) : ImportExportTests(app), IClassFixture<PostgresApp>;

/// <summary>The member template, import with its row-by-row report, and the exports.</summary>
public abstract class ImportExportTests(AppFixture app)
{
    private static Dictionary<string, object?> Row(DemoPerson p, string branch, string? idNumber = null, object? idCell = null,
        string? joined = null, string? gender = null) => new()
        {
            ["姓名"] = p.Name,
            ["性别"] = gender ?? (p.GenderCode == "1" ? "男" : "女"),
            ["民族"] = "汉族",
            ["出生日期"] = p.BirthDate.ToString("yyyy-MM-dd"),
            ["公民身份号码"] = idCell ?? idNumber ?? p.IdNumber,
            ["手机号码"] = p.Phone,
            ["学历"] = "大学本科毕业",
            ["政治面貌"] = "共青团员",
            ["入团/入党时间"] = joined ?? p.BirthDate.AddYears(15).ToString("yyyy-MM-dd"),
            ["所在支部"] = branch,
            ["工作单位"] = "某公司",
            ["职务"] = "职员",
            ["家庭住址"] = p.Address,
        };

    private static async Task<byte[]> WorkbookAsync(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static MultipartFormDataContent Upload(byte[] workbook)
    {
        var file = new ByteArrayContent(workbook);
        file.Headers.ContentType = new MediaTypeHeaderValue(MemberExporter.ContentType);
        return new MultipartFormDataContent { { file, "file", "members.xlsx" } };
    }

    [Fact]
    public async Task Template_HasTheContractHeadersInOrder()
    {
        var admin = await app.AdminAsync();
        var response = await admin.GetAsync("/api/v1/templates/members.xlsx");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(MemberExporter.ContentType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var header = ((IDictionary<string, object?>)MiniExcel.Query(stream, useHeaderRow: false).First()).Values.Select(v => v?.ToString()).ToList();
        header.Should().Equal("姓名", "性别", "民族", "出生日期", "公民身份号码", "手机号码", "学历", "政治面貌", "入团/入党时间", "所在支部", "工作单位", "职务", "家庭住址");
    }

    [Fact]
    public async Task Template_HasTextColumns_ListsOfTheSubtreesBranches_AndAnExampleOnItsOwnSheet()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var first = await data.OrgAsync("league", "branch", root.Id, "模板一支部" + TestData.Unique());
        var second = await data.OrgAsync("league", "branch", root.Id, "模板二支部" + TestData.Unique());
        var elsewhere = await data.OrgAsync("league", "branch", (await data.OrgAsync("league", "committee", null)).Id, "别处支部" + TestData.Unique());
        var bytes = await admin.GetByteArrayAsync($"/api/v1/templates/members.xlsx?orgId={root.Id}");

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        System.Xml.Linq.XDocument Part(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            return System.Xml.Linq.XDocument.Load(stream);
        }

        System.Xml.Linq.XNamespace x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var workbook = Part("xl/workbook.xml");
        workbook.Descendants(x + "sheet").Select(s => ((string?)s.Attribute("name"), (string?)s.Attribute("state")))
            .Should().Equal(("党（团）员信息", null), ("填写说明", null), ("代码表", "hidden"));
        var sheet = Part("xl/worksheets/sheet1.xml");
        var textStyles = Part("xl/styles.xml").Descendants(x + "cellXfs").Single().Elements(x + "xf")
            .Select((xf, i) => ((string?)xf.Attribute("numFmtId"), i)).Where(xf => xf.Item1 == "49").Select(xf => xf.i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var cols = sheet.Descendants(x + "col").ToDictionary(c => (int)c.Attribute("min")!, c => (string?)c.Attribute("style"));
        textStyles.Should().Contain(cols[5], "公民身份号码 is text").And.Contain(cols[6], "手机号码 is text");
        var validations = sheet.Descendants(x + "dataValidation").ToDictionary(v => ((string)v.Attribute("sqref")!)[..1], v => v.Element(x + "formula1")!.Value);
        validations.Keys.Should().BeEquivalentTo("B", "C", "G", "H", "J");

        // The lists: named ranges over the hidden sheet.
        var names = workbook.Descendants(x + "definedName").ToDictionary(n => (string)n.Attribute("name")!, n => n.Value);
        var strings = Part("xl/sharedStrings.xml").Descendants(x + "si").Select(si => si.Value).ToList();
        var lists = Part("xl/worksheets/sheet3.xml").Descendants(x + "c")
            .GroupBy(c => ((string)c.Attribute("r")!)[..1])
            .ToDictionary(g => g.Key, g => g.Select(c => strings[int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)]).ToList());
        List<string> ListOf(string column) => lists[names[validations[column]].Split('$')[1]].Skip(1).ToList();
        ListOf("B").Should().Equal("男", "女");
        ListOf("C").Should().HaveCount(58).And.Contain("汉族");
        ListOf("G").Should().Contain("大学本科毕业").And.Contain("其他");
        ListOf("H").Should().Contain("中国共产主义青年团团员");
        ListOf("J").Should().BeEquivalentTo(first.ShortName, second.ShortName).And.NotContain(elsewhere.ShortName);
        strings.Should().Contain("示例（仅供参考，不会导入）");

        // Imported as it is, the template has no data (the example is on another sheet); another org's template is not readable.
        var problem = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(bytes)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        problem.GetProperty("detail").GetString().Should().Contain("没有");
        var observer = await app.UserWithRoleAsync("observer", root.Id);
        (await observer.GetAsync($"/api/v1/templates/members.xlsx?orgId={elsewhere.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Template_OpensInExcelJsAndSheetJs()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        await data.OrgAsync("league", "branch", root.Id, "节点支部" + TestData.Unique());
        var file = Path.Combine(Path.GetTempPath(), $"zhijian-template-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(file, await admin.GetByteArrayAsync($"/api/v1/templates/members.xlsx?orgId={root.Id}"));
        try
        {
            using var report = System.Text.Json.JsonDocument.Parse(await NodeTools.RunWorkbookScriptAsync("check-template.mjs", file));
            var exceljs = report.RootElement.GetProperty("exceljs");
            exceljs.GetProperty("headers").EnumerateArray().Select(h => h.GetString()).Should().Equal(MemberSheet.Headers);
            exceljs.GetProperty("sheets")[2].GetProperty("state").GetString().Should().Be("hidden");
            exceljs.GetProperty("idFormat").GetString().Should().Be("@");
            exceljs.GetProperty("phoneFormat").GetString().Should().Be("@");
            exceljs.GetProperty("validations").EnumerateObject().Select(v => (v.Name, v.Value.GetProperty("type").GetString()))
                .Should().BeEquivalentTo(new[] { ("B", "list"), ("C", "list"), ("G", "list"), ("H", "list"), ("J", "list") });
            var sheetjs = report.RootElement.GetProperty("sheetjs");
            sheetjs.GetProperty("headers").EnumerateArray().Select(h => h.GetString()).Should().Equal(MemberSheet.Headers);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Import_GoodAndBadRows_GivesExactCounts_AndASecondRunImportsNothing()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id, "一支部" + TestData.Unique());
        var faker = new PersonFaker(777);
        DemoPerson Next() => faker.Next(new DateOnly(1999, 1, 1), new DateOnly(2006, 1, 1));
        var good = Enumerable.Range(0, 3).Select(_ => Next()).ToList();
        var dup = good[0];
        var young = Next();
        var badChecksum = Next();
        var wrongChecksum = badChecksum.IdNumber[..17] + (badChecksum.IdNumber[17] == '0' ? '1' : '0');
        var rows = new List<Dictionary<string, object?>>
        {
            Row(good[0], branch.ShortName),                                        // row 2
            Row(badChecksum, branch.ShortName, idNumber: wrongChecksum),           // row 3: checksum
            Row(good[1], branch.Name),                                             // row 4: full name works
            Row(Next(), "不存在的支部"),                                            // row 5: unknown branch
            Row(Next(), branch.ShortName, idNumber: "370102990101123"),           // row 6: 15 digits
            Row(dup, branch.ShortName),                                            // row 7: duplicate of row 2
            Row(young, branch.ShortName, joined: young.BirthDate.AddYears(10).ToString("yyyy-MM-dd")), // row 8: age
            Row(Next(), branch.ShortName, idCell: 370102200001011234d),            // row 9: number cell
            Row(good[2], branch.ShortName),                                        // row 10
            Row(Next(), branch.ShortName, gender: "未知"),                          // row 11: gender name
        };
        var workbook = await WorkbookAsync(rows);

        var first = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(workbook))).ReadAsync<ImportResult>();
        first.Total.Should().Be(10);
        first.Imported.Should().Be(3, string.Join("; ", first.Errors));
        first.Rejected.Should().Be(7);
        first.Skipped.Should().Be(0);
        first.Errors.Select(e => (e.Row, e.Column)).Distinct().Should().BeEquivalentTo(new[]
        {
            (3, "公民身份号码"), (5, "所在支部"), (6, "公民身份号码"), (7, "公民身份号码"), (8, "入团/入党时间"), (9, "公民身份号码"), (11, "性别"),
        });
        first.Errors.Single(e => e.Row == 3).Message.Should().Contain("校验位");
        first.Errors.Single(e => e.Row == 6).Message.Should().Contain("15位");
        first.Errors.Single(e => e.Row == 7).Message.Should().Contain("第 2 行");
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(3);

        var second = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(workbook))).ReadAsync<ImportResult>();
        second.Imported.Should().Be(0);
        second.Skipped.Should().Be(3);
        second.Rejected.Should().Be(7);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(3);
        var (kept, rebuilt) = await data.CountersAsync();
        kept.Should().BeEquivalentTo(rebuilt, "the bulk writer's one-statement counter update agrees with a rebuild");

        var report = await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members?format=xlsx", Upload(workbook));
        report.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reportStream = new MemoryStream(await report.Content.ReadAsByteArrayAsync());
        var reportRows = MiniExcel.Query(reportStream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        reportRows.Should().HaveCount(7);
        reportRows.Should().OnlyContain(r => !string.IsNullOrEmpty(r["错误说明"] as string));
        reportRows.Select(r => Convert.ToInt32(r["行号"], System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(3, 5, 6, 7, 8, 9, 11);
    }

    [Fact]
    public async Task Import_AcrossBatches_EachBatchCommitsWithItsCountersAndAuditEvent()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id, "分批" + TestData.Unique());
        var faker = new PersonFaker(1618);
        var seen = new HashSet<string>();
        var people = new List<DemoPerson>();
        while (people.Count < MemberImporter.FirstBatchSize + 300)
        {
            var p = faker.Next(new DateOnly(1999, 1, 1), new DateOnly(2006, 1, 1));
            if (seen.Add(p.IdNumber))
            {
                people.Add(p);
            }
        }

        // One bad row in each batch: the first batch ends after 1,000 valid rows, the second takes the rest.
        var rows = people.Select(p => Row(p, branch.ShortName)).ToList();
        rows[10]["性别"] = "未知";
        rows[^10]["性别"] = "未知";
        var workbook = await WorkbookAsync(rows);

        var result = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(workbook))).ReadAsync<ImportResult>();
        result.Imported.Should().Be(people.Count - 2);
        result.Rejected.Should().Be(2);
        result.Errors.Select(e => e.Row).Should().Equal(12, people.Count - 8);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{branch.Id}")).MemberCount.Should().Be(people.Count - 2);
        var (kept, rebuilt) = await data.CountersAsync();
        kept.Should().BeEquivalentTo(rebuilt);
        var audit = await admin.GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>(
            $"/api/v1/audit?orgId={root.Id}&action=membersImported");
        audit.Items.Select(a => a.Summary).Should().HaveCount(2).And.Contain(t => t.StartsWith("导入 1000 名")).And
            .Contain(t => t.StartsWith($"导入 {people.Count - 2 - MemberImporter.FirstBatchSize} 名"));
        // On PostgreSQL the two batches are written at once, the second in a scope of its own: both by the importing user.
        audit.Items.Should().OnlyContain(a => a.UserName == AppFixture.AdminUser);

        var again = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(workbook))).ReadAsync<ImportResult>();
        again.Imported.Should().Be(0);
        again.Skipped.Should().Be(people.Count - 2);
    }

    [Fact]
    public async Task Import_ABranchOfAnotherSubtree_OrABadFile_IsRefused()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var other = await data.OrgAsync("league", "committee", null);
        var foreign = await data.OrgAsync("league", "branch", other.Id);
        var p = new PersonFaker(99).Next(new DateOnly(2000, 1, 1), new DateOnly(2005, 1, 1));
        var result = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members",
            Upload(await WorkbookAsync([Row(p, foreign.ShortName)])))).ReadAsync<ImportResult>();
        result.Imported.Should().Be(0);
        result.Errors.Should().ContainSingle(e => e.Column == "所在支部");

        await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload("not a workbook"u8.ToArray())))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var wrongHeaders = await WorkbookAsync([new Dictionary<string, object?> { ["名字"] = "张三" }]);
        var problem = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(wrongHeaders)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        problem.GetProperty("detail").GetString().Should().Contain("表头");
        var observer = await app.UserWithRoleAsync("observer", root.Id);
        await (await observer.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(await WorkbookAsync([Row(p, "x")]))))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    private static string FullWidth(string ascii) => new(ascii.Select(c => (char)(c + 0xFEE0)).ToArray());

    [Fact]
    public async Task Import_ReorderedHeaders_MergedCells_Formulas_SerialDates_AndFullWidthIdNumbers_AreUnderstood()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id, "合并" + TestData.Unique());
        var faker = new PersonFaker(4242);
        var people = Enumerable.Range(0, 3).Select(_ => faker.Next(new DateOnly(1999, 1, 1), new DateOnly(2006, 1, 1))).ToList();
        var headers = MemberSheet.Headers.Reverse().ToArray();
        var cells = people.Select(p => Row(p, branch.ShortName).ToDictionary(kv => kv.Key, kv => (RawCell?)new RawCell(kv.Value as string))).ToList();
        var (p0, p1) = (people[0], people[1]);
        cells[0]["公民身份号码"] = " " + FullWidth(p0.IdNumber[..6]) + "\u3000" + p0.IdNumber[6..14] + " " + FullWidth(p0.IdNumber[14..]) + " ";
        cells[0]["出生日期"] = new RawCell(Number: p0.BirthDate.ToDateTime(TimeOnly.MinValue).ToOADate());
        cells[0]["姓名"] = new RawCell(Text: p0.Name, Formula: $"\"{p0.Name[..1]}\"&\"{p0.Name[1..]}\"");
        cells[1]["公民身份号码"] = p1.IdNumber[..6] + " " + p1.IdNumber[6..] + "\t";
        cells[1]["入团/入党时间"] = p1.BirthDate.AddYears(15).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);
        cells[1]["所在支部"] = new RawCell();
        cells[2]["所在支部"] = new RawCell();
        var branchColumn = RawWorkbook.Column(Array.IndexOf(headers, "所在支部"));
        var rows = new List<IReadOnlyList<RawCell?>> { headers.Select(h => (RawCell?)h).ToList() };
        rows.AddRange(cells.Select(c => headers.Select(h => c[h]).ToList()));
        var workbook = RawWorkbook.Build(rows, merges: [$"{branchColumn}2:{branchColumn}4"], dimension: "A1:M4");

        var result = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(workbook))).ReadAsync<ImportResult>();
        result.Errors.Should().BeEmpty();
        result.Imported.Should().Be(3);
        var found = await admin.GetOkAsync<PagedList<Zhijian.Web.Features.Members.MemberDto>>($"/api/v1/members?orgId={root.Id}&q={p0.IdNumber}");
        found.Items.Should().ContainSingle().Which.Person.Name.Should().Be(p0.Name, "the ID number was stored in ASCII without spaces");
        found.Items[0].Person.BirthDate.Should().Be(p0.BirthDate);
        found.Items[0].OrgId.Should().Be(branch.Id);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{branch.Id}")).MemberCount.Should().Be(3, "the merged 所在支部 applies to every row it spans");
    }

    [Fact]
    public async Task Import_AWorkbookSavedByExcel_WithSharedStrings_IsRead()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id, "共享" + TestData.Unique());
        var faker = new PersonFaker(2718);
        var people = Enumerable.Range(0, 3).Select(_ => faker.Next(new DateOnly(1999, 1, 1), new DateOnly(2006, 1, 1))).ToList();
        var rows = new List<IReadOnlyList<RawCell?>> { MemberSheet.Headers.Select(h => (RawCell?)h).ToList() };
        rows.AddRange(people.Select(p =>
        {
            var cells = Row(p, branch.ShortName);
            return (IReadOnlyList<RawCell?>)MemberSheet.Headers.Select(h => (RawCell?)new RawCell(cells[h] as string)).ToList();
        }));
        // Excel and WPS keep each distinct text once (the branch, 共青团员, 汉族 ... are shared by all three rows).
        var workbook = RawWorkbook.Build(rows, dimension: "A1:M4", sharedStrings: true);

        var result = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(workbook))).ReadAsync<ImportResult>();
        result.Errors.Should().BeEmpty();
        result.Imported.Should().Be(3);
        var found = await admin.GetOkAsync<PagedList<Zhijian.Web.Features.Members.MemberDto>>($"/api/v1/members?orgId={root.Id}&q={people[2].IdNumber}");
        found.Items.Should().ContainSingle().Which.Person.Name.Should().Be(people[2].Name);
        found.Items[0].OrgId.Should().Be(branch.Id);
    }

    [Fact]
    public async Task Import_EmptyOrOversizedWorkbooks_AreRefusedBeforeAnyRowIsRead()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var url = $"/api/v1/orgs/{root.Id}/imports/members";
        var header = MemberSheet.Headers.Select(h => (RawCell?)h).ToList();

        await (await admin.PostAsync(url, Upload([]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var headersOnly = await (await admin.PostAsync(url, Upload(RawWorkbook.Build([header], dimension: "A1:M1"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        headersOnly.GetProperty("detail").GetString().Should().Contain("没有");

        // A million rows with the dimension Excel writes: refused from the dimension alone. (Filled in every column a
        // million rows exceed the 50 MB upload limit, refused with its own message before the workbook is opened.)
        var p = new PersonFaker(5).Next(new DateOnly(2000, 1, 1), new DateOnly(2005, 1, 1));
        IReadOnlyList<RawCell?> row = [p.Name, null, null, null, p.IdNumber];
        IEnumerable<IReadOnlyList<RawCell?>> Rows(int n) => Enumerable.Repeat(row, n).Prepend(header);
        var million = RawWorkbook.Build(Rows(1_000_000), dimension: "A1:M1000001");
        var problem = await (await admin.PostAsync(url, Upload(million))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        problem.GetProperty("detail").GetString().Should().Contain("1,000,000").And.Contain("最多导入 100,000 行");

        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(0);

        // Without a dimension element (some tools omit it) the rows are counted first: refused too.
        await (await admin.PostAsync(url, Upload(RawWorkbook.Build(Rows(MemberImporter.MaxRows + 5)))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        // A dimension that understates the rows: the rows are counted while the workbook is checked, and the file is
        // refused before any row is imported.
        var lying = await (await admin.PostAsync(url, Upload(RawWorkbook.Build(Rows(MemberImporter.MaxRows + 5), dimension: "A1:M3"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        lying.GetProperty("detail").GetString().Should().Contain("超过 100,000 行");
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(0);
    }

    [Fact]
    public async Task Export_IsMasked_RosterHasASignatureColumn_AndStatisticsExport()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var faker = new PersonFaker(31337);
        var people = Enumerable.Range(0, 2).Select(_ => faker.Next(new DateOnly(2000, 1, 1), new DateOnly(2005, 1, 1))).ToList();
        var imported = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members",
            Upload(await WorkbookAsync(people.Select(p => Row(p, branch.ShortName)))))).ReadAsync<ImportResult>();
        imported.Imported.Should().Be(2, string.Join("; ", imported.Errors));

        var export = await admin.GetAsync($"/api/v1/orgs/{root.Id}/members.xlsx");
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        using var stream = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Should().HaveCount(2);
        foreach (var p in people)
        {
            var row = rows.Single(r => (string?)r["姓名"] == p.Name);
            row["公民身份号码"].Should().Be(p.IdNumber[..4] + "**********" + p.IdNumber[^4..]);
            row["手机号码"].Should().Be(p.Phone[..3] + "****" + p.Phone[^4..]);
            row["所在支部"].Should().Be(branch.ShortName);
        }

        var roster = await admin.GetAsync($"/api/v1/orgs/{branch.Id}/roster.xlsx");
        using var rosterStream = new MemoryStream(await roster.Content.ReadAsByteArrayAsync());
        var rosterRows = MiniExcel.Query(rosterStream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rosterRows.Should().HaveCount(2);
        rosterRows[0].Keys.Should().Contain("本人签字");
        await (await admin.GetAsync($"/api/v1/orgs/{root.Id}/roster.xlsx")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        // The print page: A4 landscape (the roster page), a title, the header on every page, a signature column and rows.
        var printed = WebUtility.HtmlDecode(await (await admin.GetAsync($"/print/orgs/{branch.Id}/roster")).Content.ReadAsStringAsync());
        printed.Should().Contain("zj-roster-page").And.Contain(branch.Name + "团员花名册").And.Contain("<thead>").And.Contain("本人签字")
            .And.Contain("print.css").And.Contain(people[0].Name).And.Contain(people[1].Name);
        System.Text.RegularExpressions.Regex.Matches(printed, "data-testid=\"roster-line\"").Should().HaveCount(2);
        WebUtility.HtmlDecode(await (await admin.GetAsync($"/print/orgs/{root.Id}/roster")).Content.ReadAsStringAsync())
            .Should().Contain("print-refusal").And.Contain("花名册按支部打印");

        var stats = await admin.GetAsync($"/api/v1/orgs/{root.Id}/stats.xlsx");
        stats.StatusCode.Should().Be(HttpStatusCode.OK);
        using var statsStream = new MemoryStream(await stats.Content.ReadAsByteArrayAsync());
        MiniExcel.GetSheetNames(statsStream).Should().Contain(["概况", "按性别", "按年龄段"]);
        var audit = await admin.GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>($"/api/v1/audit?orgId={root.Id}&action=membersExported");
        audit.Items.Should().ContainSingle();
    }
}
