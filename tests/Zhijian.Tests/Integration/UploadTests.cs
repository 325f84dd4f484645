using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

/// <summary>
/// The upload tests measure the whole process's allocations, so they run alone: no other test class allocates beside them.
/// </summary>
[CollectionDefinition(nameof(UploadCollection), DisableParallelization = true)]
public sealed class UploadCollection;

[Collection(nameof(UploadCollection))]
public sealed class UploadTestsOnSqlite(SqliteApp app) : UploadTests(app), IClassFixture<SqliteApp>;

[Collection(nameof(UploadCollection))]
public sealed class UploadTestsOnPostgres(PostgresApp app) : UploadTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Issue 13 items 4, 9 and 10 through HTTP: hostile workbooks are refused before they are loaded, without the memory they
/// used to cost; bodies over 50 MB are 413; files live under Storage:Path and are served by extension with nosniff;
/// security headers on every response; the multipart endpoints want the antiforgery token from cookie callers.
/// </summary>
public abstract partial class UploadTests(AppFixture app)
{
    private const long MiB = 1024 * 1024;

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName = "members.xlsx")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(MemberExporter.ContentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private async Task<(HttpClient Admin, long OrgId)> OrgAsync(string system = "league")
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync(system, "committee", null);
        await data.OrgAsync(system, "branch", root.Id, "一支部" + TestData.Unique());
        return (admin, root.Id);
    }

    /// <summary>Sends a request and measures what the whole process allocated meanwhile (the server runs in this process).</summary>
    private static async Task<(HttpResponseMessage Response, long Allocated)> MeasuredAsync(Func<Task<HttpResponseMessage>> send)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var response = await send();
        await response.Content.LoadIntoBufferAsync();
        return (response, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?format=xlsx")]
    public async Task Import_ACellOf150MillionCharacters_IsRefused_WithoutAllocating100MB(string format)
    {
        var (admin, orgId) = await OrgAsync();
        var workbook = HostileWorkbook.HugeInlineCell(150_000_000);
        workbook.Length.Should().BeLessThan(1024 * 1024, "the attack is a small upload");

        var (response, allocated) = await MeasuredAsync(() => admin.PostAsync($"/api/v1/orgs/{orgId}/imports/members{format}", Upload(workbook)));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        problem.GetProperty("detail").GetString().Should().Contain("32,767");
        allocated.Should().BeLessThan(100 * MiB, "the cell is refused before anything reads it");
    }

    [Fact]
    public async Task Import_AHugeSharedString_IsRefused_WithoutAllocating100MB()
    {
        var (admin, orgId) = await OrgAsync();
        var workbook = HostileWorkbook.HugeSharedString(100_000_000);
        var (response, allocated) = await MeasuredAsync(() => admin.PostAsync($"/api/v1/orgs/{orgId}/imports/members", Upload(workbook)));
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        allocated.Should().BeLessThan(100 * MiB);
    }

    [Fact]
    public async Task Import_ZipBombsTooManyPartsAndDtds_AreRefused()
    {
        var (admin, orgId) = await OrgAsync();
        var url = $"/api/v1/orgs/{orgId}/imports/members";

        // A worksheet of 64 MB declared as 4 KB: read no further than declared, so it is broken XML.
        var (lying, allocated) = await MeasuredAsync(() => admin.PostAsync(url, Upload(HostileWorkbook.LyingWorksheet(64 * MiB, 4096))));
        await lying.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        allocated.Should().BeLessThan(100 * MiB);

        // A part declared over its cap is refused from the directory alone.
        var giant = await (await admin.PostAsync(url, Upload(HostileWorkbook.WithPart("xl/media/image1.png", 1024, WorkbookProbe.MaxBinaryBytes + 1))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        giant.GetProperty("detail").GetString().Should().Contain("解压后过大");

        var parts = await (await admin.PostAsync(url, Upload(HostileWorkbook.WithManyParts(WorkbookProbe.MaxParts + 1))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        parts.GetProperty("detail").GetString().Should().Contain("部件过多");

        var dtd = await (await admin.PostAsync(url, Upload(HostileWorkbook.WithDoctype())))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        dtd.GetProperty("detail").GetString().Should().Contain("DTD");
    }

    [Fact]
    public async Task Import_LongCells_AreEchoedAsAShortPrefix_InTheJsonAndTheWorkbookReport()
    {
        var (admin, orgId) = await OrgAsync();
        var header = MemberSheet.Headers.Select(h => (RawCell?)h).ToList();
        var longText = new string('族', 30_000);
        var row = MemberSheet.Headers.Select(h => (RawCell?)(h == MemberSheet.Ethnicity || h == MemberSheet.Name || h == MemberSheet.Branch ? longText : null)).ToList();
        var workbook = RawWorkbook.Build([header, row], dimension: "A1:M2");
        var url = $"/api/v1/orgs/{orgId}/imports/members";

        var body = await (await admin.PostAsync(url, Upload(workbook))).Content.ReadAsStringAsync();
        body.Length.Should().BeLessThan(5_000, body);
        LongRun().IsMatch(body).Should().BeFalse("no more than 50 characters of a cell are repeated");
        body.Should().Contain(new string('族', MemberSheet.EchoChars) + "…");

        var report = await admin.PostAsync(url + "?format=xlsx", Upload(workbook));
        report.StatusCode.Should().Be(HttpStatusCode.OK);
        using var stream = new MemoryStream(await report.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Should().ContainSingle();
        foreach (var h in MemberSheet.Headers)
        {
            ((rows[0][h] as string)?.Length ?? 0).Should().BeLessThanOrEqualTo(MemberSheet.EchoChars + 1, h);
        }

        ((string)rows[0]["错误说明"]!).Length.Should().BeLessThan(1_000);
    }

    [GeneratedRegex("族{51}")]
    private static partial Regex LongRun();

    [Fact]
    public async Task Uploads_OverTheDocumented50MB_Are413PayloadTooLarge_UpTo50MBAreNot()
    {
        var (admin, orgId) = await OrgAsync();
        var import = $"/api/v1/orgs/{orgId}/imports/members";

        // 30 MB (malformed_request before): within the limit, so the importer answers: no workbook.
        await (await admin.PostAsync(import, Upload(new byte[30 * MiB]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        // A file just over 50 MB in a body the server takes: the importer's 413.
        await (await admin.PostAsync(import, Upload(new byte[(50 * MiB) + 10]))).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);

        // A body over the limit, declared or sent in chunks: the server's 413, on every multipart endpoint.
        var big = new byte[53 * MiB];
        await (await admin.PostAsync(import, Upload(big))).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        var chunked = new MultipartFormDataContent { { new StreamContent(new NoLengthStream(big)), "file", "members.xlsx" } };
        await (await admin.PostAsync(import, chunked)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);

        var meeting = await PlanMeetingAsync(admin);
        await (await admin.PostAsync($"/api/v1/meetings/{meeting}/attachments", Upload(big, "大文件.pdf")))
            .ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
    }

    private async Task<long> PlanMeetingAsync(HttpClient admin)
    {
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("party", "committee", null);
        var branch = await data.OrgAsync("party", "branch", root.Id);
        var meeting = await (await admin.PostJsonAsync("/api/v1/meetings",
                new { orgId = branch.Id, type = "committee", date = People.Today.ToString("yyyy-MM-dd"), place = "党员活动室", host = "书记", topic = "学习" }))
            .ReadAsync<MeetingDto>(HttpStatusCode.Created);
        return meeting.Id;
    }

    [Fact]
    public async Task Attachments_LiveUnderStoragePath_AreServedByExtensionWithNosniff_AndAMissingFileIs404()
    {
        var admin = await app.AdminAsync();
        var meeting = await PlanMeetingAsync(admin);
        var url = $"/api/v1/meetings/{meeting}/attachments";

        // The uploader claims text/html; the store serves a .txt as text/plain, as an attachment, never sniffed.
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("<script>alert(1)</script>"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        form.Add(file, "file", "纪要.txt");
        var a = await (await admin.PostAsync(url, form)).ReadAsync<AttachmentDto>(HttpStatusCode.Created);
        a.ContentType.Should().Be("text/plain; charset=utf-8");
        var stored = Directory.GetFiles(Path.Combine(app.StoragePath, MeetingService.AttachmentArea))
            .Where(f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) == a.Sha256).ToList();
        stored.Should().ContainSingle("the file is in the store's meetings folder under Storage:Path");

        var download = await admin.GetAsync($"{url}/{a.Id}");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        download.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");

        // Anything off the allow-list is refused on upload.
        foreach (var name in new[] { "page.html", "image.svg", "run.exe", "noextension" })
        {
            var refused = await (await admin.PostAsync(url, Upload([1, 2, 3], name))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            refused.GetProperty("detail").GetString().Should().Contain("不支持的文件类型");
        }

        // The row is there, its file is gone: 404, not 500.
        File.Delete(stored[0]);
        await (await admin.GetAsync($"{url}/{a.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // A file stored before the file store (a bare name in Meetings:AttachmentDirectory) is still found; one whose
        // name is off today's list is served as an octet stream.
        await using var scope = app.Scope();
        var legacyDirectory = scope.ServiceProvider.GetRequiredService<IOptions<MeetingOptions>>().Value.AttachmentDirectory;
        Directory.CreateDirectory(legacyDirectory);
        var legacyName = $"{meeting}-{Guid.NewGuid():N}.html";
        await File.WriteAllTextAsync(Path.Combine(legacyDirectory, legacyName), "<h1>旧文件</h1>");
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var legacy = new MeetingAttachment
        {
            MeetingId = meeting,
            FileName = "旧.html",
            ContentType = "text/html",
            Size = 10,
            Sha256 = new string('0', 64),
            StorageName = legacyName,
            UploadedAt = DateTimeOffset.UtcNow,
            UploadedBy = "admin",
        };
        db.Add(legacy);
        await db.SaveChangesAsync();
        var old = await admin.GetAsync($"{url}/{legacy.Id}");
        old.StatusCode.Should().Be(HttpStatusCode.OK);
        old.Content.Headers.ContentType!.MediaType.Should().Be(FileStore.Fallback);
        (await old.Content.ReadAsStringAsync()).Should().Contain("旧文件");
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/v1/orgs")]
    [InlineData("/health")]
    public async Task Responses_CarryTheSecurityHeaders(string path)
    {
        var response = await (await app.AdminAsync()).GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.Should().Contain("frame-ancestors 'none'").And.Contain("connect-src 'self'").And.MatchRegex("script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
    }

    [Fact]
    public async Task ApiDocs_HaveTheirOwnPolicy_StillWithoutFraming()
    {
        var response = await app.Anonymous().GetAsync("/api-docs");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.Should().Be(WebHardening.ApiDocsContentSecurityPolicy);
    }

    /// <summary>Signs in through the console's login form: a client with the console's cookie and no bearer token.</summary>
    private async Task<HttpClient> CookieClientAsync()
    {
        var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        token.Should().NotBeEmpty();
        var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = AppFixture.AdminUser,
            ["Input.Password"] = AppFixture.Password,
        }));
        login.Headers.TryGetValues("Set-Cookie", out var cookies).Should().BeTrue(await login.Content.ReadAsStringAsync());
        cookies!.Should().Contain(c => c.StartsWith("zhijian.auth=", StringComparison.Ordinal));
        (await client.GetAsync("/api/v1/orgs")).StatusCode.Should().Be(HttpStatusCode.OK, "the cookie signs the client in");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task MultipartEndpoints_WithTheCookie_WantTheAntiforgeryToken_WithABearerTheyDoNot()
    {
        var (admin, orgId) = await OrgAsync();
        var meeting = await PlanMeetingAsync(admin);
        var import = $"/api/v1/orgs/{orgId}/imports/members";
        var attachments = $"/api/v1/meetings/{meeting}/attachments";
        var header = MemberSheet.Headers.Select(h => (RawCell?)h).ToList();
        var workbook = RawWorkbook.Build([header, MemberSheet.Headers.Select(_ => (RawCell?)"x").ToList()], dimension: "A1:M2");

        var cookie = await CookieClientAsync();
        await (await cookie.PostAsync(import, Upload(workbook))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.AntiforgeryFailed);
        await (await cookie.PostAsync(attachments, Upload([1, 2, 3], "a.pdf"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.AntiforgeryFailed);
        (await admin.GetOkAsync<MeetingDto>($"/api/v1/meetings/{meeting}")).Attachments.Should().BeEmpty();

        // The same client with the token it fetched: accepted.
        var token = await cookie.GetFromJsonAsync<WebHardening.AntiforgeryTokenDto>("/api/v1/auth/antiforgery", Api.Json);
        cookie.DefaultRequestHeaders.Add(token!.HeaderName, token.Token);
        (await cookie.PostAsync(import, Upload(workbook))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await cookie.PostAsync(attachments, Upload([1, 2, 3], "a.pdf"))).StatusCode.Should().Be(HttpStatusCode.Created);

        // A bearer caller needs no token.
        (await admin.PostAsync(import, Upload(workbook))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync(attachments, Upload([1, 2, 3], "b.pdf"))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    /// <summary>A stream that does not tell its length, so the client sends it in chunks.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
