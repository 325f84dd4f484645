using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Dues;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class DuesTestsOnSqlite(SqliteApp app) : DuesTests(app), IClassFixture<SqliteApp>;

public sealed class DuesTestsOnPostgres(PostgresApp app) : DuesTests(app), IClassFixture<PostgresApp>;

/// <summary>Dues through HTTP: profiles, month generation, payments, waivers, receipts, the report, scopes and bad input.</summary>
public abstract class DuesTests(AppFixture app)
{
    private static readonly DuesMonth ThisMonth = DuesMonth.Of(People.Today);

    private async Task<(HttpClient Admin, TestData Data, OrganizationDto Root, OrganizationDto Branch, List<long> Members)> TreeAsync(
        string system = "party", int members = 3)
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync(system, "committee", null);
        var branch = await data.OrgAsync(system, "branch", root.Id);
        var ids = await data.MembersAsync(branch.Id, members, system == "party" ? MemberStage.Full : MemberStage.Member);
        return (admin, data, root, branch, ids);
    }

    private static async Task<DuesProfileDto> ProfileAsync(HttpClient client, long memberId, object body) =>
        await (await client.PutAsJsonAsync($"/api/v1/members/{memberId}/dues-profile", body, Api.Json)).ReadAsync<DuesProfileDto>();

    private static async Task<GenerateResult> GenerateAsync(HttpClient client, long orgId, DuesMonth month) =>
        await (await client.PostAsync($"/api/v1/orgs/{orgId}/dues/months/{month}/generate", null)).ReadAsync<GenerateResult>();

    private static async Task<List<DuesLineDto>> LinesAsync(HttpClient client, long orgId, DuesMonth? month = null) =>
        (await client.GetOkAsync<PagedList<DuesLineDto>>($"/api/v1/dues?orgId={orgId}&subtree=true&pageSize=200" +
            (month is { } m ? $"&month={m}" : ""))).Items.ToList();

    private async Task<(long Lines, long Payments, long Audit)> CountsAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        return (await db.Set<DuesLine>().LongCountAsync(l => l.State != DuesState.Due), await db.Set<DuesPayment>().LongCountAsync(),
            await db.AuditEvents.LongCountAsync());
    }

    [Fact]
    public async Task Generate_Twice_CreatesOnce_WithTheRuleAmounts_AndCountsMembersWithoutProfile()
    {
        var (admin, _, root, branch, members) = await TreeAsync();
        var p0 = await ProfileAsync(admin, members[0], new { category = "employed", baseYuan = 4321.50, effectiveFrom = ThisMonth.ToString() });
        p0.MonthlyYuan.Should().Be(43.22m);
        p0.RuleKey.Should().Be("dues.employed.brackets");
        await ProfileAsync(admin, members[1], new { category = "retired", baseYuan = 8888.88, effectiveFrom = ThisMonth.ToString() });

        var first = await GenerateAsync(admin, root.Id, ThisMonth);
        first.Should().BeEquivalentTo(new { Month = ThisMonth.ToString(), Created = 2L, Skipped = 0L, MissingProfile = 1L });
        first.Missing.Single().MembershipId.Should().Be(members[2]);

        var again = await GenerateAsync(admin, branch.Id, ThisMonth);
        again.Should().BeEquivalentTo(new { Created = 0L, Skipped = 2L, MissingProfile = 1L });

        var lines = await LinesAsync(admin, root.Id, ThisMonth);
        lines.Should().HaveCount(2);
        lines.Single(l => l.MembershipId == members[0]).AmountYuan.Should().Be(43.22m, "the SQL computes what the calculator does");
        lines.Single(l => l.MembershipId == members[1]).AmountYuan.Should().Be(88.89m);
        lines.Should().AllSatisfy(l => l.State.Should().Be(DuesState.Due));
        lines[0].OrgName.Should().Be(branch.ShortName);
    }

    [Fact]
    public async Task League_Amounts_AndABaseChange_AppliesFromItsMonth_PastMonthsKeepTheirAmounts()
    {
        var (admin, _, root, _, members) = await TreeAsync("league", 2);
        var past = ThisMonth.AddMonths(-2);
        await ProfileAsync(admin, members[0], new { category = "employed", baseYuan = 5499, effectiveFrom = past.ToString() });
        (await ProfileAsync(admin, members[1], new { category = "student", effectiveFrom = past.ToString() })).MonthlyYuan.Should().Be(0.2m);
        await GenerateAsync(admin, root.Id, past);

        var changed = await ProfileAsync(admin, members[0], new { category = "employed", baseYuan = 50000, effectiveFrom = ThisMonth.ToString() });
        changed.MonthlyYuan.Should().Be(20m, "the League cap");
        await GenerateAsync(admin, root.Id, ThisMonth);
        await GenerateAsync(admin, root.Id, ThisMonth.AddMonths(-1));

        var lines = await LinesAsync(admin, root.Id);
        lines.Where(l => l.MembershipId == members[0]).Select(l => (l.Month, l.AmountYuan)).Should().BeEquivalentTo(new[]
        {
            (ThisMonth.ToString(), 20m), (ThisMonth.AddMonths(-1).ToString(), 10m), (past.ToString(), 10m),
        });
        lines.Where(l => l.MembershipId == members[1]).Should().AllSatisfy(l => l.AmountYuan.Should().Be(0.2m));
        (await admin.GetOkAsync<DuesProfileDto>($"/api/v1/members/{members[0]}/dues-profile")).BaseYuan.Should().Be(50000m);
    }

    [Fact]
    public async Task Pay_ThenPayAgain_Is409_AndNothingIsWritten_AndTheReportShowsWhatWasPaid()
    {
        var (admin, _, root, branch, members) = await TreeAsync();
        foreach (var m in members)
        {
            await ProfileAsync(admin, m, new { category = "employed", baseYuan = 6000, effectiveFrom = ThisMonth.AddMonths(-1).ToString() });
        }

        await GenerateAsync(admin, root.Id, ThisMonth.AddMonths(-1));
        await GenerateAsync(admin, root.Id, ThisMonth);
        var lines = await LinesAsync(admin, root.Id);
        lines.Should().HaveCount(6);
        var mine = lines.Where(l => l.MembershipId == members[0]).Select(l => l.Id).ToArray();

        var paid = await (await admin.PostJsonAsync("/api/v1/dues/payments",
                new { lineIds = mine, method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd"), reference = "现金" }))
            .ReadAsync<PaymentDto>(HttpStatusCode.Created);
        paid.TotalYuan.Should().Be(180m);
        paid.ReceiptNo.Should().StartWith("DF");
        paid.Lines.Should().HaveCount(2).And.AllSatisfy(l => l.State.Should().Be(DuesState.Paid));

        var before = await CountsAsync();
        var other = lines.First(l => l.MembershipId == members[1]).Id;
        await (await admin.PostJsonAsync("/api/v1/dues/payments",
                new { lineIds = new[] { other, mine[0] }, method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        (await CountsAsync()).Should().Be(before, "a payment is all-or-nothing");
        (await LinesAsync(admin, root.Id)).Single(l => l.Id == other).State.Should().Be(DuesState.Due);

        var waived = await (await admin.PostJsonAsync($"/api/v1/dues/{other}/waive", new { reason = "生活困难" })).ReadAsync<DuesLineDto>();
        waived.State.Should().Be(DuesState.Waived);
        await (await admin.PostJsonAsync("/api/v1/dues/payments", new { lineIds = new[] { other }, method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var report = await admin.GetOkAsync<DuesReportDto>(
            $"/api/v1/orgs/{root.Id}/dues-report?from={ThisMonth.AddMonths(-1)}&to={ThisMonth}");
        report.Should().BeEquivalentTo(new { DueYuan = 540m, PaidYuan = 180m, WaivedYuan = 90m, OutstandingYuan = 270m, Members = 3L, Rate = 0.4m });
        report.ByMonth.Should().HaveCount(2);
        report.ByOrg.Single().Should().BeEquivalentTo(new { OrgId = branch.Id, DueYuan = 540m, PaidYuan = 180m });

        var pdf = await admin.GetAsync($"/api/v1/dues/payments/{paid.Id}/receipt.pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        (await pdf.Content.ReadAsByteArrayAsync()).Take(4).Should().Equal("%PDF"u8.ToArray());

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        (await db.AuditEvents.CountAsync(e => e.Action == AuditAction.DuesPaid || e.Action == AuditAction.DuesWaived)).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Scopes_404Outside_403Observer_WaiverNeedsAnAdministratorAndAReason()
    {
        var (admin, _, root, _, members) = await TreeAsync();
        await ProfileAsync(admin, members[0], new { category = "student", effectiveFrom = ThisMonth.ToString() });
        await GenerateAsync(admin, root.Id, ThisMonth);
        var line = (await LinesAsync(admin, root.Id)).Single();

        var (_, _, otherRoot, _, otherMembers) = await TreeAsync();
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        var observer = await app.UserWithRoleAsync("observer", root.Id);

        await (await outsider.PostAsync($"/api/v1/orgs/{root.Id}/dues/months/{ThisMonth}/generate", null))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await outsider.PostJsonAsync($"/api/v1/dues/{line.Id}/waive", new { reason = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await outsider.GetAsync($"/api/v1/members/{members[0]}/dues-profile")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await LinesAsync(outsider, otherRoot.Id)).Should().BeEmpty();
        await (await outsider.PostJsonAsync("/api/v1/dues/payments", new { lineIds = new[] { line.Id }, method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        await (await observer.PostAsync($"/api/v1/orgs/{root.Id}/dues/months/{ThisMonth}/generate", null))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostJsonAsync($"/api/v1/dues/{line.Id}/waive", new { reason = "困难" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        (await LinesAsync(observer, root.Id)).Should().ContainSingle();
        await (await admin.PostJsonAsync($"/api/v1/dues/{line.Id}/waive", new { reason = " " }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        // A payment mixing a line of another subtree writes nothing.
        await ProfileAsync(admin, otherMembers[0], new { category = "student", effectiveFrom = ThisMonth.ToString() });
        await GenerateAsync(admin, otherRoot.Id, ThisMonth);
        var otherLine = (await LinesAsync(outsider, otherRoot.Id)).Single();
        var before = await CountsAsync();
        await (await outsider.PostJsonAsync("/api/v1/dues/payments", new { lineIds = new[] { otherLine.Id, line.Id }, method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await CountsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task BadInput_Is400_WithTheField_AndWritesNothing()
    {
        var (admin, _, root, _, members) = await TreeAsync();
        var url = $"/api/v1/members/{members[0]}/dues-profile";
        async Task Bad(object body, string field)
        {
            var problem = await (await admin.PutAsJsonAsync(url, body, Api.Json)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        }

        await Bad(new { category = "employed", baseYuan = -1, effectiveFrom = ThisMonth.ToString() }, "baseYuan");
        await Bad(new { category = "employed", effectiveFrom = ThisMonth.ToString() }, "baseYuan");
        await Bad(new { category = "employed", baseYuan = 1000.005, effectiveFrom = ThisMonth.ToString() }, "baseYuan");
        await Bad(new { category = "fixed", note = "自愿", effectiveFrom = ThisMonth.ToString() }, "fixedYuan");
        await Bad(new { category = "fixed", fixedYuan = 100, effectiveFrom = ThisMonth.ToString() }, "note");
        await Bad(new { category = "employed", baseYuan = 1000, effectiveFrom = ThisMonth.AddMonths(2).ToString() }, "effectiveFrom");
        (await admin.PutAsJsonAsync(url, new { category = "employed", baseYuan = "abc", effectiveFrom = ThisMonth.ToString() }, Api.Json))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was written");

        await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/dues/months/{ThisMonth.AddMonths(2)}/generate", null))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostAsync($"/api/v1/orgs/{root.Id}/dues/months/2026-13/generate", null))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/dues/payments", new { lineIds = Array.Empty<long>(), method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/dues/payments", new { lineIds = new[] { long.MaxValue }, method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await admin.GetAsync($"/api/v1/orgs/{root.Id}/dues-report?from=2026-05&to=2026-01"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task OnlinePayment_GoodRepeatedAndForgedCallbacks_PayOnce()
    {
        var (admin, _, root, branch, members) = await TreeAsync("league", 1);
        await ProfileAsync(admin, members[0], new { category = "employed", baseYuan = 3000, effectiveFrom = ThisMonth.AddMonths(-1).ToString() });
        await GenerateAsync(admin, root.Id, ThisMonth.AddMonths(-1));
        await GenerateAsync(admin, root.Id, ThisMonth);
        var member = await MemberClientAsync(admin, members[0], branch.Id);

        var mine = await member.GetOkAsync<MyDuesDto>("/api/v1/me/dues");
        mine.Should().BeEquivalentTo(new { MonthlyYuan = 6m, OutstandingYuan = 12m });
        mine.Lines.Should().HaveCount(2);
        mine.Lines[0].Month.Should().Be(ThisMonth.ToString(), "newest first");

        var order = await (await member.PostJsonAsync("/api/v1/me/dues/checkout", new { lineIds = mine.Lines.Select(l => l.Id).ToArray() }))
            .ReadAsync<CheckoutDto>(HttpStatusCode.Created);
        order.Should().BeEquivalentTo(new { AmountYuan = 12m, Provider = "sandbox" });
        order.PayUrl.Should().StartWith("/me/dues/sandbox/");

        var sandbox = app.Factory.Services.GetRequiredService<SandboxPaymentProvider>();
        var anonymous = app.Anonymous();
        var notify = "/api/v1/payments/sandbox/notify";
        HttpContent Body(string text) => new StringContent(text, System.Text.Encoding.UTF8, "application/json");

        var before = await CountsAsync();
        var forged = sandbox.Notification(order.OrderId, "T1", 1200).Replace("\"signature\":\"", "\"signature\":\"0", StringComparison.Ordinal);
        await (await anonymous.PostAsync(notify, Body(forged))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await anonymous.PostAsync(notify, Body(sandbox.Notification(order.OrderId, "T1", 1)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await anonymous.PostAsync(notify, Body(sandbox.Notification("ZJ-unknown", "T1", 1200)))).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await anonymous.PostAsync("/api/v1/payments/nope/notify", Body("{}"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await CountsAsync()).Should().Be(before, "nothing was paid");

        var good = sandbox.Notification(order.OrderId, "T1", 1200);
        (await anonymous.PostAsync(notify, Body(good))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await anonymous.PostAsync(notify, Body(good))).StatusCode.Should().Be(HttpStatusCode.OK, "the same notification again");
        var after = await CountsAsync();
        after.Payments.Should().Be(before.Payments + 1);
        after.Lines.Should().Be(before.Lines + 2);

        mine = await member.GetOkAsync<MyDuesDto>("/api/v1/me/dues");
        mine.OutstandingYuan.Should().Be(0);
        mine.Lines.Should().AllSatisfy(l => l.Method.Should().Be(DuesMethod.Online));
        await (await member.PostJsonAsync("/api/v1/me/dues/checkout", new { lineIds = new[] { mine.Lines[0].Id } }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        var report = await admin.GetOkAsync<DuesReportDto>($"/api/v1/orgs/{root.Id}/dues-report?from={ThisMonth.AddMonths(-1)}&to={ThisMonth}");
        report.PaidYuan.Should().Be(12m);
        report.Rate.Should().Be(1m);
    }

    private async Task<HttpClient> MemberClientAsync(HttpClient admin, long membershipId, long branchId)
    {
        var personId = (await admin.GetOkAsync<System.Text.Json.JsonElement>($"/api/v1/members/{membershipId}"))
            .GetProperty("person").GetProperty("id").GetInt64();
        var name = $"due-{Guid.NewGuid():N}"[..20];
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId }))
            .ReadAsync<System.Text.Json.JsonElement>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/users/{user.GetProperty("id").GetInt64()}/roles", new { role = "member", orgId = branchId }))
            .EnsureSuccessStatusCode();
        return await app.SignInAsync(name);
    }

    [Fact]
    public async Task Alerts_Arrears_AndLeagueLapsed_ForTheMemberWhoNeverPays()
    {
        var (admin, _, root, _, members) = await TreeAsync("league", 2);
        var first = ThisMonth.AddMonths(-7);
        foreach (var m in members)
        {
            await ProfileAsync(admin, m, new { category = "student", effectiveFrom = first.ToString() });
        }

        for (var month = first; month.CompareTo(ThisMonth) <= 0; month = month.Next)
        {
            await GenerateAsync(admin, root.Id, month);
        }

        var payer = (await LinesAsync(admin, root.Id)).Where(l => l.MembershipId == members[1]).Select(l => l.Id).ToArray();
        payer.Should().HaveCount(8);
        (await admin.PostJsonAsync("/api/v1/dues/payments", new { lineIds = payer, method = "bankTransfer", paidOn = People.Today.ToString("yyyy-MM-dd") }))
            .StatusCode.Should().Be(HttpStatusCode.Created);

        await using var scope = app.Scope();
        var source = scope.ServiceProvider.GetServices<IAlertSource>().OfType<DuesAlertSource>().Single();
        var found = await source.ScanAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var arrears = found.Where(c => c.SubjectKey == $"dues:arrears:{members[0]}").Should().ContainSingle().Subject;
        arrears.Type.Should().Be(AlertType.DuesArrears);
        arrears.Message.Should().Contain(first.ToString()).And.Contain("5 个月未交", "the months up to three months ago are in arrears");
        found.Where(c => c.SubjectKey == $"league:lapsed:{members[0]}").Should().ContainSingle().Which.Type.Should().Be(AlertType.LeagueLapsed);
        found.Should().NotContain(c => c.SubjectKey.EndsWith($":{members[1]}", StringComparison.Ordinal), "the member who paid");
    }

    private static Task<HttpResponseMessage> BulkAsync(HttpClient client, long orgId, object body) =>
        client.PostJsonAsync($"/api/v1/orgs/{orgId}/dues-profiles/bulk", body);

    private async Task<List<(int From, int? To, DuesCategory Category)>> ProfileRowsAsync(long membershipId)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        return (await db.Set<DuesProfile>().AsNoTracking().Where(p => p.MembershipId == membershipId).OrderBy(p => p.EffectiveFrom)
            .Select(p => new { p.EffectiveFrom, p.EffectiveTo, p.Category }).ToListAsync()).Select(p => (p.EffectiveFrom, p.EffectiveTo, p.Category)).ToList();
    }

    [Fact]
    public async Task BulkProfiles_TheSelected_ThenEveryoneWithout_ReplaceTheSameMonth_EndTheEarlierRow_AndGenerateForAll()
    {
        var (admin, _, root, branch, members) = await TreeAsync("party", 4);
        var last = ThisMonth.AddMonths(-1);
        await ProfileAsync(admin, members[0], new { category = "employed", baseYuan = 5000, effectiveFrom = last.ToString() });
        var listed = await admin.GetOkAsync<PagedList<DuesProfileRow>>($"/api/v1/orgs/{root.Id}/dues-profiles?missing=true");
        listed.Total.Should().Be(3);
        listed.Items.Select(r => r.MembershipId).Should().BeEquivalentTo(members.Skip(1));

        var selected = await (await BulkAsync(admin, branch.Id, new { memberIds = new[] { members[0], members[1] }, category = "student", effectiveFrom = ThisMonth.ToString() }))
            .ReadAsync<DuesProfilesBulkResult>();
        selected.Should().BeEquivalentTo(new { Created = 2, Replaced = 0, Total = 2, MonthlyYuan = 0.2m });
        (await ProfileRowsAsync(members[0])).Should().Equal((last.Key, (int?)ThisMonth.Key, DuesCategory.Employed), (ThisMonth.Key, (int?)null, DuesCategory.Student));

        var rest = await (await BulkAsync(admin, root.Id, new { memberIds = (long[]?)null, category = "employed", baseYuan = 8000, effectiveFrom = ThisMonth.ToString() }))
            .ReadAsync<DuesProfilesBulkResult>();
        rest.Should().BeEquivalentTo(new { Created = 2, Replaced = 0, MonthlyYuan = 120m });
        var again = await (await BulkAsync(admin, root.Id, new { memberIds = new[] { members[1] }, category = "fixed", fixedYuan = 50, note = "自愿多交", effectiveFrom = ThisMonth.ToString() }))
            .ReadAsync<DuesProfilesBulkResult>();
        again.Should().BeEquivalentTo(new { Created = 0, Replaced = 1, Total = 1, MonthlyYuan = 50m });
        (await ProfileRowsAsync(members[1])).Should().ContainSingle().Which.Category.Should().Be(DuesCategory.Fixed);

        (await admin.GetOkAsync<PagedList<DuesProfileRow>>($"/api/v1/orgs/{root.Id}/dues-profiles?missing=true")).Total.Should().Be(0);
        var all = await admin.GetOkAsync<PagedList<DuesProfileRow>>($"/api/v1/orgs/{root.Id}/dues-profiles");
        all.Items.Select(r => (r.MembershipId, r.MonthlyYuan)).Should().BeEquivalentTo(new[]
        {
            (members[0], (decimal?)0.2m), (members[1], (decimal?)50m), (members[2], (decimal?)120m), (members[3], (decimal?)120m),
        });
        var generated = await GenerateAsync(admin, root.Id, ThisMonth);
        generated.Should().BeEquivalentTo(new { Created = 4L, MissingProfile = 0L });
        (await LinesAsync(admin, root.Id, ThisMonth)).Sum(l => l.AmountYuan).Should().Be(290.2m, "the generation reads the bulk rows");

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        (await db.AuditEvents.CountAsync(e => e.Action == AuditAction.DuesProfilesBulkSet && e.OrgId == root.Id)).Should().Be(2);
    }

    [Fact]
    public async Task BulkProfiles_BadInput_OutsideMembers_AndObservers_WriteNothing()
    {
        var (admin, _, root, _, members) = await TreeAsync("league", 2);
        var (_, _, _, _, others) = await TreeAsync("league", 1);
        var observer = await app.UserWithRoleAsync("observer", root.Id);
        async Task Bad(object body, HttpStatusCode status, string code) =>
            await (await BulkAsync(admin, root.Id, body)).ShouldBeProblemAsync(status, code);

        await Bad(new { memberIds = members, category = "employed", baseYuan = -1, effectiveFrom = ThisMonth.ToString() }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Bad(new { memberIds = members, category = "fixed", fixedYuan = 10, effectiveFrom = ThisMonth.ToString() }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Bad(new { memberIds = members, category = "student", effectiveFrom = ThisMonth.AddMonths(2).ToString() }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Bad(new { memberIds = Array.Empty<long>(), category = "student", effectiveFrom = ThisMonth.ToString() }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Bad(new { memberIds = new[] { members[0], members[0] }, category = "student", effectiveFrom = ThisMonth.ToString() }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Bad(new { memberIds = new[] { members[0], others[0] }, category = "student", effectiveFrom = ThisMonth.ToString() }, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await BulkAsync(observer, root.Id, new { memberIds = members, category = "student", effectiveFrom = ThisMonth.ToString() }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        foreach (var m in members.Append(others[0]))
        {
            (await ProfileRowsAsync(m)).Should().BeEmpty("nothing was written");
        }

        (await admin.GetOkAsync<PagedList<DuesProfileRow>>($"/api/v1/orgs/{root.Id}/dues-profiles?missing=true")).Total.Should().Be(2);
    }

    [Fact]
    public async Task MyReceipt_IsTheMembersOwn_AnotherMemberGets404()
    {
        var (admin, _, root, branch, members) = await TreeAsync("league", 2);
        await BulkAsync(admin, root.Id, new { category = "employed", baseYuan = 3000, effectiveFrom = ThisMonth.ToString() });
        await GenerateAsync(admin, root.Id, ThisMonth);
        var lines = await LinesAsync(admin, root.Id, ThisMonth);
        var paid = await (await admin.PostJsonAsync("/api/v1/dues/payments",
            new { lineIds = new[] { lines.Single(l => l.MembershipId == members[0]).Id }, method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd") }))
            .ReadAsync<PaymentDto>(HttpStatusCode.Created);

        var owner = await MemberClientAsync(admin, members[0], branch.Id);
        var other = await MemberClientAsync(admin, members[1], branch.Id);
        var pdf = await owner.GetAsync($"/api/v1/me/dues/payments/{paid.Id}/receipt.pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        await (await other.GetAsync($"/api/v1/me/dues/payments/{paid.Id}/receipt.pdf")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        (await owner.GetOkAsync<MyDuesDto>("/api/v1/me/dues")).Lines.Should().ContainSingle().Which.ReceiptNo.Should().Be(paid.ReceiptNo);
    }
}
