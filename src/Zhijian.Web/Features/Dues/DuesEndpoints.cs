using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>Routes of API.md "Dues (党费 / 团费)".</summary>
public static class DuesEndpoints
{
    private static Task<string?> MemberPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Memberships.Where(m => m.Id == id).Select(m => m.OrgPath).FirstOrDefaultAsync(ct);

    private static Task<string?> LinePath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Set<DuesLine>().Where(l => l.Id == id).Select(l => l.OrgPath).FirstOrDefaultAsync(ct);

    private static Task<string?> PaymentPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Set<DuesPayment>().Where(p => p.Id == id).Select(p => p.OrgPath).FirstOrDefaultAsync(ct);

    public static IEndpointRouteBuilder MapDuesEndpoints(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Dues");
        members.MapGet("/{id:long}/dues-profile", (long id, DuesProfiles profiles, CancellationToken ct) => profiles.GetAsync(id, ct))
            .RequireOrgScope(write: false, DuesProfiles.MemberWhat, MemberPath)
            .WithSummary("党（团）费档案（本月适用的档案及每月应交金额）");
        members.MapPut("/{id:long}/dues-profile", (long id, DuesProfileRequest body, DuesProfiles profiles, CancellationToken ct) =>
                profiles.PutAsync(id, body, ct))
            .RequireOrgScope(write: true, DuesProfiles.MemberWhat, MemberPath)
            .WithSummary("设置党（团）费档案：缴费类别、基数（税后月收入）或约定金额，自起始月份起适用；已生成的月份不变");

        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Dues");
        orgs.MapPost("/{id:long}/dues/months/{month}/generate", (long id, string month, DuesLedger ledger, CancellationToken ct) =>
                ledger.GenerateAsync(id, month, ct))
            .RequireAuthorization(Policies.OrgWrite)
            .WithSummary("生成某月党（团）费：子树内每个有档案的在册党（团）员一条（重复生成不会重复创建）；缺少档案的人数和名单一并返回");
        orgs.MapGet("/{id:long}/dues-report", (long id, string? from, string? to, DuesReport report, CancellationToken ct) =>
                report.ForAsync(id, from, to, ct))
            .RequireAuthorization(Policies.OrgRead)
            .WithSummary("党（团）费统计：应交、已交、免交、欠交、交纳人数和收缴率，按月和按下级组织（默认本年度）");

        var dues = app.MapGroup("/api/v1/dues").RequireAuthorization().WithTags("Dues");
        dues.MapGet("/", (long? orgId, bool? subtree, string? month, [EnumQuery<DuesState>] string? state, int? page, int? pageSize,
                string? q, DuesLedger ledger, CancellationToken ct) =>
                ledger.ListAsync(orgId, subtree ?? true, month, QueryValues.Enum<DuesState>(state, "state"), PageRequest.From(page, pageSize), q, ct))
            .WithSummary("党（团）费台账（本组织或 subtree=true 含下级），按月份倒序");
        dues.MapPost("/payments", async (PayRequest body, DuesPayments payments, CancellationToken ct) =>
        {
            var payment = await payments.PayAsync(body, ct);
            return Results.Created($"/api/v1/dues/payments/{payment.Id}/receipt.pdf", payment);
        }).RequireAuthorization(Policies.Writer).Produces<PaymentDto>(StatusCodes.Status201Created)
            .WithSummary("登记交纳（可多条一起）：全部成功或全部不记；已交或已免交的记录 409 invalid_state");
        dues.MapPost("/{id:long}/waive", (long id, WaiveRequest body, DuesPayments payments, CancellationToken ct) =>
                payments.WaiveAsync(id, body, ct))
            .RequireOrgScope(write: true, DuesLedger.What, LinePath)
            .WithSummary("免交（组织管理员，须填写原因）");
        dues.MapGet("/payments/{id:long}/receipt.pdf", async (long id, DuesReceipts receipts, CancellationToken ct) =>
        {
            var (pdf, name) = await receipts.PdfAsync(id, ct);
            return Results.File(pdf, "application/pdf", name);
        }).RequireOrgScope(write: false, "收据", PaymentPath).ProducesFile("application/pdf")
            .WithSummary("收据（PDF）：收据号、交款人、月份、金额（小写和大写）");
        app.MapDuesOnlineEndpoints();
        app.MapDuesImportEndpoints();
        app.MapDuesProfileEndpoints();
        return app;
    }

