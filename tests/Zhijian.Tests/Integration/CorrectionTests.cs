using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data.Reference;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Corrections;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Tests.Integration;

public sealed class CorrectionTestsOnSqlite(SqliteApp app) : CorrectionTests(app), IClassFixture<SqliteApp>;

public sealed class CorrectionTestsOnPostgres(PostgresApp app) : CorrectionTests(app), IClassFixture<PostgresApp>;

/// <summary>Correction requests through HTTP: a member files, the branch resolves or rejects.</summary>
public abstract class CorrectionTests(AppFixture app)
{
    private sealed record Tree(HttpClient Admin, OrganizationDto Root, OrganizationDto Branch, OrganizationDto Other,
        MemberDto Member, HttpClient MemberClient);

    private async Task<Tree> TreeAsync()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var other = await data.OrgAsync("league", "branch", root.Id);
        var member = await admin.CreateMemberAsync(branch.Id, People.Young());
        var client = await MemberAccountAsync(admin, member);
        return new Tree(admin, root, branch, other, member, client);
    }

    [Fact]
    public async Task AValue_IsCheckedByItsFieldsOwnRules_AndKeptAsTheRecordStoresIt()
    {
        var t = await TreeAsync();
        async Task<string> RefusedAsync(string field, string value)
        {
            var problem = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field, value }))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            return problem.GetProperty("errors").GetProperty("value")[0].GetString()!;
        }

        (await RefusedAsync("birthDate", "共青团某某公司委员会")).Should().Contain("出生日期").And.Contain("不是日期");
        (await RefusedAsync("birthDate", "2999-01-01")).Should().Contain("合理范围");
        (await RefusedAsync("joinedOn", "去年五月")).Should().Contain("入党（团）时间");
        (await RefusedAsync("gender", "团支部")).Should().Contain("性别");
        (await RefusedAsync("education", "幼儿园")).Should().Contain("学历").And.Contain("国家标准代码表");
        (await RefusedAsync("phone", "12345")).Should().Contain("手机号码");
        (await RefusedAsync("idNumber", "1234567")).Should().Contain("号码");
        (await RefusedAsync("name", "共青团第1支部")).Should().Contain("姓名");
        (await t.Admin.GetOkAsync<PagedList<CorrectionDto>>($"/api/v1/orgs/{t.Branch.Id}/corrections")).Items.Should().BeEmpty("refused filings write nothing");

        var date = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "birthDate", value = "2003年5月4日" }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        date.Value.Should().Be("2003-05-04");
        var education = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "education", value = "本科" }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        CodeTables.Education.Contains(education.Value).Should().BeTrue(education.Value);
        var phone = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "phone", value = "139-1234-5678" }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        (await t.Admin.PostJsonAsync($"/api/v1/corrections/{phone.Id}/apply", new { })).EnsureSuccessStatusCode();
        var revealed = await (await t.Admin.PostJsonAsync($"/api/v1/members/{t.Member.Id}/reveal", new { reason = "核对更正" })).ReadAsync<RevealedNumbers>();
        revealed.Phone.Should().Be("13912345678", "the phone is stored as digits");
    }

    [Fact]
    public async Task APhoneWithDashes_IsAccepted_AndStoredAsDigits()
    {
        var t = await TreeAsync();
        var member = await t.Admin.CreateMemberAsync(t.Branch.Id, People.Young(), extra: new Dictionary<string, object?> { ["phone"] = "138-1234-5678" });
        (await (await t.Admin.PostJsonAsync($"/api/v1/members/{member.Id}/reveal", new { reason = "核对" })).ReadAsync<RevealedNumbers>())
            .Phone.Should().Be("13812345678");
    }

    /// <summary>An account linked to the member's person, with the member role, signed in.</summary>
    private async Task<HttpClient> MemberAccountAsync(HttpClient admin, MemberDto member)
    {
        var name = $"m-{Guid.NewGuid():N}"[..20];
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId = member.Person.Id }))
            .ReadAsync<CreatedUser>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/users/{user.Id}/roles", new { role = "member", orgId = member.OrgId })).EnsureSuccessStatusCode();
        return await app.SignInAsync(name);
    }

    [Fact]
    public async Task File_List_Resolve_Reject_WithAudit()
    {
        var t = await TreeAsync();

        var response = await t.MemberClient.PostJsonAsync("/api/v1/me/corrections",
            new { field = "workUnit", value = "某某科技有限公司", note = "2025 年已调动" });
        var filed = await response.ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/corrections/{filed.Id}");
        filed.Should().BeEquivalentTo(new
        {
            MembershipId = t.Member.Id,
            OrgId = t.Branch.Id,
            PersonId = t.Member.Person.Id,
            Name = t.Member.Person.Name,
            Field = "workUnit",
            FieldName = "工作单位",
            Value = "某某科技有限公司",
            Note = "2025 年已调动",
            State = CorrectionState.Open,
        });
        var second = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "Phone", value = "13800000000" }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        second.Field.Should().Be("phone", "field codes are matched without regard to case");

        // The branch and its parent see both as open; the sibling branch sees none.
        var open = await t.Admin.GetOkAsync<PagedList<CorrectionDto>>($"/api/v1/orgs/{t.Root.Id}/corrections?state=open");
        open.Items.Select(c => c.Id).Should().Equal(filed.Id, second.Id);
        open.Total.Should().Be(2);
        (await t.Admin.GetOkAsync<PagedList<CorrectionDto>>($"/api/v1/orgs/{t.Other.Id}/corrections")).Items.Should().BeEmpty();

        var resolved = await (await t.Admin.PostJsonAsync($"/api/v1/corrections/{filed.Id}/resolve", new { note = "已按本人说明更正工作单位" }))
            .ReadAsync<CorrectionDto>();
        resolved.State.Should().Be(CorrectionState.Resolved);
        resolved.ResolutionNote.Should().Be("已按本人说明更正工作单位");
        resolved.ClosedBy.Should().Be(AppFixture.AdminUser);
        resolved.ClosedAt.Should().NotBeNull();

        // Resolving changes no record by itself.
        (await t.Admin.GetOkAsync<MemberDto>($"/api/v1/members/{t.Member.Id}")).Person.WorkUnit.Should().Be("某某公司");

        await (await t.Admin.PostJsonAsync($"/api/v1/corrections/{filed.Id}/reject", new { note = "重复" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        (await (await t.Admin.PostJsonAsync($"/api/v1/corrections/{second.Id}/reject", new { note = "手机号码与本人核实无误" }))
            .ReadAsync<CorrectionDto>()).State.Should().Be(CorrectionState.Rejected);

        (await t.Admin.GetOkAsync<PagedList<CorrectionDto>>($"/api/v1/orgs/{t.Branch.Id}/corrections?state=open")).Items.Should().BeEmpty();
        (await t.Admin.GetOkAsync<PagedList<CorrectionDto>>($"/api/v1/orgs/{t.Branch.Id}/corrections?state=resolved")).Items
            .Select(c => c.Id).Should().Equal(filed.Id);
        (await t.Admin.GetOkAsync<PagedList<CorrectionDto>>($"/api/v1/orgs/{t.Branch.Id}/corrections?state=rejected")).Items
            .Select(c => c.Id).Should().Equal(second.Id);
        (await t.Admin.GetOkAsync<PagedList<CorrectionDto>>($"/api/v1/orgs/{t.Branch.Id}/corrections?pageSize=1")).Should()
            .BeEquivalentTo(new { Total = 2L, PageSize = 1, TotalExact = true });

        // The member sees the outcome, not who handled it.
        var mine = await t.MemberClient.GetOkAsync<List<CorrectionDto>>("/api/v1/me/corrections");
        mine.Select(c => (c.Id, c.State)).Should().Equal((second.Id, CorrectionState.Rejected), (filed.Id, CorrectionState.Resolved));
        mine.Should().OnlyContain(c => c.ClosedBy == null);
        mine[0].ResolutionNote.Should().Be("手机号码与本人核实无误");

        var events = await t.Admin.GetOkAsync<PagedList<AuditEventDto>>($"/api/v1/audit?orgId={t.Branch.Id}&pageSize=200");
        var ours = events.Items.Where(e => e.Entity == nameof(CorrectionRequest)).ToList();
        ours.Should().Contain(e => e.Action == AuditAction.CorrectionFiled && e.EntityId == filed.Id && e.OrgId == t.Branch.Id);
        ours.Should().Contain(e => e.Action == AuditAction.CorrectionResolved && e.EntityId == filed.Id && e.Summary.Contains("已按本人说明"));
        ours.Should().Contain(e => e.Action == AuditAction.CorrectionRejected && e.EntityId == second.Id);
        ours.Should().NotContain(e => e.Summary.Contains("13800000000"), "proposed values stay out of the audit trail");
    }

    [Fact]
    public async Task Scope_OutsideIs404_ObserverIs403_MemberCannotResolve()
    {
        var t = await TreeAsync();
        var filed = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "name", value = "张三" }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);

        var otherAdmin = await app.UserWithRoleAsync("orgAdmin", t.Other.Id);
        await (await otherAdmin.GetAsync($"/api/v1/orgs/{t.Branch.Id}/corrections"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await otherAdmin.PostJsonAsync($"/api/v1/corrections/{filed.Id}/resolve", new { note = "好" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await otherAdmin.GetAsync($"/api/v1/corrections/{filed.Id}"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var observer = await app.UserWithRoleAsync("observer", t.Root.Id);
        (await observer.GetOkAsync<PagedList<CorrectionDto>>($"/api/v1/orgs/{t.Branch.Id}/corrections?state=open")).Items
            .Select(c => c.Id).Should().Equal(filed.Id);
        await (await observer.PostJsonAsync($"/api/v1/corrections/{filed.Id}/resolve", new { note = "好" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostJsonAsync($"/api/v1/corrections/{filed.Id}/reject", new { note = "不" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // A member reads no organization's list and closes nothing, not even their own request.
        await (await t.MemberClient.GetAsync($"/api/v1/orgs/{t.Branch.Id}/corrections"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await t.MemberClient.PostJsonAsync($"/api/v1/corrections/{filed.Id}/resolve", new { note = "好" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // The branch's own administrator may resolve it.
        var branchAdmin = await app.UserWithRoleAsync("orgAdmin", t.Branch.Id);
        (await (await branchAdmin.PostJsonAsync($"/api/v1/corrections/{filed.Id}/resolve", new { note = "已更正" }))
            .ReadAsync<CorrectionDto>()).State.Should().Be(CorrectionState.Resolved);

        (await app.Anonymous().PostAsJsonAsync("/api/v1/me/corrections", new { field = "name", value = "x" }, Api.Json))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BadInput_Answers400WithFieldErrors()
    {
        var t = await TreeAsync();
        var unknown = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "salary", value = "1" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        unknown.GetProperty("errors").GetProperty("field")[0].GetString().Should().Contain("salary");

        var empty = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "name", value = "  " }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        empty.GetProperty("errors").GetProperty("value")[0].GetString().Should().Be("请填写正确的内容");

        var longNote = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections",
                new { field = "name", value = "张三", note = new string('长', 1001) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        longNote.GetProperty("errors").GetProperty("note")[0].GetString().Should().Contain("1000");

        // Exactly 1,000 characters is fine.
        (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "name", value = "张三", note = new string('长', 1000) }))
            .StatusCode.Should().Be(HttpStatusCode.Created);

        await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = 5, value = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var filed = (await t.MemberClient.GetOkAsync<List<CorrectionDto>>("/api/v1/me/corrections"))[0];
        var noNote = await (await t.Admin.PostJsonAsync($"/api/v1/corrections/{filed.Id}/resolve", new { note = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        noNote.GetProperty("errors").GetProperty("note").GetArrayLength().Should().Be(1);
        await (await t.Admin.PostJsonAsync($"/api/v1/corrections/{filed.Id}/reject", new { note = new string('x', 1001) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await t.Admin.GetAsync($"/api/v1/orgs/{t.Branch.Id}/corrections?state=closed"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await t.Admin.PostJsonAsync("/api/v1/corrections/999999999/resolve", new { note = "好" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // An account without a member record cannot file (409, a state the caller cannot fix here).
        await (await t.Admin.PostJsonAsync("/api/v1/me/corrections", new { field = "name", value = "张三" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
    }

    [Fact]
    public async Task ProposedNumbers_AreMaskedForEveryone_AndApplyWritesTheFullValueOnTheServer()
    {
        var t = await TreeAsync();
        var original = t.Member.Person.Id;
        var full = await (await t.Admin.PostJsonAsync($"/api/v1/members/{t.Member.Id}/reveal", new { reason = "核对" }))
            .ReadAsync<RevealedNumbers>();
        // Another valid number for the same birth date and gender: the sequence changes, the check digit follows.
        var seq = full.IdNumber![..14] + (full.IdNumber[14] == '9' ? '1' : (char)(full.IdNumber[14] + 1)) + full.IdNumber[15..17];
        var newId = seq + CitizenIdNumber.ComputeCheckDigit(seq);
        const string newPhone = "13912345678";

        var idFiled = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "idNumber", value = newId }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        var phoneFiled = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "phone", value = newPhone }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        var nameFiled = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "name", value = "张三丰" }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        idFiled.Value.Should().Be(CitizenIdNumber.Mask(newId), "the member's own answer is masked too");
        idFiled.ValueMasked.Should().BeTrue();
        nameFiled.Value.Should().Be("张三丰");
        nameFiled.ValueMasked.Should().BeFalse();

        // Observers, administrators and the member read masked values in every answer.
        var observer = await app.UserWithRoleAsync("observer", t.Root.Id);
        var orgAdmin = await app.UserWithRoleAsync("orgAdmin", t.Root.Id);
        foreach (var client in new[] { observer, orgAdmin, t.Admin })
        {
            var body = await client.GetStringAsync($"/api/v1/orgs/{t.Branch.Id}/corrections");
            body.Should().NotContain(newId).And.NotContain(newPhone);
            body.Should().Contain(CitizenIdNumber.Mask(newId)).And.Contain(PhoneNumber.Mask(newPhone));
            (await client.GetStringAsync($"/api/v1/corrections/{idFiled.Id}")).Should().NotContain(newId);
            (await client.GetStringAsync($"/api/v1/corrections/{phoneFiled.Id}")).Should().NotContain(newPhone);
        }

        var mine = await t.MemberClient.GetStringAsync("/api/v1/me/corrections");
        mine.Should().NotContain(newId).And.NotContain(newPhone);

        // Only a writer sees the full value, through an audited reveal; observers 403, outside 404.
        await (await observer.PostJsonAsync($"/api/v1/corrections/{idFiled.Id}/reveal", new { reason = "看看" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostAsync($"/api/v1/corrections/{idFiled.Id}/apply", null))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var outsider = await app.UserWithRoleAsync("orgAdmin", t.Other.Id);
        await (await outsider.PostJsonAsync($"/api/v1/corrections/{idFiled.Id}/reveal", new { reason = "看看" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await outsider.PostAsync($"/api/v1/corrections/{idFiled.Id}/apply", null))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await t.MemberClient.PostJsonAsync($"/api/v1/corrections/{idFiled.Id}/reveal", new { reason = "看看" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await orgAdmin.PostJsonAsync($"/api/v1/corrections/{idFiled.Id}/reveal", new { reason = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var revealed = await (await orgAdmin.PostJsonAsync($"/api/v1/corrections/{idFiled.Id}/reveal", new { reason = "核对本人身份证" }))
            .ReadAsync<RevealedCorrection>();
        revealed.Value.Should().Be(newId);

        // The orgAdmin applies both numbers without ever receiving them; the record holds the full values.
        var applied = await (await orgAdmin.PostAsync($"/api/v1/corrections/{idFiled.Id}/apply", null)).ReadAsync<MemberDto>();
        applied.Person.IdNumber.Should().Be(CitizenIdNumber.Mask(newId));
        (await orgAdmin.PostAsync($"/api/v1/corrections/{phoneFiled.Id}/apply", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var now = await (await t.Admin.PostJsonAsync($"/api/v1/members/{t.Member.Id}/reveal", new { reason = "核对" }))
            .ReadAsync<RevealedNumbers>();
        now.Should().Be(new RevealedNumbers(newId, newPhone));
        (await t.Admin.GetOkAsync<MemberDto>($"/api/v1/members/{t.Member.Id}")).Person.Id.Should().Be(original);

        // Applying a closed request or a field the console cannot set is refused.
        (await orgAdmin.PostJsonAsync($"/api/v1/corrections/{phoneFiled.Id}/resolve", new { note = "已更正" })).EnsureSuccessStatusCode();
        await (await orgAdmin.PostAsync($"/api/v1/corrections/{phoneFiled.Id}/apply", null))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        var other = await (await t.MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "other", value = "籍贯有误" }))
            .ReadAsync<CorrectionDto>(HttpStatusCode.Created);
        await (await orgAdmin.PostAsync($"/api/v1/corrections/{other.Id}/apply", null))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var events = await t.Admin.GetOkAsync<PagedList<AuditEventDto>>($"/api/v1/audit?orgId={t.Branch.Id}&pageSize=200");
        events.Items.Should().Contain(e => e.Action == AuditAction.CorrectionRevealed && e.EntityId == idFiled.Id
            && e.Summary.Contains("核对本人身份证"));
        events.Items.Should().NotContain(e => e.Summary.Contains(newId) || e.Summary.Contains(newPhone));
    }

    private sealed record CreatedUser(long Id, string UserName);
}
