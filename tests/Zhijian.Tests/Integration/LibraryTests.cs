using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Libraries;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class LibraryTestsOnSqlite(SqliteApp app) : LibraryTests(app), IClassFixture<SqliteApp>;

public sealed class LibraryTestsOnPostgres(PostgresApp app) : LibraryTests(app), IClassFixture<PostgresApp>;

/// <summary>Issue 18 item 5: honors, reserve cadres and the archives, searched in Chinese inside .docx, .pdf and .txt files.</summary>
public abstract class LibraryTests(AppFixture app)
{
    private async Task<(HttpClient Admin, OrganizationDto Root, OrganizationDto Branch)> TreeAsync()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        return (admin, root, branch);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, long orgId, string fileName, byte[] bytes, string title = "史料",
        string year = "2019", string tags = "党建,总结")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(orgId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "orgId" },
            { new StringContent(title), "title" },
            { new StringContent(year), "year" },
            { new StringContent(tags), "tags" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PostAsync("/api/v1/archives", form);
    }

    private static Task<PagedList<ArchiveDocumentDto>> SearchAsync(HttpClient client, long orgId, string q) =>
        client.GetOkAsync<PagedList<ArchiveDocumentDto>>($"/api/v1/archives?orgId={orgId}&subtree=true&q={Uri.EscapeDataString(q)}");

    [Fact]
    public async Task Search_FindsWordsInsideDocxPdfAndTxt_WithHighlightedSnippets()
    {
        var (admin, root, branch) = await TreeAsync();
        var word = "红旗渠精神" + TestData.Unique();
        var docx = ArchiveSamples.Docx("2016年工作总结", ["全年开展主题党日十二次。", $"组织党员赴林州学习{word}，接受革命传统教育。"]);
        var pdf = ArchiveSamples.Pdf("2019年主题教育档案", ["检视问题清单共四十项。", $"支部书记讲授专题党课《弘扬{word}》。"]);
        var txt = Encoding.UTF8.GetBytes($"抗疫先进事迹\n青年突击队坚守社区一线，传承{word}。");
        var d1 = await (await UploadAsync(admin, root.Id, "总结.docx", docx, "2016年工作总结", "2016")).ReadAsync<ArchiveDocumentDto>(HttpStatusCode.Created);
        var d2 = await (await UploadAsync(admin, branch.Id, "档案.pdf", pdf, "主题教育档案", "2019")).ReadAsync<ArchiveDocumentDto>(HttpStatusCode.Created);
        var d3 = await (await UploadAsync(admin, branch.Id, "事迹.txt", txt, "抗疫事迹", "2020", "抗疫")).ReadAsync<ArchiveDocumentDto>(HttpStatusCode.Created);
        d1.TextLength.Should().BeGreaterThan(10);
        d2.TextLength.Should().BeGreaterThan(10);

        var found = await SearchAsync(admin, root.Id, word);
        found.Items.Select(d => d.Id).Should().BeEquivalentTo([d1.Id, d2.Id, d3.Id]);
        foreach (var hit in found.Items)
        {
            hit.Snippet.Should().NotBeNull();
            var m = hit.Snippet!.Matches.Should().ContainSingle().Subject;
            hit.Snippet.Text.Substring(m.Start, m.Length).Should().Be(word);
        }

        // A word only in the .docx; a word only in the .pdf (its text came from the file, not the title).
        (await SearchAsync(admin, root.Id, "林州")).Items.Select(d => d.Id).Should().Contain(d1.Id).And.NotContain(d2.Id);
        (await SearchAsync(admin, root.Id, "专题党课")).Items.Select(d => d.Id).Should().Contain(d2.Id).And.NotContain(d1.Id);
        // Two terms must both match; short (1–2 character) terms work too.
        (await SearchAsync(admin, root.Id, $"{word} 林州")).Items.Select(d => d.Id).Should().Equal(d1.Id);
        (await SearchAsync(admin, root.Id, $"{word}，抗疫")).Items.Select(d => d.Id).Should().Equal(d3.Id);
        // Tags and year.
        (await admin.GetOkAsync<PagedList<ArchiveDocumentDto>>($"/api/v1/archives?orgId={root.Id}&subtree=true&year=2019"))
            .Items.Select(d => d.Id).Should().Equal(d2.Id);
        // Only the branch's own.
        (await admin.GetOkAsync<PagedList<ArchiveDocumentDto>>($"/api/v1/archives?orgId={branch.Id}&q={Uri.EscapeDataString(word)}"))
            .Items.Select(d => d.Id).Should().BeEquivalentTo([d2.Id, d3.Id]);

        var file = await admin.GetAsync(d1.FileUrl);
        file.StatusCode.Should().Be(HttpStatusCode.OK);
        (await file.Content.ReadAsByteArrayAsync()).Should().Equal(docx);
    }

    [Fact]
    public async Task CommonAndShortTerms_PageNewestYearFirst_WithoutRankingEveryMatch()
    {
        var (admin, root, branch) = await TreeAsync();
        var common = "共同词" + TestData.Unique();
        var expected = new List<(int Year, long Id, bool Short)>();
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            var index = scope.ServiceProvider.GetRequiredService<ArchiveIndex>();
            var org = await db.Organizations.SingleAsync(o => o.Id == branch.Id);
            // 1,050 documents all holding the common word (more than the index is asked for), every 7th also 乙丙 (2 characters).
            for (var i = 0; i < ArchiveSearch.MaxCounted + 50; i++)
            {
                var year = 2000 + i * 7 % 23;
                var text = $"第{i}号史料，{common}" + (i % 7 == 0 ? "，乙丙" : "");
                var doc = ArchiveDocument.Add(org, $"史料{i}", year, "", "a.txt", $"x{i}", 1, new string('0', 64), text, DateTimeOffset.UtcNow, "test");
                db.Add(doc);
                await db.SaveChangesAsync();
                await index.AddAsync(doc.Id, doc.SearchText, default);
                expected.Add((year, doc.Id, i % 7 == 0));
            }
        }

        var newest = expected.OrderByDescending(e => e.Year).ThenByDescending(e => e.Id).ToList();
        var page1 = await SearchAsync(admin, root.Id, common);
        page1.Total.Should().Be(ArchiveSearch.MaxCounted);
        page1.TotalExact.Should().BeFalse();
        page1.Items.Select(d => d.Id).Should().Equal(newest.Take(20).Select(e => e.Id));
        var page3 = await admin.GetOkAsync<PagedList<ArchiveDocumentDto>>(
            $"/api/v1/archives?orgId={root.Id}&subtree=true&q={Uri.EscapeDataString(common)}&page=3&pageSize=20");
        page3.Items.Select(d => d.Id).Should().Equal(newest.Skip(40).Take(20).Select(e => e.Id));

        var shortHits = newest.Where(e => e.Short).ToList();
        var short1 = await SearchAsync(admin, root.Id, "乙丙");
        short1.Items.Select(d => d.Id).Should().Equal(shortHits.Take(20).Select(e => e.Id));
        short1.Items.Should().OnlyContain(d => d.Snippet!.Matches.Count == 1);
        short1.Total.Should().Be(21, "the walk stops one match after the page: there is a next page");
        short1.TotalExact.Should().BeFalse();
        var last = await admin.GetOkAsync<PagedList<ArchiveDocumentDto>>(
            $"/api/v1/archives?orgId={root.Id}&subtree=true&q=%E4%B9%99%E4%B8%99&page=8&pageSize=20");
        last.Items.Select(d => d.Id).Should().Equal(shortHits.Skip(140).Select(e => e.Id));
        last.Total.Should().Be(shortHits.Count);
        last.TotalExact.Should().BeTrue("the walk read the whole scope");
    }

    [Fact]
    public async Task PunctuationOnlySearch_Is400()
    {
        var (admin, root, _) = await TreeAsync();
        foreach (var q in new[] { "，。！？", "...", "《》——" })
        {
            await (await admin.GetAsync($"/api/v1/archives?orgId={root.Id}&q={Uri.EscapeDataString(q)}"))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        }
    }

    [Fact]
    public async Task BadUploads_AreRefused_AndNothingIsWritten()
    {
        var (admin, root, _) = await TreeAsync();
        var before = await CountAsync();
        await (await UploadAsync(admin, root.Id, "run.exe", [1, 2, 3])).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await UploadAsync(admin, root.Id, "empty.txt", [])).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await UploadAsync(admin, root.Id, "broken.docx", Encoding.UTF8.GetBytes("不是 Word 文件")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await UploadAsync(admin, root.Id, "a.txt", Encoding.UTF8.GetBytes("正文"), title: " "))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await UploadAsync(admin, root.Id, "a.txt", Encoding.UTF8.GetBytes("正文"), year: "1800"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task HonorsAndReserveCadres()
    {
        var (admin, root, branch) = await TreeAsync();
        var member = await admin.CreateMemberAsync(branch.Id, People.Young());
        var orgHonor = await (await admin.PostJsonAsync("/api/v1/honors", new
        {
            orgId = branch.Id,
            title = "先进基层党组织",
            level = "provincial",
            awardedOn = "2024-07-01",
            issuer = "中共省委",
        })).ReadAsync<HonorDto>(HttpStatusCode.Created);
        orgHonor.LevelName.Should().Be("省部级");
        var personHonor = await (await admin.PostJsonAsync("/api/v1/honors", new
        {
            orgId = branch.Id,
            personId = member.Person.Id,
            title = "优秀共产党员",
            level = "市级",
            awardedOn = "2025-07-01",
            issuer = "中共市委",
        })).ReadAsync<HonorDto>(HttpStatusCode.Created);
        personHonor.PersonName.Should().Be(member.Person.Name);
        personHonor.Level.Should().Be("municipal");

        var list = await admin.GetOkAsync<PagedList<HonorDto>>($"/api/v1/honors?orgId={root.Id}&subtree=true");
        list.Items.Select(h => h.Id).Should().Equal(personHonor.Id, orgHonor.Id);
        (await admin.GetOkAsync<PagedList<HonorDto>>($"/api/v1/honors?orgId={root.Id}&subtree=true&q=省委")).Items.Select(h => h.Id).Should().Equal(orgHonor.Id);
        await (await admin.PostJsonAsync("/api/v1/honors", new { orgId = branch.Id, title = "", level = "galactic", awardedOn = "2024-07-01", issuer = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var cadre = await (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/reserve-cadres", new
        {
            memberId = member.Id,
            forPost = "组织委员",
            since = "2025-01-01",
            note = "群众基础好",
        })).ReadAsync<ReserveCadreDto>(HttpStatusCode.Created);
        cadre.Name.Should().Be(member.Person.Name);
        (await admin.GetOkAsync<PagedList<ReserveCadreDto>>($"/api/v1/orgs/{root.Id}/reserve-cadres?subtree=true")).Items.Should().ContainSingle(c => c.Id == cadre.Id);
        (await admin.GetOkAsync<PagedList<ReserveCadreDto>>($"/api/v1/orgs/{branch.Id}/reserve-cadres?subtree=true")).Items.Should().BeEmpty();
        await (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/reserve-cadres", new { memberId = member.Id, forPost = "组织委员", since = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Scopes_OutsideIs404_ObserversWriting403()
    {
        var (admin, root, _) = await TreeAsync();
        var (_, otherRoot, _) = await TreeAsync();
        var doc = await (await UploadAsync(admin, root.Id, "a.txt", Encoding.UTF8.GetBytes("机密史料正文"))).ReadAsync<ArchiveDocumentDto>(HttpStatusCode.Created);
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        var observer = await app.UserWithRoleAsync("observer", root.Id);

        (await outsider.GetAsync(doc.FileUrl)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/api/v1/archives?orgId={root.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outsider.GetOkAsync<PagedList<ArchiveDocumentDto>>("/api/v1/archives?q=机密史料")).Items.Should().BeEmpty();
        (await UploadAsync(outsider, root.Id, "b.txt", Encoding.UTF8.GetBytes("正文"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/api/v1/orgs/{root.Id}/reserve-cadres")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await UploadAsync(observer, root.Id, "b.txt", Encoding.UTF8.GetBytes("正文"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await observer.PostJsonAsync("/api/v1/honors", new { orgId = root.Id, title = "荣誉", level = "unit", awardedOn = "2024-01-01", issuer = "本单位" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await observer.PostJsonAsync($"/api/v1/orgs/{root.Id}/reserve-cadres", new { memberId = 1, forPost = "书记", since = "2024-01-01" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await observer.GetOkAsync<PagedList<ArchiveDocumentDto>>($"/api/v1/archives?orgId={root.Id}&q=机密史料")).Items.Should().ContainSingle();
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        return await db.Set<ArchiveDocument>().CountAsync();
    }
}
