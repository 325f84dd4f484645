using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class ClerkWorkbookTestsOnSqlite(SqliteApp app) : ClerkWorkbookTests(app), IClassFixture<SqliteApp>;

public sealed class ClerkWorkbookTestsOnPostgres(PostgresApp app) : ClerkWorkbookTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Issue 19, "data that goes in wrong or not at all": workbooks written by ExcelJS and SheetJS (checked in under
/// Fixtures/Workbooks, made by tools/workbooks/make-fixtures.mjs), the 1904 date system, clerks' words, spaced names,
/// .xls and .csv files, and the same reading of names and codes in the API.
/// </summary>
public abstract class ClerkWorkbookTests(AppFixture app)
{
    private static readonly object FakerLock = new();
    private static readonly PersonFaker Faker = new(1904);

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Workbooks", name));

    private static MultipartFormDataContent Upload(byte[] file, string name = "members.xlsx", string type = MemberExporter.ContentType)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private static DemoPerson Young()
    {
        lock (FakerLock)
        {
            return Faker.Next(new DateOnly(2000, 1, 1), new DateOnly(2006, 1, 1));
        }
    }

    private async Task<(HttpClient Admin, OrganizationDto Root, OrganizationDto Branch)> TreeAsync(string branchName)
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id, branchName);
        return (admin, root, branch);
    }

    private static async Task<List<MemberDto>> MembersAsync(HttpClient admin, long rootId, string? q = null) =>
        (await admin.GetOkAsync<PagedList<MemberDto>>(
            $"/api/v1/members?orgId={rootId}&pageSize=100{(q is null ? "" : "&q=" + Uri.EscapeDataString(q))}")).Items.ToList();

    [Fact]
    public async Task Import_AWorkbookIn1904DateSystem_KeepsEveryDate()
    {
        // ExcelJS with wb.properties.date1904 = true: date cells hold serial numbers counted from 1904.
        var (admin, root, _) = await TreeAsync("一九零四支部");
        var result = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(Fixture("exceljs-date1904.xlsx"))))
            .ReadAsync<ImportResult>();
        result.Errors.Should().BeEmpty();
        result.Imported.Should().Be(2);
        var members = await MembersAsync(admin, root.Id);
        var lin = members.Single(m => m.Person.Name == "林晓1904");
        lin.Person.BirthDate.Should().Be(new DateOnly(2001, 5, 4));
        lin.JoinedOn.Should().Be(new DateOnly(2016, 5, 4));
        members.Single(m => m.Person.Name == "林晓月1904").JoinedOn.Should().Be(new DateOnly(2017, 3, 1));

        // Serial numbers in cells without a date format (as a hand-made or converted workbook has them).
        var (admin2, root2, branch2) = await TreeAsync("序号支部" + TestData.Unique());
        var p = Young();
        var joined = p.BirthDate.AddYears(15);
        static RawCell Serial1904(DateOnly d) => new(Number: d.ToDateTime(TimeOnly.MinValue).ToOADate() - MemberSheet.Date1904Offset);
        IReadOnlyList<RawCell?> row = [p.Name, null, "汉族", Serial1904(p.BirthDate), p.IdNumber, null, "本科", "团员", Serial1904(joined), branch2.ShortName, null, null, null];
        var workbook = RawWorkbook.Build([MemberSheet.Headers.Select(h => (RawCell?)h).ToList(), row], dimension: "A1:M2", date1904: true);
        var raw = await (await admin2.PostAsync($"/api/v1/orgs/{root2.Id}/imports/members", Upload(workbook))).ReadAsync<ImportResult>();
        raw.Errors.Should().BeEmpty();
        var member = (await MembersAsync(admin2, root2.Id)).Single();
        (member.Person.BirthDate, member.JoinedOn).Should().Be((p.BirthDate, joined));
    }

    [Fact]
    public async Task Import_ClerksWordsAndForms_AreRead_AndARefusalNamesTheClosestCode()
    {
        var (admin, root, _) = await TreeAsync("用语支部");
        var result = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(Fixture("sheetjs-clerks.xlsx"))))
            .ReadAsync<ImportResult>();
        result.Imported.Should().Be(7, string.Join("; ", result.Errors.Select(e => $"{e.Row} {e.Column} {e.Message}")));
        var refused = result.Errors.Should().ContainSingle().Which;
        (refused.Row, refused.Column).Should().Be((9, "学历"));
        refused.Message.Should().Contain("「本科生」").And.Contain("请填写代码").And.EndWith("最接近的是「21 大学本科毕业」");

        var members = (await MembersAsync(admin, root.Id)).ToDictionary(m => m.Person.Name);
        members.Keys.Should().BeEquivalentTo("冀雨丹", "王大专", "李硕士", "赵研究生", "钱高中", "孙中专", "周大学");
        var ji = members["冀雨丹"];
        (ji.Person.Ethnicity, ji.Person.Education, ji.Person.PoliticalStatus, ji.JoinedOn).Should().Be(("01", "21", "03", new DateOnly(2019, 11, 1)));
        members["王大专"].JoinedOn.Should().Be(new DateOnly(2015, 5, 1), "2015.05 typed as a number is a month, not a day of 1905");
        members["王大专"].Person.Education.Should().Be("31");
        members["李硕士"].JoinedOn.Should().Be(new DateOnly(2019, 11, 1));
        members.ToDictionary(m => m.Key, m => m.Value.Person.Education).Should().Contain(new Dictionary<string, string?>
        {
            ["李硕士"] = "14",
            ["赵研究生"] = "10",
            ["钱高中"] = "61",
            ["孙中专"] = "41",
            ["周大学"] = "20",
        });

        // Stored without the alignment spaces, so search finds the name as written and as typed with spaces.
        (await MembersAsync(admin, root.Id, "冀雨丹")).Should().ContainSingle();
        (await MembersAsync(admin, root.Id, "冀  雨丹")).Should().ContainSingle();
    }

    [Fact]
    public async Task Import_AnXlsFromExcel97_IsRead()
    {
        var (admin, root, _) = await TreeAsync("旧版支部");
        var result = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members",
            Upload(Fixture("sheetjs-97.xls"), "members.xls", "application/vnd.ms-excel"))).ReadAsync<ImportResult>();
        result.Errors.Should().BeEmpty();
        result.Imported.Should().Be(2);
        var members = (await MembersAsync(admin, root.Id)).ToDictionary(m => m.Person.Name);
        members["陈旧版"].Person.BirthDate.Should().Be(new DateOnly(2000, 3, 1));
        members["陈旧版"].Person.Education.Should().Be("21");
        members["杨旧版"].JoinedOn.Should().Be(new DateOnly(2016, 6, 1));
        members["杨旧版"].Person.Ethnicity.Should().Be("03");
    }

    public static TheoryData<string> CsvEncodings() => ["utf-8-bom", "utf-8", "gbk"];

    [Theory]
    [MemberData(nameof(CsvEncodings))]
    public async Task Import_ACsvFile_InUtf8WithOrWithoutBom_OrGbk_IsRead(string encoding)
    {
        var (admin, root, branch) = await TreeAsync("文本支部" + TestData.Unique());
        var people = new[] { Young(), Young() };
        var csv = new StringBuilder(string.Join(",", MemberSheet.Headers)).Append("\r\n");
        foreach (var p in people)
        {
            // Quoted fields with a comma inside, as Excel saves them; the ID with Excel's apostrophe, a year and month.
            csv.Append(string.Join(",", p.Name, p.GenderCode == "1" ? "男" : "女", "汉族", p.BirthDate.ToString("yyyy-MM-dd"), "'" + p.IdNumber,
                p.Phone, "本科", "共青团员", p.BirthDate.AddYears(15).ToString("yyyy年M月"), branch.ShortName, "\"某公司,技术部\"", "", "")).Append("\r\n");
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())],
            "utf-8" => Encoding.UTF8.GetBytes(csv.ToString()),
            _ => Encoding.GetEncoding("GBK").GetBytes(csv.ToString()),
        };
        var result = await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/imports/members", Upload(bytes, "members.csv", "text/csv")))
            .ReadAsync<ImportResult>();
        result.Errors.Should().BeEmpty();
        result.Imported.Should().Be(2);
        var members = (await MembersAsync(admin, root.Id)).ToDictionary(m => m.Person.Name);
        members.Keys.Should().BeEquivalentTo(people.Select(p => p.Name));
        members[people[0].Name].Person.WorkUnit.Should().Be("某公司,技术部");
        members[people[0].Name].JoinedOn.Should().Be(new DateOnly(people[0].BirthDate.Year + 15, people[0].BirthDate.Month, 1));
    }

    [Fact]
    public async Task Import_CsvAndBinaryFiles_OverTheLimits_AreRefusedBeforeAnyRow()
    {
        var (admin, root, branch) = await TreeAsync("限额支部" + TestData.Unique());
        var url = $"/api/v1/orgs/{root.Id}/imports/members";
        var header = string.Join(",", MemberSheet.Headers) + "\n";
        var p = Young();
        var line = $"{p.Name},,,,{p.IdNumber},,,,{p.BirthDate.AddYears(15):yyyy-MM-dd},{branch.ShortName},,,\n";

        // More rows than one import takes: refused, nothing imported (even the first, valid row).
        var many = new StringBuilder(header, (MemberImporter.MaxRows + 10) * line.Length);
        for (var i = 0; i <= MemberImporter.MaxRows; i++)
        {
            many.Append(line);
        }

        var tooMany = await (await admin.PostAsync(url, Upload(Encoding.UTF8.GetBytes(many.ToString()), "m.csv", "text/csv")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        tooMany.GetProperty("detail").GetString().Should().Contain("最多导入 100,000 行");

        // One cell over Excel's 32,767 characters (quoted, with line breaks inside): refused.
        var longCell = header + line + "\"" + string.Concat(Enumerable.Repeat("长\n", 20_000)) + "\",,,,,,,,,,,,\n";
        var tooLong = await (await admin.PostAsync(url, Upload(Encoding.UTF8.GetBytes(longCell), "m.csv", "text/csv")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        tooLong.GetProperty("detail").GetString().Should().Contain("32,767");

        // Neither a workbook nor text: refused, naming the formats that are read.
        var binary = await (await admin.PostAsync(url, Upload([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "m.png", "image/png")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        binary.GetProperty("detail").GetString().Should().Contain(".xls").And.Contain("CSV");

        // A broken .xls (the OLE2 signature and nothing else).
        await (await admin.PostAsync(url, Upload([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3], "m.xls", "application/vnd.ms-excel")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(0);
    }

    [Fact]
    public async Task Api_ReadsNamesAndClerksWords_LikeTheImport_AndRefusesWithTheClosestCode()
    {
        var (admin, root, branch) = await TreeAsync("接口支部" + TestData.Unique());
        var p = Young();
        var spaced = p.Name[..1] + "\u3000 " + p.Name[1..];
        object Body(string education) => new
        {
            system = "league",
            orgId = branch.Id,
            stage = "member",
            joinedOn = p.BirthDate.AddYears(16).ToString("yyyy-MM-dd"),
            person = new
            {
                name = spaced,
                gender = p.GenderCode == "1" ? "男" : "女",
                ethnicity = "1",
                idNumber = "'" + p.IdNumber,
                education,
                politicalStatus = "团员",
            },
        };

        var refused = await (await admin.PostJsonAsync("/api/v1/members", Body("本科生"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        refused.GetProperty("errors").GetProperty("person.education")[0].GetString().Should().Contain("「本科生」").And.Contain("最接近的是「21 大学本科毕业」");

        var created = await (await admin.PostJsonAsync("/api/v1/members", Body("本科"))).ReadAsync<MemberDto>(HttpStatusCode.Created);
        created.Person.Name.Should().Be(p.Name);
        (created.Person.Gender, created.Person.Ethnicity, created.Person.Education, created.Person.PoliticalStatus).Should().Be((p.GenderCode, "01", "21", "03"));
        (await MembersAsync(admin, root.Id, p.Name)).Should().ContainSingle();

        var patched = await (await admin.PatchJsonAsync($"/api/v1/members/{created.Id}", new { person = new { education = "大专", name = spaced + "  " } }))
            .ReadAsync<MemberDto>();
        (patched.Person.Education, patched.Person.Name).Should().Be(("31", p.Name));
    }

    [Fact]
    public async Task StoredNamesWithAlignmentSpaces_AreNormalizedByTheMigrationsSql_AndFoundBySearch()
    {
        var (admin, root, branch) = await TreeAsync("存量支部" + TestData.Unique());
        var p = Young();
        var spaced = p.Name[..1] + "  " + p.Name[1..];
        await using (var scope = app.Scope())
        {
            // A row as an import before the fix stored it.
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            var org = await db.Organizations.SingleAsync(o => o.Id == branch.Id);
            db.Memberships.Add(new Membership(org.System, org.Id, org.Path, MemberStage.Member, p.BirthDate.AddYears(15), spaced,
                DateTimeOffset.UtcNow)
            {
                Person = new Person { Name = spaced, Gender = p.GenderCode, IdNumber = p.IdNumber, BirthDate = p.BirthDate, NameInitials = "" },
            });
            await db.SaveChangesAsync();
            (await MembersAsync(admin, root.Id, p.Name)).Should().BeEmpty("the stored name has the spaces");

            await db.Database.ExecuteSqlRawAsync(MemberValidation.NormalizeStoredNamesSql(db.IsPostgres));
        }

        var found = (await MembersAsync(admin, root.Id, p.Name)).Should().ContainSingle().Which;
        found.Person.Name.Should().Be(p.Name);
    }
}
