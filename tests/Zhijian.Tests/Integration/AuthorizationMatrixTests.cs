using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Alerts;
using Zhijian.Web.Features.Corrections;
using Zhijian.Web.Features.Dues;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class AuthorizationMatrixTestsOnSqlite(SqliteApp app) : AuthorizationMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class AuthorizationMatrixTestsOnPostgres(PostgresApp app) : AuthorizationMatrixTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Every route under <c>/api</c> of the running application, called as every kind of caller, inside and outside
/// the subtree that holds the object. The routes come from the application's own endpoint list, so a new route
/// cannot be forgotten: a route without a row in <see cref="Table"/> fails the test.
/// <para>
/// <b>How to add a route.</b> Add one row to <see cref="Table"/>: the key is the method and the route pattern
/// without constraints (<c>POST /api/v1/orgs/{id}/move</c>); <see cref="Access"/> says who may call it (the
/// presets below); the function builds the concrete call (URL with ids filled from <see cref="World"/>, and a
/// body valid enough to pass validation). Ids of objects in tree A (inside) come from <see cref="World"/>; a
/// write that changes or uses up its object takes a fresh one when <c>fresh</c> is true (the caller is expected
/// to succeed), so that the rest of the run still finds the shared objects as they were. Where one kind of
/// caller is expected to behave differently from the preset, say so in <c>except</c> with a comment why.
/// </para>
/// </summary>
public abstract class AuthorizationMatrixTests(AppFixture app)
{
    /// <summary>The kinds of caller. Outsiders hold roles in tree B and call for objects of tree A.</summary>
    public enum Caller
    {
        Anonymous,
        Member,
        ObserverOutside,
        OrgAdminOutside,
        ObserverInside,
        OrgAdminInside,
        SystemAdmin,
    }

    /// <summary>What a caller must get.</summary>
    public enum Expect
    {
        /// <summary>2xx.</summary>
        Success,

        /// <summary>Not 401/403/404 and not 5xx (a 400 or 409 for the caller's own state is fine).</summary>
        Allowed,

        /// <summary>Anything but 401 or 5xx (a signed-in caller the route is not about, e.g. an admin on /me).</summary>
        Answered,

        /// <summary>Exactly 404: existence outside the caller's sight is not revealed.</summary>
        NotFound,

        /// <summary>Exactly 403: a read-only or insufficient role.</summary>
        Forbidden,

        /// <summary>403 or 404.</summary>
        Denied,

        /// <summary>403/404, or 2xx without any data of tree A in the body.</summary>
        NoLeak,

        /// <summary>403/404, or 2xx that did nothing (<c>done</c>/<c>created</c> 0) for batch routes that report per item.</summary>
        NothingDone,

        /// <summary>Exactly 401.</summary>
        Unauthorized,
    }

    /// <summary>Who may call a route: each preset gives every caller an expectation.</summary>
    public enum Access
    {
        /// <summary>Anyone, signed in or not (listed explicitly: token endpoint, payment notifications ...).</summary>
        Anonymous,

        /// <summary>Any signed-in caller, not scoped to an organization (templates, code tables, own account).</summary>
        Authenticated,

        /// <summary>The caller's own record (/me, mine): the member succeeds; others get an answer about themselves.</summary>
        Self,

        /// <summary>Reads an object or a report of tree A by id.</summary>
        ScopedRead,

        /// <summary>Changes an object of tree A (or creates one there); observers 403.</summary>
        ScopedWrite,

        /// <summary>A list filtered to tree A by a query parameter: outsiders get 404 or a list without tree A's data.</summary>
        ScopedList,

        /// <summary>System administrators only.</summary>
        SystemAdmin,
    }

    /// <summary>One concrete request.</summary>
    public sealed record Call(string Url, object? Json = null, Func<HttpContent>? Content = null);

    /// <summary>A row of the matrix.</summary>
    public sealed record Row(Access Access, Func<World, bool, Task<Call>> Make, IReadOnlyDictionary<Caller, Expect>? Except = null);

    private static Row R(Access access, Func<World, bool, Task<Call>> make, params (Caller, Expect)[] except) =>
        new(access, make, except.Length == 0 ? null : except.ToDictionary(e => e.Item1, e => e.Item2));

    private static Row R(Access access, Func<World, Call> make, params (Caller, Expect)[] except) =>
        R(access, (w, _) => Task.FromResult(make(w)), except);

    private static string Today => People.Today.ToString("yyyy-MM-dd");