    /// <summary>The payroll imports (bases, deductions), their templates, and the report as a workbook.</summary>
    private static void MapDuesImportEndpoints(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Dues");
        orgs.MapPost("/{id:long}/imports/dues-bases", (long id, IFormFile? file, string? format, DuesImporter importer, CancellationToken ct) =>
                ImportAsync(file, format, DuesSheetCells.BaseHeaders, s => importer.ImportBasesAsync(id, s, ct), ct))
            .DisableAntiforgery().RequireAntiforgeryForCookies().RequireAuthorization(Policies.OrgWrite)
            .Produces<DuesImportResult>().ProducesFile(DuesWorkbooks.ContentType)
            .WithSummary("导入缴费基数（工资表）：公民身份号码、姓名、缴费类别、缴费基数（元）、起始月份；合格行一并写入，错误行列出原因；?format=xlsx 返回错误报告");
        orgs.MapPost("/{id:long}/imports/dues-payments", (long id, IFormFile? file, string? format, DuesImporter importer, CancellationToken ct) =>
                ImportAsync(file, format, DuesSheetCells.PaymentHeaders, s => importer.ImportPaymentsAsync(id, s, ct), ct))
            .DisableAntiforgery().RequireAntiforgeryForCookies().RequireAuthorization(Policies.OrgWrite)
            .Produces<DuesImportResult>().ProducesFile(DuesWorkbooks.ContentType)
            .WithSummary("导入工资代扣：公民身份号码、月份、金额（元）；金额须与应交一致；合格行记为一笔工资代扣交纳；?format=xlsx 返回错误报告");
        orgs.MapGet("/{id:long}/imports/dues-bases/template", (long id) =>
                Results.File(DuesWorkbooks.BasesTemplate(), DuesWorkbooks.ContentType, "缴费基数导入模板.xlsx"))
            .RequireAuthorization(Policies.OrgRead).ProducesFile(DuesWorkbooks.ContentType)
            .WithSummary("缴费基数导入模板（公民身份号码列为文本格式，缴费类别带下拉列表，另有填写说明）");
        orgs.MapGet("/{id:long}/imports/dues-payments/template", (long id) =>
                Results.File(DuesWorkbooks.PaymentsTemplate(), DuesWorkbooks.ContentType, "工资代扣导入模板.xlsx"))
            .RequireAuthorization(Policies.OrgRead).ProducesFile(DuesWorkbooks.ContentType)
            .WithSummary("工资代扣导入模板（公民身份号码列为文本格式，另有填写说明）");
        orgs.MapGet("/{id:long}/dues-report.xlsx", async (long id, string? from, string? to, DuesReport report, CancellationToken ct) =>
                Results.File(await report.WorkbookAsync(id, from, to, ct), DuesWorkbooks.ContentType, "党（团）费统计.xlsx"))
            .RequireAuthorization(Policies.OrgRead).ProducesFile(DuesWorkbooks.ContentType)
            .WithSummary("党（团）费统计工作簿：概况、按月、按下级组织（含收缴率）");
    }

    private static async Task<IResult> ImportAsync(IFormFile? file, string? format, string[] headers,
        Func<Stream, Task<DuesImporter.Outcome>> import, CancellationToken ct)
    {
        await using var stream = SheetUploads.Open(file);
        var outcome = await import(stream);
        return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
            ? Results.File(await MemberExporter.ErrorReportFileAsync(outcome.Rejected, headers, ct), DuesWorkbooks.ContentType, "导入错误报告.xlsx")
            : Results.Ok(outcome.Result);
    }

