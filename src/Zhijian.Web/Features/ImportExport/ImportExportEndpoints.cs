using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>Routes of API.md "Import and export".</summary>
public static class ImportExportEndpoints
{
    public static IEndpointRouteBuilder MapImportExportEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Import and export");

        g.MapGet("/templates/members.xlsx", async (long? orgId, MemberExporter exporter, CancellationToken ct) =>
                Results.File(await exporter.TemplateAsync(orgId, ct), MemberExporter.ContentType, "党团员信息导入模板.xlsx"))
            .ProducesFile(MemberExporter.ContentType).WithSummary("党（团）员信息导入模板（中文表头，证件号码和手机号码列为文本格式，编码列带下拉列表，另有填写说明和示例）；" +
                "?orgId= 时所在支部列列出该组织之下的支部");

        g.MapPost("/orgs/{id:long}/imports/members", async (long id, IFormFile? file, string? format, MemberImporter importer,
            CancellationToken ct) =>
        {
            await using var stream = SheetUploads.Open(file);
            var (result, rejected) = await importer.ImportAsync(id, stream, ct);
            return string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
                ? Results.File(await MemberExporter.ErrorReportFileAsync(rejected, MemberSheet.Headers, ct), MemberExporter.ContentType, "导入错误报告.xlsx")
                : Results.Ok(result);
        }).DisableAntiforgery().RequireAntiforgeryForCookies().RequireAuthorization(Authorization.Policies.OrgWrite).Produces<ImportResult>().ProducesFile(MemberExporter.ContentType)
            .WithSummary("导入党（团）员：逐行校验，合格行分批写入，每行要么全部写入要么报告原因；?format=xlsx 时返回带错误说明列的错误报告");

        g.MapGet("/orgs/{id:long}/members.xlsx", async (long id, MemberExporter exporter, CancellationToken ct) =>
                Results.File(await exporter.MembersAsync(id, ct), MemberExporter.ContentType, "党团员信息.xlsx"))
            .ProducesFile(MemberExporter.ContentType).WithSummary("导出本组织及下级的党（团）员（模板列，证件号码、手机号码脱敏）");

        g.MapGet("/orgs/{id:long}/roster.xlsx", async (long id, MemberExporter exporter, CancellationToken ct) =>
                Results.File(await exporter.RosterAsync(id, ct), MemberExporter.ContentType, "花名册.xlsx"))
            .ProducesFile(MemberExporter.ContentType).WithSummary("支部花名册（含本人签字栏）");

        g.MapGet("/orgs/{id:long}/stats.xlsx", async (long id, MemberExporter exporter, CancellationToken ct) =>
                Results.File(await exporter.StatisticsAsync(id, ct), MemberExporter.ContentType, "统计.xlsx"))
            .ProducesFile(MemberExporter.ContentType).WithSummary("统计表导出");

        return app;
    }
}