    /// <summary>Every route of the application under /api, by "METHOD pattern". Keep it in the order of the features.</summary>
    private static readonly Dictionary<string, Row> Table = new()
    {
        // Auth and accounts. The password change uses a wrong current password: a real change would end the
        // caller's tokens (sessions item) and break the rest of the run; the route is reached all the same.
        ["POST /api/v1/auth/token"] = R(Access.Anonymous, _ => new Call("/api/v1/auth/token",
            new { userName = AppFixture.AdminUser, password = AppFixture.Password })),
        ["GET /api/v1/auth/me"] = R(Access.Authenticated, _ => new Call("/api/v1/auth/me")),
        ["POST /api/v1/auth/password"] = R(Access.Self, _ => new Call("/api/v1/auth/password",
            new { currentPassword = "not-the-password-1", newPassword = "Another-Passw0rd-2" }), (Caller.Member, Expect.Allowed)),
        // Any orgAdmin may create an account (without a person); observers and members may not.
        // Sign-out ends every session of the caller: it runs after every other route (EndsSessions).
        ["POST /api/v1/auth/logout"] = R(Access.Authenticated, _ => new Call("/api/v1/auth/logout")),
        ["GET /api/v1/auth/antiforgery"] = R(Access.Authenticated, _ => new Call("/api/v1/auth/antiforgery")),
        // Two-factor sign-in of the caller's own account: status and a new (not yet enabled) key for everyone; enabling,
        // disabling and new recovery codes with a wrong code are refused with a 400/409, never 401/403/404.
        ["GET /api/v1/auth/two-factor"] = R(Access.Authenticated, _ => new Call("/api/v1/auth/two-factor")),
        ["POST /api/v1/auth/two-factor/setup"] = R(Access.Authenticated, _ => new Call("/api/v1/auth/two-factor/setup")),
        ["POST /api/v1/auth/two-factor/enable"] = R(Access.Self, _ => new Call("/api/v1/auth/two-factor/enable",
            new { code = "000000" }), (Caller.Member, Expect.Allowed)),
        ["POST /api/v1/auth/two-factor/disable"] = R(Access.Self, _ => new Call("/api/v1/auth/two-factor/disable",
            new { code = "000000" }), (Caller.Member, Expect.Allowed)),
        ["POST /api/v1/auth/two-factor/recovery-codes"] = R(Access.Self, _ => new Call("/api/v1/auth/two-factor/recovery-codes",
            new { code = "000000" }), (Caller.Member, Expect.Allowed)),
        ["POST /api/v1/users"] = R(Access.ScopedWrite, _ => new Call("/api/v1/users",
                new { userName = "mx-" + TestData.Unique(), password = AppFixture.Password }),
            (Caller.OrgAdminOutside, Expect.Success), (Caller.ObserverOutside, Expect.Forbidden), (Caller.Member, Expect.Forbidden)),
        ["POST /api/v1/users/{id}/roles"] = R(Access.ScopedWrite, async (w, _) =>
                new Call($"/api/v1/users/{await w.UserAsync(null)}/roles", new { role = "observer", orgId = w.BranchA.Id }),
            (Caller.ObserverOutside, Expect.Denied)),
        ["DELETE /api/v1/users/{id}/roles"] = R(Access.ScopedWrite, async (w, _) =>
                new Call($"/api/v1/users/{await w.UserAsync(w.BranchA.Id)}/roles", new { role = "observer", orgId = w.BranchA.Id }),
            (Caller.ObserverOutside, Expect.Denied)),

        // Organizations.
        ["GET /api/v1/orgs"] = R(Access.ScopedList, w => new Call($"/api/v1/orgs?parentId={w.RootA.Id}")),
        ["GET /api/v1/orgs/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}")),
        ["GET /api/v1/orgs/{id}/children"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/children")),
        ["POST /api/v1/orgs"] = R(Access.ScopedWrite, w => new Call("/api/v1/orgs", w.NewBranchBody(w.RootA.Id))),
        ["PATCH /api/v1/orgs/{id}"] = R(Access.ScopedWrite, w => new Call($"/api/v1/orgs/{w.BranchA.Id}", new { unitName = w.Tag + "单位" })),
        ["POST /api/v1/orgs/{id}/move"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/orgs/{(fresh ? await w.BranchAsync() : w.SpareA.Id)}/move", new { newParentId = w.SubA.Id })),
        ["POST /api/v1/orgs/{id}/merge"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/orgs/{(fresh ? await w.BranchAsync() : w.SpareA.Id)}/merge", new { intoId = w.BranchA2.Id })),
        ["POST /api/v1/orgs/{id}/dissolve"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/orgs/{(fresh ? await w.BranchAsync() : w.SpareA.Id)}/dissolve", new { reason = "撤销" })),
        ["GET /api/v1/orgs/{id}/stats"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/stats")),
        ["POST /api/v1/orgs/{id}/stats/rollup"] = R(Access.SystemAdmin, w => new Call($"/api/v1/orgs/{w.RootA.Id}/stats/rollup")),
        ["POST /api/v1/stats/rollups/refresh"] = R(Access.SystemAdmin, _ => new Call("/api/v1/stats/rollups/refresh")),
        ["GET /api/v1/orgs/{id}/completeness"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/completeness")),

        // Members.
        ["GET /api/v1/members"] = R(Access.ScopedList, w => new Call($"/api/v1/members?orgId={w.RootA.Id}&subtree=true")),
        ["GET /api/v1/members/duplicates"] = R(Access.ScopedList, w => new Call($"/api/v1/members/duplicates?orgId={w.RootA.Id}")),
        ["GET /api/v1/members/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/members/{w.MemberA.Id}")),
        ["POST /api/v1/members"] = R(Access.ScopedWrite, w => new Call("/api/v1/members", w.NewMemberBody())),
        ["PATCH /api/v1/members/{id}"] = R(Access.ScopedWrite, w => new Call($"/api/v1/members/{w.MemberA.Id}",
            new { person = new { workUnit = w.Tag + "单位" } })),
        ["POST /api/v1/members/{id}/reveal"] = R(Access.ScopedWrite, w => new Call($"/api/v1/members/{w.MemberA.Id}/reveal", new { reason = "核对" })),
        ["POST /api/v1/members/{id}/end"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/members/{(fresh ? await w.MemberAsync() : w.MemberA.Id)}/end", new { reason = "left", on = Today })),
        ["GET /api/v1/members/{id}/history"] = R(Access.ScopedRead, w => new Call($"/api/v1/members/{w.MemberA.Id}/history")),

        // Import and export: the template itself is a valid (empty) import.
        ["GET /api/v1/templates/members.xlsx"] = R(Access.Authenticated, _ => new Call("/api/v1/templates/members.xlsx")),
        // The template alone holds no data row: a caller with the right reaches the importer, which refuses it with a 400.
        ["POST /api/v1/orgs/{id}/imports/members"] = R(Access.ScopedWrite, w => new Call($"/api/v1/orgs/{w.RootA.Id}/imports/members",
            Content: () => Multipart(w.Template, "members.xlsx")), (Caller.OrgAdminInside, Expect.Allowed), (Caller.SystemAdmin, Expect.Allowed)),
        ["GET /api/v1/orgs/{id}/members.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/members.xlsx")),
        ["GET /api/v1/orgs/{id}/roster.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.BranchA.Id}/roster.xlsx")),
        ["GET /api/v1/orgs/{id}/stats.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/stats.xlsx")),

        // Cadres.
        ["GET /api/v1/orgs/{id}/positions"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.BranchA.Id}/positions")),
        ["POST /api/v1/orgs/{id}/positions"] = R(Access.ScopedWrite, async (w, fresh) => new Call($"/api/v1/orgs/{w.BranchA.Id}/positions",
            new { memberId = fresh ? await w.MemberAsync() : w.MemberA.Id, post = "member", startedOn = Today })),
        ["GET /api/v1/positions/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/positions/{w.PositionA}")),
        ["PATCH /api/v1/positions/{id}"] = R(Access.ScopedWrite, w => new Call($"/api/v1/positions/{w.PositionA}", new { fullTime = true })),
        ["POST /api/v1/positions/{id}/end"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/positions/{(fresh ? await w.PositionAsync() : w.PositionA)}/end", new { on = Today, reason = "调离" })),

        // Rules: the added row repeats the default, so nothing else in the run changes.
        ["GET /api/v1/rules"] = R(Access.Authenticated, _ => new Call("/api/v1/rules")),
        ["POST /api/v1/rules"] = R(Access.SystemAdmin, _ => new Call("/api/v1/rules",
            new { system = "league", key = "transfer.letterValidDays", effectiveFrom = Today, value = "30", source = "授权矩阵测试" })),

        // Audit.
        ["GET /api/v1/audit"] = R(Access.ScopedList, w => new Call($"/api/v1/audit?orgId={w.BranchA.Id}")),
        ["GET /api/v1/audit/verify"] = R(Access.SystemAdmin, _ => new Call("/api/v1/audit/verify")),

        // Meetings. Signing in is personal: only an invitee (the member) can; anyone else is told "not found".
        ["GET /api/v1/meetings/types"] = R(Access.Authenticated, _ => new Call("/api/v1/meetings/types?system=league")),
        ["GET /api/v1/meetings"] = R(Access.ScopedList, w => new Call($"/api/v1/meetings?orgId={w.RootA.Id}&subtree=true")),
        ["POST /api/v1/meetings"] = R(Access.ScopedWrite, w => new Call("/api/v1/meetings",
            new { orgId = w.BranchA.Id, type = "lecture", date = Today, place = "活动室", host = "书记", topic = w.Tag })),
        ["GET /api/v1/meetings/mine"] = R(Access.Self, _ => new Call("/api/v1/meetings/mine")),
        ["GET /api/v1/meetings/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/meetings/{w.MeetingA}")),
        ["POST /api/v1/meetings/{id}/record"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/meetings/{(fresh ? await w.MeetingAsync() : w.MeetingA)}/record", new { heldOn = Today, minutes = "记录" })),
        ["POST /api/v1/meetings/{id}/corrections"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/meetings/{(fresh ? await w.MeetingAsync(recorded: true) : w.RecordedMeetingA)}/corrections",
                new { heldOn = Today, minutes = "更正", reason = "笔误" })),
        ["POST /api/v1/meetings/{id}/attachments"] = R(Access.ScopedWrite, w => new Call($"/api/v1/meetings/{w.MeetingA}/attachments",
            Content: () => Multipart("%PDF-1.4 矩阵"u8.ToArray(), "讲稿.pdf"))),
        ["GET /api/v1/meetings/{id}/attachments/{attachmentId}"] = R(Access.ScopedRead, w =>
            new Call($"/api/v1/meetings/{w.MeetingA}/attachments/{w.AttachmentA}")),
        ["POST /api/v1/meetings/{id}/sign-in"] = R(Access.Self, w => new Call($"/api/v1/meetings/{w.MeetingA}/sign-in"),
            (Caller.Member, Expect.Success), (Caller.ObserverOutside, Expect.NotFound), (Caller.OrgAdminOutside, Expect.NotFound),
            (Caller.ObserverInside, Expect.NotFound), (Caller.OrgAdminInside, Expect.NotFound), (Caller.SystemAdmin, Expect.NotFound)),
        // The sign-in QR code carries the meeting's secret: writers only.
        ["GET /api/v1/meetings/{id}/sign-in.png"] = R(Access.ScopedWrite, w => new Call($"/api/v1/meetings/{w.MeetingA}/sign-in.png")),
        ["GET /api/v1/orgs/{id}/meeting-compliance"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/meeting-compliance")),
        ["GET /api/v1/orgs/{id}/meeting-compliance.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/meeting-compliance.xlsx")),

        // Alerts.
        ["GET /api/v1/alerts"] = R(Access.ScopedList, w => new Call($"/api/v1/alerts?orgId={w.RootA.Id}")),
        ["GET /api/v1/alerts/summary"] = R(Access.ScopedList, w => new Call($"/api/v1/alerts/summary?orgId={w.RootA.Id}")),
        ["GET /api/v1/alerts/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/alerts/{w.AlertA}")),
        ["POST /api/v1/alerts/{id}/resolve"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/alerts/{(fresh ? await w.AlertAsync() : w.AlertA)}/resolve", new { reason = "已处理" })),
        ["POST /api/v1/alerts/{id}/dismiss"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/alerts/{(fresh ? await w.AlertAsync() : w.AlertA)}/dismiss", new { reason = "不适用" })),
        ["POST /api/v1/alerts/scan"] = R(Access.SystemAdmin, _ => new Call("/api/v1/alerts/scan")),
        ["GET /api/v1/alerts/runs/last"] = R(Access.SystemAdmin, _ => new Call("/api/v1/alerts/runs/last")),

        // Corrections.
        ["POST /api/v1/me/corrections"] = R(Access.Self, _ => new Call("/api/v1/me/corrections", new { field = "workUnit", value = "某某公司" }),
            (Caller.Member, Expect.Success)),
        ["GET /api/v1/me/corrections"] = R(Access.Self, _ => new Call("/api/v1/me/corrections"), (Caller.Member, Expect.Success)),
        ["GET /api/v1/orgs/{id}/corrections"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/corrections")),
        ["GET /api/v1/corrections/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/corrections/{w.CorrectionA}")),
        ["POST /api/v1/corrections/{id}/resolve"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/corrections/{(fresh ? await w.CorrectionAsync() : w.CorrectionA)}/resolve", new { note = "已更正" })),
        ["POST /api/v1/corrections/{id}/reject"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/corrections/{(fresh ? await w.CorrectionAsync() : w.CorrectionA)}/reject", new { note = "无误" })),
        ["POST /api/v1/corrections/{id}/reveal"] = R(Access.ScopedWrite, w => new Call($"/api/v1/corrections/{w.CorrectionA}/reveal", new { reason = "核对" })),
        ["POST /api/v1/corrections/{id}/apply"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/corrections/{(fresh ? await w.CorrectionAsync() : w.CorrectionA)}/apply")),

        // Transfers: all inside tree A (branch A → branch A2), so tree B has no part in any of them.
        ["POST /api/v1/transfers"] = R(Access.ScopedWrite, async (w, fresh) => new Call("/api/v1/transfers",
            new { memberId = fresh ? await w.MemberAsync() : w.MemberA.Id, toOrgId = w.BranchA2.Id, reason = "work" })),
        ["GET /api/v1/transfers"] = R(Access.ScopedList, w => new Call($"/api/v1/transfers?orgId={w.RootA.Id}")),
        ["GET /api/v1/transfers/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/transfers/{w.TransferA}")),
        ["POST /api/v1/transfers/{id}/approve"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/transfers/{(fresh ? await w.TransferAsync() : w.TransferA)}/approve", new { note = "同意" })),
        ["POST /api/v1/transfers/{id}/accept"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/transfers/{(fresh ? await w.TransferAsync(approved: true) : w.ApprovedTransferA)}/accept", new { note = "接收" })),
        ["POST /api/v1/transfers/{id}/reject"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/transfers/{(fresh ? await w.TransferAsync() : w.TransferA)}/reject", new { note = "材料不全" })),
        ["POST /api/v1/transfers/{id}/cancel"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/transfers/{(fresh ? await w.TransferAsync() : w.TransferA)}/cancel", new { note = "不转了" })),
        ["POST /api/v1/transfers/{id}/receipt"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/transfers/{(fresh ? await w.TransferAsync(approved: true, outside: true) : w.OutsideTransferA)}/receipt",
                new { receivedOn = Today })),
        ["GET /api/v1/transfers/{id}/letter.pdf"] = R(Access.ScopedRead, w => new Call($"/api/v1/transfers/{w.OutsideTransferA}/letter.pdf")),
        // Batches report per item: outsiders and observers may get 200 with every item failed, never one done.
        ["POST /api/v1/transfers/decisions"] = R(Access.ScopedWrite, async (w, fresh) => new Call("/api/v1/transfers/decisions",
                new { action = "approve", items = new[] { new { id = fresh ? await w.TransferAsync() : w.TransferA } }, note = "同意" }),
            (Caller.Member, Expect.NothingDone), (Caller.ObserverOutside, Expect.NothingDone), (Caller.OrgAdminOutside, Expect.NothingDone),
            (Caller.ObserverInside, Expect.NothingDone)),
        ["POST /api/v1/transfers/batch"] = R(Access.ScopedWrite, async (w, fresh) => new Call("/api/v1/transfers/batch",
                new { memberIds = new[] { fresh ? await w.MemberAsync() : w.MemberA.Id }, toOrgId = w.BranchA2.Id, reason = "graduation" }),
            (Caller.Member, Expect.NothingDone), (Caller.ObserverOutside, Expect.NothingDone), (Caller.OrgAdminOutside, Expect.NothingDone),
            (Caller.ObserverInside, Expect.NothingDone)),
        // Destinations answer names only, anywhere in the system: members choose where to transfer to.
        ["GET /api/v1/transfers/destinations"] = R(Access.Authenticated, _ => new Call("/api/v1/transfers/destinations?system=league&q=x")),
        ["GET /api/v1/transfers/mine"] = R(Access.Self, _ => new Call("/api/v1/transfers/mine"), (Caller.Member, Expect.Success)),
        ["POST /api/v1/transfer-reports/run"] = R(Access.SystemAdmin, _ => new Call("/api/v1/transfer-reports/run")),
        ["GET /api/v1/orgs/{id}/transfer-stats"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/transfer-stats")),
        ["GET /api/v1/orgs/{id}/transfer-reports"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/transfer-reports")),
        ["GET /api/v1/orgs/{id}/transfer-stats.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/transfer-stats.xlsx")),

        // Evaluations and registration (教育评议 / 团籍注册).
        ["POST /api/v1/orgs/{id}/evaluations"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/orgs/{(fresh ? await CycleMatrix.BranchWithMemberAsync(w) : w.BranchA2.Id)}/evaluations", new { year = People.Today.Year })),
        ["GET /api/v1/orgs/{id}/evaluations"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/evaluations?subtree=true")),
        ["GET /api/v1/evaluations/{id}"] = R(Access.ScopedRead, async (w, _) => new Call($"/api/v1/evaluations/{(await CycleMatrix.EvaluationAsync(w)).Id}")),
        ["PUT /api/v1/evaluations/{id}/results"] = R(Access.ScopedWrite, async (w, fresh) =>
        {
            var e = await CycleMatrix.EvaluationAsync(w, fresh);
            return new Call($"/api/v1/evaluations/{e.Id}/results", CycleMatrix.Results(e));
        }),
        ["POST /api/v1/evaluations/{id}/close"] = R(Access.ScopedWrite, async (w, fresh) =>
        {
            var e = await CycleMatrix.EvaluationAsync(w, fresh);
            if (fresh)
            {
                (await w.Admin.PutAsJsonAsync($"/api/v1/evaluations/{e.Id}/results", CycleMatrix.Results(e), Api.Json)).EnsureSuccessStatusCode();
            }

            return new Call($"/api/v1/evaluations/{e.Id}/close");
        }),
        ["POST /api/v1/orgs/{id}/registrations"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/orgs/{(fresh ? await CycleMatrix.ClosedBranchAsync(w) : w.BranchA.Id)}/registrations", new { year = People.Today.Year })),
        ["GET /api/v1/orgs/{id}/registration-stats"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/registration-stats")),
        ["GET /api/v1/orgs/{id}/unregistered"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/unregistered?subtree=true")),

        // Terms and elections (换届).
        ["POST /api/v1/orgs/{id}/elections"] = R(Access.ScopedWrite, async (w, _) =>
        {
            var (branch, body) = await CycleMatrix.ElectionAsync(w);
            return new Call($"/api/v1/orgs/{branch}/elections", body);
        }),
        ["GET /api/v1/orgs/{id}/elections"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/elections")),
        ["POST /api/v1/orgs/{id}/term-extensions"] = R(Access.ScopedWrite, async (w, _) =>
            new Call($"/api/v1/orgs/{(await CycleMatrix.ElectedBranchAsync(w)).Branch}/term-extensions",
                new { months = 1, approvedOn = Today, reason = "上级批准" })),
        ["GET /api/v1/orgs/{id}/term"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/term")),
        ["GET /api/v1/orgs/{id}/terms"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/terms?subtree=true")),
        // The superiors' boards and exports (issue 17).
        ["GET /api/v1/orgs/{id}/evaluations/board"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/evaluations/board?status=notStarted")),
        ["GET /api/v1/orgs/{id}/evaluations/board.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/evaluations/board.xlsx")),
        ["GET /api/v1/orgs/{id}/registration-stats.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/registration-stats.xlsx")),
        ["GET /api/v1/orgs/{id}/terms.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/terms.xlsx")),
        // Development (League records of branch A; 推优 recommends tree A's members to a party branch outside it).
        // The organization comes in the body (writer policy): an observer anywhere is refused before the body is read.
        ["POST /api/v1/development"] = R(Access.ScopedWrite, w => new Call("/api/v1/development", w.NewApplicantBody()),
            (Caller.ObserverOutside, Expect.Denied)),
        ["GET /api/v1/development"] = R(Access.ScopedList, w => new Call($"/api/v1/development?orgId={w.RootA.Id}&subtree=true")),
        ["GET /api/v1/development/mine"] = R(Access.Self, _ => new Call("/api/v1/development/mine"), (Caller.Member, Expect.Success)),
        ["GET /api/v1/development/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/development/{w.DevelopmentA}")),
        ["POST /api/v1/development/{id}/advance"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/development/{(fresh ? await w.DevelopmentAsync() : w.DevelopmentA)}/advance", new { to = "activist", on = Today })),
        ["POST /api/v1/development/{id}/check"] = R(Access.ScopedWrite, w =>
            new Call($"/api/v1/development/{w.DevelopmentA}/check", new { to = "activist", on = Today })),
        ["POST /api/v1/development/{id}/close"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/development/{(fresh ? await w.DevelopmentAsync() : w.DevelopmentA)}/close", new { reason = "撤回申请", on = Today })),
        ["POST /api/v1/development/recommendations"] = R(Access.ScopedWrite, async (w, fresh) => new Call("/api/v1/development/recommendations",
            new { memberIds = new[] { fresh ? await w.MemberAsync() : w.MemberA.Id }, toOrgId = w.PartyBranch.Id, on = Today }),
            (Caller.ObserverOutside, Expect.Denied)),
        ["GET /api/v1/orgs/{id}/development-stats"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/development-stats")),
        // The branch vote is for a party candidate: on the world's League applicant the writers inside get 409 (the
        // route is reached and the record's state refuses it), everyone else what any scoped write gets.
        ["POST /api/v1/development/{id}/vote"] = R(Access.ScopedWrite, w =>
                new Call($"/api/v1/development/{w.DevelopmentA}/vote", new { on = Today, courseHours = 24 }),
            (Caller.OrgAdminInside, Expect.Allowed), (Caller.SystemAdmin, Expect.Allowed)),
        ["GET /api/v1/orgs/{id}/development.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/development.xlsx")),
        // Dues (党费 / 团费). Payments name their lines in the body (writer policy): an observer anywhere is 403.
        ["GET /api/v1/members/{id}/dues-profile"] = R(Access.ScopedRead, w => new Call($"/api/v1/members/{w.MemberA.Id}/dues-profile")),
        ["PUT /api/v1/members/{id}/dues-profile"] = R(Access.ScopedWrite, w => new Call($"/api/v1/members/{w.MemberA.Id}/dues-profile",
            new { category = "student", effectiveFrom = Today[..7] })),
        ["POST /api/v1/orgs/{id}/dues/months/{month}/generate"] = R(Access.ScopedWrite, w =>
            new Call($"/api/v1/orgs/{w.BranchA.Id}/dues/months/{Today[..7]}/generate")),
        ["GET /api/v1/dues"] = R(Access.ScopedList, w => new Call($"/api/v1/dues?orgId={w.RootA.Id}&subtree=true")),
        ["POST /api/v1/dues/payments"] = R(Access.ScopedWrite, async (w, fresh) => new Call("/api/v1/dues/payments",
                new { lineIds = new[] { fresh ? await w.DuesLineAsync() : w.DuesLineA }, method = "cash", paidOn = Today }),
            (Caller.ObserverOutside, Expect.Denied)),
        ["POST /api/v1/dues/{id}/waive"] = R(Access.ScopedWrite, async (w, fresh) =>
            new Call($"/api/v1/dues/{(fresh ? await w.DuesLineAsync() : w.DuesLineA)}/waive", new { reason = "生活困难" })),
        ["GET /api/v1/dues/payments/{id}/receipt.pdf"] = R(Access.ScopedRead, w => new Call($"/api/v1/dues/payments/{w.DuesPaymentA}/receipt.pdf")),
        ["GET /api/v1/orgs/{id}/dues-report"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/dues-report")),
        // The payroll imports: the empty template is a 400 for those who may import (nothing to write), 403/404 for the others.
        ["POST /api/v1/orgs/{id}/imports/dues-bases"] = R(Access.ScopedWrite, w => new Call($"/api/v1/orgs/{w.RootA.Id}/imports/dues-bases",
            Content: () => Multipart(DuesWorkbooks.BasesTemplate(), "bases.xlsx")), (Caller.OrgAdminInside, Expect.Allowed), (Caller.SystemAdmin, Expect.Allowed)),
        ["POST /api/v1/orgs/{id}/imports/dues-payments"] = R(Access.ScopedWrite, w => new Call($"/api/v1/orgs/{w.RootA.Id}/imports/dues-payments",
            Content: () => Multipart(DuesWorkbooks.PaymentsTemplate(), "payroll.xlsx")), (Caller.OrgAdminInside, Expect.Allowed), (Caller.SystemAdmin, Expect.Allowed)),
        ["GET /api/v1/orgs/{id}/imports/dues-bases/template"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/imports/dues-bases/template")),
        ["GET /api/v1/orgs/{id}/imports/dues-payments/template"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/imports/dues-payments/template")),
        ["GET /api/v1/orgs/{id}/dues-report.xlsx"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/dues-report.xlsx")),
        ["GET /api/v1/me/dues"] = R(Access.Self, _ => new Call("/api/v1/me/dues"), (Caller.Member, Expect.Success)),
        ["POST /api/v1/me/dues/checkout"] = R(Access.Self, w => new Call("/api/v1/me/dues/checkout", new { lineIds = new[] { w.SelfDuesLineA } }),
            (Caller.Member, Expect.Success)),
        // A provider's signed notification, the same one for every caller: it pays once, then answers 200 again.
        ["POST /api/v1/payments/{provider}/notify"] = R(Access.Anonymous, w => new Call("/api/v1/payments/sandbox/notify", Content: () =>
            new StringContent(w.SandboxNotice, System.Text.Encoding.UTF8, "application/json"))),
        // Notices, talks and the mailbox. Reading and the inbox are personal: non-recipients are told "not found".
        // The writer policy (organization in the body) refuses a caller who may write nowhere with 403 before any lookup.
        ["POST /api/v1/notices"] = R(Access.ScopedWrite, w => new Call("/api/v1/notices", new { orgId = w.BranchA.Id, title = w.Tag + "通知", body = "矩阵" })),
        ["GET /api/v1/notices"] = R(Access.ScopedList, w => new Call($"/api/v1/notices?orgId={w.RootA.Id}&subtree=true")),
        ["GET /api/v1/notices/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/notices/{w.NoticeA}")),
        ["GET /api/v1/notices/{id}/receipts"] = R(Access.ScopedRead, w => new Call($"/api/v1/notices/{w.NoticeA}/receipts?state=unread")),
        ["POST /api/v1/notices/{id}/remind"] = R(Access.ScopedWrite, w => new Call($"/api/v1/notices/{w.NoticeA}/remind")),
        ["POST /api/v1/notices/{id}/attachments"] = R(Access.ScopedWrite, w => new Call($"/api/v1/notices/{w.NoticeA}/attachments",
            Content: () => Multipart("%PDF-1.4 通知"u8.ToArray(), "通知.pdf"))),
        ["GET /api/v1/notices/{id}/attachments/{attachmentId}"] = R(Access.ScopedRead, w =>
            new Call($"/api/v1/notices/{w.NoticeA}/attachments/{w.NoticeAttachmentA}")),
        ["GET /api/v1/me/notices"] = R(Access.Self, _ => new Call("/api/v1/me/notices")),
        ["POST /api/v1/me/notices/{id}/read"] = R(Access.Self, w => new Call($"/api/v1/me/notices/{w.NoticeA}/read")),
        ["GET /api/v1/me/notices/{id}/attachments/{attachmentId}"] = R(Access.Self, w =>
            new Call($"/api/v1/me/notices/{w.NoticeA}/attachments/{w.NoticeAttachmentA}")),
        ["POST /api/v1/talks"] = R(Access.ScopedWrite, w => new Call("/api/v1/talks",
            new { orgId = w.BranchA.Id, personIds = new[] { w.SelfA.Person.Id }, on = Today, summary = "谈心" })),
        ["GET /api/v1/talks"] = R(Access.ScopedList, w => new Call($"/api/v1/talks?orgId={w.RootA.Id}&subtree=true")),
        ["GET /api/v1/orgs/{id}/talk-compliance"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/talk-compliance")),
        ["POST /api/v1/me/mailbox"] = R(Access.Self, w => new Call("/api/v1/me/mailbox", new { toOrgId = w.BranchA.Id, subject = "建议", body = "矩阵" })),
        ["GET /api/v1/me/mailbox"] = R(Access.Self, _ => new Call("/api/v1/me/mailbox")),
        ["GET /api/v1/me/mailbox/targets"] = R(Access.Self, _ => new Call("/api/v1/me/mailbox/targets")),
        ["POST /api/v1/me/mailbox/lookup"] = R(Access.Self, w => new Call("/api/v1/me/mailbox/lookup", new { code = w.LetterCodeA })),
        // The mailbox is for the organization's administrators: observers are refused.
        ["GET /api/v1/orgs/{id}/mailbox"] = R(Access.ScopedWrite, w => new Call($"/api/v1/orgs/{w.BranchA.Id}/mailbox")),
        ["POST /api/v1/mailbox/{id}/reply"] = R(Access.ScopedWrite, w => new Call($"/api/v1/mailbox/{w.LetterA}/reply", new { body = "已阅" })),
        // Learning and training. A course's material is also the member's (a course of the root reaches branch A). Writes whose
        // organization comes in the body declare the writer policy: an observer anywhere is refused with 403 before the scope.
        ["POST /api/v1/courses"] = R(Access.ScopedWrite, w => new Call("/api/v1/courses", new { orgId = w.RootA.Id, title = w.Tag + "课程", kind = "text", hours = 1 }), (Caller.ObserverOutside, Expect.Denied)),
        ["GET /api/v1/courses"] = R(Access.ScopedList, w => new Call($"/api/v1/courses?orgId={w.RootA.Id}&subtree=true")),
        ["POST /api/v1/courses/{id}/materials"] = R(Access.ScopedWrite, w => new Call($"/api/v1/courses/{w.CourseA}/materials",
            Content: () => Multipart("%PDF-1.4 矩阵"u8.ToArray(), "课件.pdf"))),
        ["GET /api/v1/courses/{id}/material"] = R(Access.ScopedRead, w => new Call($"/api/v1/courses/{w.CourseA}/material"), (Caller.Member, Expect.Success)),
        ["GET /api/v1/me/courses"] = R(Access.Self, _ => new Call("/api/v1/me/courses")),
        ["POST /api/v1/me/courses/{id}/progress"] = R(Access.Self, w => new Call($"/api/v1/me/courses/{w.CourseA}/progress", new { seconds = 60 })),
        ["POST /api/v1/trainings"] = R(Access.ScopedWrite, w => new Call("/api/v1/trainings", new
        {
            orgId = w.RootA.Id,
            title = w.Tag + "培训班",
            startOn = Today,
            endOn = Today,
            hours = 2,
            personIds = new[] { w.MemberA.Person.Id },
        }), (Caller.ObserverOutside, Expect.Denied)),
        ["GET /api/v1/trainings"] = R(Access.ScopedList, w => new Call($"/api/v1/trainings?orgId={w.RootA.Id}&subtree=true")),
        ["GET /api/v1/trainings/{id}"] = R(Access.ScopedRead, w => new Call($"/api/v1/trainings/{w.TrainingA}")),
        ["POST /api/v1/trainings/{id}/attendance"] = R(Access.ScopedWrite, w => new Call($"/api/v1/trainings/{w.TrainingA}/attendance",
            new { records = new[] { new { personId = w.MemberA.Person.Id, hours = 1 } } })),
        ["GET /api/v1/orgs/{id}/study-stats"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/study-stats")),

        // Libraries.
        ["POST /api/v1/honors"] = R(Access.ScopedWrite, w => new Call("/api/v1/honors",
            new { orgId = w.RootA.Id, title = w.Tag + "荣誉", level = "unit", awardedOn = Today, issuer = "本单位" }), (Caller.ObserverOutside, Expect.Denied)),
        ["GET /api/v1/honors"] = R(Access.ScopedList, w => new Call($"/api/v1/honors?orgId={w.RootA.Id}&subtree=true")),
        ["POST /api/v1/archives"] = R(Access.ScopedWrite, w => new Call("/api/v1/archives", Content: () => w.ArchiveForm()),
            (Caller.ObserverOutside, Expect.Denied)),
        ["GET /api/v1/archives"] = R(Access.ScopedList, w => new Call($"/api/v1/archives?orgId={w.RootA.Id}&subtree=true&q={Uri.EscapeDataString(w.Tag)}")),
        ["GET /api/v1/archives/{id}/file"] = R(Access.ScopedRead, w => new Call($"/api/v1/archives/{w.ArchiveA}/file")),
        ["POST /api/v1/orgs/{id}/reserve-cadres"] = R(Access.ScopedWrite, w => new Call($"/api/v1/orgs/{w.RootA.Id}/reserve-cadres",
            new { memberId = w.MemberA.Id, forPost = "委员" + TestData.Unique(), since = Today })),
        ["GET /api/v1/orgs/{id}/reserve-cadres"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/reserve-cadres?subtree=true")),
        // Dues console and /me receipts (h-dues-console). The receipt is the member's own (another payment is 404: DuesTests).
        ["GET /api/v1/orgs/{id}/dues-profiles"] = R(Access.ScopedRead, w => new Call($"/api/v1/orgs/{w.RootA.Id}/dues-profiles?missing=true")),
        ["POST /api/v1/orgs/{id}/dues-profiles/bulk"] = R(Access.ScopedWrite, async (w, fresh) => new Call($"/api/v1/orgs/{w.BranchA.Id}/dues-profiles/bulk",
            new { memberIds = new[] { fresh ? await w.MemberAsync() : w.MemberA.Id }, category = "student", effectiveFrom = Today[..7] })),
        ["GET /api/v1/me/dues/payments/{id}/receipt.pdf"] = R(Access.Self, w => new Call($"/api/v1/me/dues/payments/{w.DuesPaymentA}/receipt.pdf"),
            (Caller.Member, Expect.Answered)),
    };

    /// <summary>Routes that end the caller's sessions: they run last, when no other call needs the callers' tokens.</summary>
    private static readonly HashSet<string> EndsSessions = ["POST /api/v1/auth/logout"];

    private static readonly Dictionary<Access, Dictionary<Caller, Expect>> Presets = new()
    {
        [Access.Anonymous] = Enum.GetValues<Caller>().ToDictionary(c => c, _ => Expect.Success),
        [Access.Authenticated] = Signed(Expect.Success, Expect.Success, Expect.Success, Expect.Success, Expect.Success, Expect.Success),
        [Access.Self] = Signed(Expect.Success, Expect.Answered, Expect.Answered, Expect.Answered, Expect.Answered, Expect.Answered),
        [Access.ScopedRead] = Signed(Expect.Denied, Expect.NotFound, Expect.NotFound, Expect.Success, Expect.Success, Expect.Success),
        [Access.ScopedWrite] = Signed(Expect.Denied, Expect.NotFound, Expect.NotFound, Expect.Forbidden, Expect.Success, Expect.Success),
        [Access.ScopedList] = Signed(Expect.NoLeak, Expect.NoLeak, Expect.NoLeak, Expect.Success, Expect.Success, Expect.Success),
        [Access.SystemAdmin] = Signed(Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Expect.Success),
    };

    private static Dictionary<Caller, Expect> Signed(Expect member, Expect observerOut, Expect adminOut, Expect observerIn,
        Expect adminIn, Expect system) => new()
        {
            [Caller.Anonymous] = Expect.Unauthorized,
            [Caller.Member] = member,
            [Caller.ObserverOutside] = observerOut,
            [Caller.OrgAdminOutside] = adminOut,
            [Caller.ObserverInside] = observerIn,
            [Caller.OrgAdminInside] = adminIn,
            [Caller.SystemAdmin] = system,
        };

    [Fact]
    public async Task EveryApiRoute_AnswersEveryCaller_AsItsAccessSays()
    {
        var routes = ApiRoutes();
        var missing = routes.Where(r => !Table.ContainsKey(r)).ToList();
        missing.Should().BeEmpty("every route needs a row in AuthorizationMatrixTests.Table: "
            + string.Join("; ", missing.Select(m => $"add route {m} to the authorization matrix")));
        var stale = Table.Keys.Where(k => !routes.Contains(k)).ToList();
        stale.Should().BeEmpty("rows without a route in the application: remove them from the authorization matrix");

        var watch = Stopwatch.StartNew();
        var world = await World.BuildAsync(app);
        var violations = new List<string>();
        // Reads first, then writes; within a route the callers expected to fail go first, so that they meet the
        // shared objects as the world built them.
        foreach (var key in routes.OrderBy(k => EndsSessions.Contains(k) ? 2 : k.StartsWith("GET ", StringComparison.Ordinal) ? 0 : 1)
                     .ThenBy(k => k, StringComparer.Ordinal))
        {
            var row = Table[key];
            var method = new HttpMethod(key[..key.IndexOf(' ', StringComparison.Ordinal)]);
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var expect = row.Except is not null && row.Except.TryGetValue(caller, out var e) ? e : Presets[row.Access][caller];
                var fresh = expect is Expect.Success or Expect.Allowed or Expect.Answered;
                Call call;
                try
                {
                    call = await row.Make(world, fresh);
                }
                catch (Exception ex)
                {
                    violations.Add($"{key} as {caller}: the test could not prepare the call: {ex.Message}");
                    continue;
                }

                using var request = new HttpRequestMessage(method, call.Url)
                {
                    Content = call.Content?.Invoke() ?? (call.Json is null ? null : JsonContent.Create(call.Json, options: Api.Json)),
                };
                using var response = await world.Clients[caller].SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (Judge(expect, response, body, world.Tag) is { } why)
                {
                    violations.Add($"{key} as {caller} ({call.Url}): expected {expect}, got {(int)response.StatusCode} — {why}: "
                        + Shorten(body));
                }
            }
        }

        violations.Should().BeEmpty($"{violations.Count} authorization violations on {app.Provider} ({watch.Elapsed.TotalSeconds:0} s):\n"
            + string.Join("\n", violations));
    }

    /// <summary>"METHOD /pattern" of every endpoint under /api, constraints removed (<c>{id:long}</c> → <c>{id}</c>).</summary>
    private List<string> ApiRoutes()
    {
        var source = app.Factory.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: Normalize(e.RoutePattern.RawText ?? ""), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods))
            .Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Methods ?? ["ANY"]).Select(m => $"{m} {e.Pattern}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static string Normalize(string pattern)
    {
        var p = Regex.Replace(pattern, @"\{(\*{0,2}\w+)[^}]*\}", "{$1}");
        p = p.Length > 1 ? p.TrimEnd('/') : p;
        return p.StartsWith('/') ? p : "/" + p;
    }

    /// <summary>Null when the answer meets the expectation, else why not.</summary>
    private static string? Judge(Expect expect, HttpResponseMessage response, string body, string tag)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "a server error";
        }

        var ok = status is >= 200 and < 300;
        var denied = status is 403 or 404;
        return expect switch
        {
            Expect.Success => ok ? null : "the caller may do this",
            Expect.Allowed => status is 401 or 403 or 404 ? "the caller may do this" : null,
            Expect.Answered => status == 401 ? "a signed-in caller is not anonymous" : null,
            Expect.NotFound => status == 404 ? null : "outside the caller's sight the object must not exist",
            Expect.Forbidden => status == 403 ? null : "the caller's role may not do this",
            Expect.Denied => denied ? null : "the caller may not do this",
            Expect.NoLeak => denied || (ok && !body.Contains(tag, StringComparison.Ordinal)) ? null
                : ok ? "the list holds data of a subtree outside the caller's sight" : "expected 403, 404 or a list without it",
            Expect.NothingDone => denied || (ok && NothingDone(body)) ? null : "the caller changed something it may not",
            Expect.Unauthorized => status == 401 ? null : "anonymous callers must sign in",
            _ => "unknown expectation",
        };
    }

    private static bool NothingDone(string body)
    {
        using var doc = JsonDocument.Parse(body);
        foreach (var name in new[] { "done", "created" })
        {
            if (doc.RootElement.TryGetProperty(name, out var n) && n.GetInt32() != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private static MultipartFormDataContent Multipart(byte[] bytes, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return form;
    }

    /// <summary>
    /// The objects the matrix calls for: tree A (inside: its admins and observers hold roles on <see cref="RootA"/>)
    /// and tree B (outside: its admins and observers hold roles on B's root). Names in tree A carry <see cref="Tag"/>,
    /// so that a list answered to an outsider can be searched for it. Fresh objects are made as the system administrator.
    /// </summary>
    public sealed class World
    {
        private World(AppFixture app, HttpClient admin, string tag)
        {
            App = app;
            Admin = admin;
            Tag = tag;
        }

        public AppFixture App { get; }

        public HttpClient Admin { get; }

        /// <summary>Carried by every name of tree A.</summary>
        public string Tag { get; }

        public Dictionary<Caller, HttpClient> Clients { get; } = [];

        public OrganizationDto RootA { get; private set; } = default!;

        /// <summary>A committee inside A that organizations move to.</summary>
        public OrganizationDto SubA { get; private set; } = default!;

        public OrganizationDto BranchA { get; private set; } = default!;

        /// <summary>Where transfers and merges inside A go.</summary>
        public OrganizationDto BranchA2 { get; private set; } = default!;

        /// <summary>An empty branch that denied moves, merges and dissolutions name.</summary>
        public OrganizationDto SpareA { get; private set; } = default!;

        public OrganizationDto RootB { get; private set; } = default!;

        public MemberDto MemberA { get; private set; } = default!;

        /// <summary>The member whose account is the <see cref="Caller.Member"/> caller.</summary>
        public MemberDto SelfA { get; private set; } = default!;

        public long PositionA { get; private set; }

        public long MeetingA { get; private set; }

        public long RecordedMeetingA { get; private set; }

        public long AttachmentA { get; private set; }

        public long AlertA { get; private set; }

        public long CorrectionA { get; private set; }

        public long TransferA { get; private set; }

        public long ApprovedTransferA { get; private set; }

        public long OutsideTransferA { get; private set; }

        public long NoticeA { get; private set; }

        public long NoticeAttachmentA { get; private set; }

        public long LetterA { get; private set; }

        /// <summary>The reply code of an anonymous letter the member wrote.</summary>
        public string LetterCodeA { get; private set; } = "";

        public byte[] Template { get; private set; } = [];

        public long DevelopmentA { get; private set; }

        /// <summary>A party branch outside tree A (the destination of 推优).</summary>
        public OrganizationDto PartyBranch { get; private set; } = default!;
        public long CourseA { get; private set; }

        public long TrainingA { get; private set; }

        public long ArchiveA { get; private set; }

        /// <summary>An archive upload of tree A: a .txt whose text holds the world's tag.</summary>
        public MultipartFormDataContent ArchiveForm()
        {
            var form = Multipart(System.Text.Encoding.UTF8.GetBytes("史料正文 " + Tag), "史料.txt");
            form.Add(new StringContent(RootA.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), "orgId");
            form.Add(new StringContent(Tag + "史料"), "title");
            form.Add(new StringContent("2020"), "year");
            form.Add(new StringContent("党建"), "tags");
            return form;
        }

        private HttpClient MemberClient => Clients[Caller.Member];

        public static async Task<World> BuildAsync(AppFixture app)
        {
            var admin = await app.AdminAsync();
            var w = new World(app, admin, "MXA" + TestData.Unique());
            var data = new TestData(app, admin);
            var top = await data.OrgAsync("league", "committee", null);
            w.RootA = await w.OrgAsync("committee", top.Id);
            w.SubA = await w.OrgAsync("committee", w.RootA.Id);
            w.BranchA = await w.OrgAsync("branch", w.RootA.Id);
            w.BranchA2 = await w.OrgAsync("branch", w.RootA.Id);
            w.SpareA = await w.OrgAsync("branch", w.RootA.Id);
            w.RootB = await data.OrgAsync("league", "committee", top.Id, "MXB" + TestData.Unique());
            var branchB = await data.OrgAsync("league", "branch", w.RootB.Id, "MXB" + TestData.Unique());
            await admin.CreateMemberAsync(branchB.Id, People.Young());

            w.MemberA = await admin.CreateMemberAsync(w.BranchA.Id, People.Young(), extra: new Dictionary<string, object?> { ["workUnit"] = w.Tag + "单位" });
            w.SelfA = await admin.CreateMemberAsync(w.BranchA.Id, People.Young(), extra: new Dictionary<string, object?> { ["workUnit"] = w.Tag + "单位" });

            w.Clients[Caller.Anonymous] = app.Anonymous();
            w.Clients[Caller.SystemAdmin] = admin;
            w.Clients[Caller.OrgAdminInside] = await app.UserWithRoleAsync("orgAdmin", w.RootA.Id);
            w.Clients[Caller.ObserverInside] = await app.UserWithRoleAsync("observer", w.RootA.Id);
            w.Clients[Caller.OrgAdminOutside] = await app.UserWithRoleAsync("orgAdmin", w.RootB.Id);
            w.Clients[Caller.ObserverOutside] = await app.UserWithRoleAsync("observer", w.RootB.Id);
            var name = $"mxm-{Guid.NewGuid():N}"[..20];
            var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId = w.SelfA.Person.Id }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created);
            (await admin.PostJsonAsync($"/api/v1/users/{user.GetProperty("id").GetInt64()}/roles", new { role = "member", orgId = w.BranchA.Id }))
                .EnsureSuccessStatusCode();
            w.Clients[Caller.Member] = await app.SignInAsync(name);

            w.PositionA = await w.PositionAsync();
            w.MeetingA = await w.MeetingAsync();
            w.RecordedMeetingA = await w.MeetingAsync(recorded: true);
            var attachment = await (await admin.PostAsync($"/api/v1/meetings/{w.MeetingA}/attachments",
                Multipart("%PDF-1.4 矩阵"u8.ToArray(), "讲稿.pdf"))).ReadAsync<JsonElement>(HttpStatusCode.Created);
            w.AttachmentA = attachment.GetProperty("id").GetInt64();
            w.AlertA = await w.AlertAsync();
            w.CorrectionA = await w.CorrectionAsync();
            w.TransferA = await w.TransferAsync();
            w.ApprovedTransferA = await w.TransferAsync(approved: true);
            w.OutsideTransferA = await w.TransferAsync(approved: true, outside: true);
            w.Template = await admin.GetByteArrayAsync("/api/v1/templates/members.xlsx");
            w.DevelopmentA = await w.DevelopmentAsync();
            w.PartyBranch = await data.OrgAsync("party", "branch", (await data.OrgAsync("party", "committee", null)).Id);
            (await admin.PutAsJsonAsync($"/api/v1/members/{w.MemberA.Id}/dues-profile", new { category = "student", effectiveFrom = Today[..7] }, Api.Json))
                .EnsureSuccessStatusCode();
            w.DuesLineA = await w.DuesLineAsync();
            await w.SelfDuesAsync();
            w.DuesPaymentA = (await (await admin.PostJsonAsync("/api/v1/dues/payments",
                    new { lineIds = new[] { await w.DuesLineAsync() }, method = "cash", paidOn = Today }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            w.NoticeA = (await (await admin.PostJsonAsync("/api/v1/notices", new { orgId = w.RootA.Id, title = w.Tag + "通知" }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            w.NoticeAttachmentA = (await (await admin.PostAsync($"/api/v1/notices/{w.NoticeA}/attachments",
                Multipart("%PDF-1.4 通知"u8.ToArray(), "通知.pdf"))).ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            w.LetterA = (await (await w.MemberClient.PostJsonAsync("/api/v1/me/mailbox", new { toOrgId = w.BranchA.Id, subject = "建议", body = w.Tag }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            w.LetterCodeA = (await (await w.MemberClient.PostJsonAsync("/api/v1/me/mailbox",
                    new { toOrgId = w.BranchA.Id, subject = "匿名", body = "矩阵", anonymous = true }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("replyCode").GetString()!;
            await w.LearningAndLibrariesAsync();
            return w;
        }

        public object NewBranchBody(long parentId)
        {
            var shortName = Tag + TestData.Unique();
            return new { system = "league", kind = "branch", parentId, name = "全称" + shortName, shortName };
        }

        public object NewMemberBody()
        {
            var p = People.Young();
            return new
            {
                system = "league",
                orgId = BranchA.Id,
                stage = "member",
                joinedOn = p.BirthDate.AddYears(16).ToString("yyyy-MM-dd"),
                person = new
                {
                    name = p.Name,
                    gender = p.GenderCode,
                    ethnicity = p.EthnicityCode,
                    birthDate = p.BirthDate.ToString("yyyy-MM-dd"),
                    idNumber = p.IdNumber,
                    phone = p.Phone,
                    education = p.EducationCode,
                    politicalStatus = "03",
                    workUnit = Tag + "单位",
                },
            };
        }

        /// <summary>A League applicant of branch A (applied two months ago), as <c>POST /api/v1/development</c> takes it.</summary>
        public object NewApplicantBody()
        {
            var p = People.Young();
            return new
            {
                system = "league",
                orgId = BranchA.Id,
                appliedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddMonths(-2).ToString("yyyy-MM-dd"),
                person = new
                {
                    name = p.Name,
                    gender = p.GenderCode,
                    ethnicity = p.EthnicityCode,
                    birthDate = p.BirthDate.ToString("yyyy-MM-dd"),
                    idNumber = p.IdNumber,
                    phone = p.Phone,
                    education = p.EducationCode,
                    politicalStatus = "13",
                    workUnit = Tag + "单位",
                },
            };
        }

        public async Task<long> DevelopmentAsync() =>
            (await (await Admin.PostJsonAsync("/api/v1/development", NewApplicantBody())).ReadAsync<JsonElement>(HttpStatusCode.Created))
            .GetProperty("id").GetInt64();

        private async Task LearningAndLibrariesAsync()
        {
            CourseA = (await (await Admin.PostJsonAsync("/api/v1/courses", new { orgId = RootA.Id, title = Tag + "课程", kind = "video", hours = 1 }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            (await Admin.PostAsync($"/api/v1/courses/{CourseA}/materials", Multipart("%PDF-1.4 矩阵"u8.ToArray(), "课件.pdf"))).EnsureSuccessStatusCode();
            TrainingA = (await (await Admin.PostJsonAsync("/api/v1/trainings", new
            {
                orgId = RootA.Id,
                title = Tag + "培训班",
                startOn = Today,
                endOn = Today,
                hours = 2,
                personIds = new[] { MemberA.Person.Id },
            })).ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            ArchiveA = (await (await Admin.PostAsync("/api/v1/archives", ArchiveForm())).ReadAsync<JsonElement>(HttpStatusCode.Created))
                .GetProperty("id").GetInt64();
        }

        public async Task<long> BranchAsync() => (await OrgAsync("branch", RootA.Id)).Id;

        public long DuesLineA { get; private set; }

        public long DuesPaymentA { get; private set; }

        /// <summary>A due line of this month of the member caller (<see cref="SelfA"/>).</summary>
        public long SelfDuesLineA { get; private set; }

        /// <summary>The sandbox's signed notification of an order for last month's line of <see cref="SelfA"/>.</summary>
        public string SandboxNotice { get; private set; } = "";

        public async Task SelfDuesAsync()
        {
            var last = People.Today.AddMonths(-1).ToString("yyyy-MM");
            (await Admin.PutAsJsonAsync($"/api/v1/members/{SelfA.Id}/dues-profile", new { category = "student", effectiveFrom = last }, Api.Json))
                .EnsureSuccessStatusCode();
            (await Admin.PostAsync($"/api/v1/orgs/{BranchA.Id}/dues/months/{last}/generate", null)).EnsureSuccessStatusCode();
            (await Admin.PostAsync($"/api/v1/orgs/{BranchA.Id}/dues/months/{Today[..7]}/generate", null)).EnsureSuccessStatusCode();
            var mine = (await MemberClient.GetOkAsync<JsonElement>("/api/v1/me/dues")).GetProperty("lines").EnumerateArray().ToList();
            SelfDuesLineA = mine.First(l => l.GetProperty("month").GetString() == Today[..7]).GetProperty("id").GetInt64();
            var order = await (await MemberClient.PostJsonAsync("/api/v1/me/dues/checkout",
                    new { lineIds = new[] { mine.First(l => l.GetProperty("month").GetString() == last).GetProperty("id").GetInt64() } }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created);
            var sandbox = App.Factory.Services.GetRequiredService<Zhijian.Web.Features.Dues.SandboxPaymentProvider>();
            SandboxNotice = sandbox.Notification(order.GetProperty("orderId").GetString()!, "MX-T1", 20);
        }

        /// <summary>A due line of this month of a new member of branch A (a profile, then the branch's month generated).</summary>
        public async Task<long> DuesLineAsync()
        {
            var member = await MemberAsync();
            (await Admin.PutAsJsonAsync($"/api/v1/members/{member}/dues-profile", new { category = "employed", baseYuan = 3000, effectiveFrom = Today[..7] }, Api.Json))
                .EnsureSuccessStatusCode();
            (await Admin.PostAsync($"/api/v1/orgs/{BranchA.Id}/dues/months/{Today[..7]}/generate", null)).EnsureSuccessStatusCode();
            var lines = await Admin.GetOkAsync<JsonElement>($"/api/v1/dues?orgId={BranchA.Id}&state=due&pageSize=200");
            return lines.GetProperty("items").EnumerateArray().First(l => l.GetProperty("membershipId").GetInt64() == member).GetProperty("id").GetInt64();
        }

        public async Task<long> MemberAsync() =>
            (await Admin.CreateMemberAsync(BranchA.Id, People.Young(), extra: new Dictionary<string, object?> { ["workUnit"] = Tag + "单位" })).Id;

        public async Task<long> PositionAsync() =>
            (await (await Admin.PostJsonAsync($"/api/v1/orgs/{BranchA.Id}/positions",
                new { memberId = await MemberAsync(), post = "member", startedOn = Today })).ReadAsync<JsonElement>(HttpStatusCode.Created))
            .GetProperty("id").GetInt64();

        /// <summary>A meeting of branch A today, every member invited (the member caller too); recorded if asked.</summary>
        public async Task<long> MeetingAsync(bool recorded = false)
        {
            var m = await (await Admin.PostJsonAsync("/api/v1/meetings",
                    new { orgId = BranchA.Id, type = "lecture", date = Today, place = "活动室", host = "书记", topic = Tag }))
                .ReadAsync<MeetingDto>(HttpStatusCode.Created);
            if (recorded)
            {
                (await Admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Today, minutes = "记录" })).EnsureSuccessStatusCode();
            }

            return m.Id;
        }

        /// <summary>An open alert on branch A (the scanner is off in tests; its rows are written as it would).</summary>
        public async Task<long> AlertAsync()
        {
            await using var scope = App.Scope();
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            var now = DateTimeOffset.UtcNow;
            var alert = new Alert
            {
                Type = AlertType.TermEnding,
                OrgId = BranchA.Id,
                OrgPath = BranchA.Path,
                SubjectKey = "matrix:" + TestData.Unique(),
                Subject = BranchA.ShortName,
                Message = Tag + "换届提醒",
                RaisedAt = now,
                LastSeenAt = now,
            };
            db.Set<Alert>().Add(alert);
            await db.SaveChangesAsync();
            return alert.Id;
        }

        /// <summary>An open correction request filed by the member caller.</summary>
        public async Task<long> CorrectionAsync() =>
            (await (await MemberClient.PostJsonAsync("/api/v1/me/corrections", new { field = "workUnit", value = Tag + "新单位" }))
                .ReadAsync<CorrectionDto>(HttpStatusCode.Created)).Id;

        /// <summary>A transfer of a new member of branch A to branch A2 (or outside), pending out or approved.</summary>
        public async Task<long> TransferAsync(bool approved = false, bool outside = false)
        {
            var memberId = await MemberAsync();
            object body = outside
                ? new { memberId, outside = new { orgName = "某某大学团委", contact = "0531-00000000" }, reason = "study" }
                : new { memberId, toOrgId = BranchA2.Id, reason = "work" };
            var t = await (await Admin.PostJsonAsync("/api/v1/transfers", body)).ReadAsync<JsonElement>(HttpStatusCode.Created);
            var id = t.GetProperty("id").GetInt64();
            if (approved)
            {
                (await Admin.PostJsonAsync($"/api/v1/transfers/{id}/approve", new { note = "同意" })).EnsureSuccessStatusCode();
            }

            return id;
        }

        /// <summary>A new account, with an observer role on <paramref name="observing"/> when given.</summary>
        public async Task<long> UserAsync(long? observing)
        {
            var user = await (await Admin.PostJsonAsync("/api/v1/users", new { userName = "mxu-" + TestData.Unique(), password = AppFixture.Password }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created);
            var id = user.GetProperty("id").GetInt64();
            if (observing is { } orgId)
            {
                (await Admin.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "observer", orgId })).EnsureSuccessStatusCode();
            }

            return id;
        }

        private async Task<OrganizationDto> OrgAsync(string kind, long parentId)
        {
            var shortName = Tag + TestData.Unique();
            var response = await Admin.PostJsonAsync("/api/v1/orgs",
                new { system = "league", kind, parentId, name = "全称" + shortName, shortName });
            return await response.ReadAsync<OrganizationDto>(HttpStatusCode.Created);
        }
    }
}