    /// <summary>The subtree's profiles (the console's 档案 section) and setting one profile for many members at once.</summary>
    private static void MapDuesProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Dues");
        orgs.MapGet("/{id:long}/dues-profiles", (long id, bool? missing, string? q, int? page, int? pageSize, DuesProfilesBulk profiles,
                CancellationToken ct) => profiles.ListAsync(id, missing ?? false, q, PageRequest.From(page, pageSize), ct))
            .RequireAuthorization(Policies.OrgRead)
            .WithSummary("子树内在册党（团）员的党（团）费档案（本月适用的档案；missing=true 只列缺少档案的人）");
        orgs.MapPost("/{id:long}/dues-profiles/bulk", (long id, DuesProfilesBulkRequest body, DuesProfilesBulk profiles, CancellationToken ct) =>
                profiles.SetAsync(id, body, ct))
            .RequireAuthorization(Policies.OrgWrite)
            .WithSummary("批量设置党（团）费档案：所选人员（memberIds 为空则为子树内全部缺少档案的人）同一类别、基数或约定金额和起始月份；全部成功或全部不记");
    }

    /// <summary>/me's dues, checkout, the providers' notifications and the sandbox's pay page.</summary>
    private static void MapDuesOnlineEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/dues").RequireAuthorization().WithTags("Dues");
        me.MapGet("/", (DuesOnline online, CancellationToken ct) => online.MineAsync(ct))
            .WithSummary("我的党（团）费：每月金额、未交金额和记录（新的在前）");
        me.MapGet("/payments/{id:long}/receipt.pdf", async (long id, DuesOnline online, DuesReceipts receipts, CancellationToken ct) =>
        {
            await online.EnsureMyPaymentAsync(id, ct);
            var (pdf, name) = await receipts.PdfAsync(id, ct);
            return Results.File(pdf, "application/pdf", name);
        }).ProducesFile("application/pdf").WithSummary("本人的收据（PDF）：只限交纳了本人记录的收据");
        me.MapPost("/checkout", async (CheckoutRequest body, DuesOnline online, CancellationToken ct) =>
            Results.Created((string?)null, await online.CheckoutAsync(body, ct)))
            .Produces<CheckoutDto>(StatusCodes.Status201Created)
            .WithSummary("在线交纳：为本人未交的记录创建支付订单，返回支付链接（payUrl）");

        app.MapPost("/api/v1/payments/{provider}/notify", async (string provider, HttpRequest request, DuesOnline online, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(ct);
            var order = await online.NotifyAsync(provider, body, request.Headers, ct);
            return Results.Ok(new NotifyAnswer(order.OrderNo, "paid"));
        }).AllowAnonymous().WithTags("Dues").Produces<NotifyAnswer>().Accepts<object>("application/json")
            .WithSummary("支付渠道的异步通知：验证签名后记为已交（同一通知重复到达只记一次；签名无效 400，不记任何记录）");
        app.MapDuesPayPages();
    }

    /// <summary>/me's pay form (static rendering) and the sandbox gateway's page, outside the API.</summary>
    private static void MapDuesPayPages(this IEndpointRouteBuilder app)
    {
        // /me's pay button posts here (static rendering): an order for every unpaid line, then the provider's pay page.
        app.MapPost("/me/dues/checkout", async (DuesOnline online, HttpRequest request, CancellationToken ct) =>
        {
            try
            {
                // The months ticked on /me (lineId), or every unpaid one when none is ticked.
                var form = await request.ReadFormAsync(ct);
                var picked = form["lineId"].Select(v => long.TryParse(v, out var id) ? id : 0).Where(id => id > 0).ToHashSet();
                var due = (await online.MineAsync(ct)).Lines.Where(l => l.State == DuesState.Due && (picked.Count == 0 || picked.Contains(l.Id)))
                    .Select(l => l.Id).Take(DuesPayments.MaxLines).ToList();
                var order = await online.CheckoutAsync(new CheckoutRequest(due), ct);
                return Results.LocalRedirect(order.PayUrl);
            }
            catch (DomainException e)
            {
                return Results.LocalRedirect("/me?msg=" + Uri.EscapeDataString(e.Message) + "#dues");
            }
        }).RequireAuthorization().WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute(true)).ExcludeFromDescription();

        app.MapGet("/me/dues/sandbox/{orderId}", async (string orderId, DuesOnline online, HttpContext http,
            Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, CancellationToken ct) =>
        {
            var order = await online.MyOrderAsync(orderId, ct);
            var token = antiforgery.GetAndStoreTokens(http);
            return Results.Content(SandboxPage.Html(order, token.FormFieldName, token.RequestToken ?? ""), "text/html; charset=utf-8");
        }).RequireAuthorization().ExcludeFromDescription();

        app.MapPost("/me/dues/sandbox/{orderId}/pay", async (string orderId, DuesOnline online, SandboxPaymentProvider sandbox,
            HttpRequest request, CancellationToken ct) =>
        {
            try
            {
                var order = await online.MyOrderAsync(orderId, ct);
                var body = sandbox.Notification(order.OrderNo, "SBX" + order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), order.AmountFen);
                await online.NotifyAsync(sandbox.Name, body, request.Headers, ct);
                return Results.LocalRedirect("/me?msg=" + Uri.EscapeDataString($"已交纳 {Yuan.Of(order.AmountFen):0.00} 元") + "#dues");
            }
            catch (DomainException e)
            {
                return Results.LocalRedirect("/me?msg=" + Uri.EscapeDataString(e.Message) + "#dues");
            }
        }).RequireAuthorization().WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute(true)).ExcludeFromDescription();
    }
}

/// <summary>The answer to a provider's notification.</summary>
public sealed record NotifyAnswer(string OrderId, string Status);

/// <summary>The sandbox gateway's pay page: the amount and one button (it stands in for the WeChat Pay / UnionPay page).</summary>
internal static class SandboxPage
{
    public static string Html(DuesOrder order, string field, string token)
    {
        var e = System.Net.WebUtility.HtmlEncode(order.OrderNo);
        return $$"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>模拟支付</title>
            <style>body{font-family:sans-serif;max-width:420px;margin:40px auto;padding:0 16px}button{width:100%;padding:14px;font-size:18px;background:#c62828;color:#fff;border:0;border-radius:6px}</style>
            </head><body>
            <h2>模拟支付（sandbox）</h2>
            <p>订单号：{{e}}</p>
            <p data-testid="sandbox-amount">金额：¥{{Yuan.Of(order.AmountFen):0.00}}</p>
            <form method="post" action="/me/dues/sandbox/{{Uri.EscapeDataString(order.OrderNo)}}/pay">
            <input type="hidden" name="{{System.Net.WebUtility.HtmlEncode(field)}}" value="{{System.Net.WebUtility.HtmlEncode(token)}}">
            <button type="submit" data-testid="sandbox-pay">确认支付</button>
            </form>
            <p><a href="/me#dues">取消，返回</a></p>
            </body></html>
            """;
    }
}
