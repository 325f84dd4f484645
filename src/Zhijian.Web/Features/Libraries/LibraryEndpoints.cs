using Microsoft.AspNetCore.Mvc;
using Zhijian.Web.Authorization;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Libraries;

/// <summary>Routes of the libraries: honors (荣誉库), archives (史料库), reserve cadres (后备干部库).</summary>
public static class LibraryEndpoints
{
    public static IEndpointRouteBuilder MapLibraryEndpoints(this IEndpointRouteBuilder app)
    {
        var honors = app.MapGroup("/api/v1/honors").RequireAuthorization().WithTags("Libraries");
        honors.MapPost("/", async (CreateHonorRequest body, LibraryService library, CancellationToken ct) =>
        {
            var honor = await library.AddHonorAsync(body, ct);
            return Results.Created($"/api/v1/honors/{honor.Id}", honor);
        }).RequireAuthorization(Policies.Writer).Produces<HonorDto>(StatusCodes.Status201Created)
            .WithSummary("登记荣誉：组织或个人（personId）、荣誉名称、级别、授予日期、授予单位");

        honors.MapGet("/", (long? orgId, bool? subtree, string? q, int? page, int? pageSize, LibraryService library, CancellationToken ct) =>
                library.HonorsAsync(orgId, subtree ?? false, q, PageRequest.From(page, pageSize), ct))
            .WithSummary("荣誉库（本组织或 subtree=true 含下级；q 检索名称、授予单位、姓名）");

        var archives = app.MapGroup("/api/v1/archives").RequireAuthorization().WithTags("Libraries");
        archives.MapPost("/", async ([FromForm] long? orgId, [FromForm] string? title, [FromForm] string? year, [FromForm] string? tags,
            IFormFile file, ArchiveService service, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var doc = await service.AddAsync(orgId, title, year, tags, file.FileName, file.Length, stream, ct);
            return Results.Created($"/api/v1/archives/{doc.Id}", doc);
        }).DisableAntiforgery().RequireAntiforgeryForCookies().RequireAuthorization(Policies.Writer)
            .Produces<ArchiveDocumentDto>(StatusCodes.Status201Created)
            .WithSummary("收录史料（multipart：file、orgId、title、year、tags）；.txt、.docx、.pdf 的文字可全文检索");

        archives.MapGet("/", (long? orgId, bool? subtree, string? q, int? year, int? page, int? pageSize, ArchiveService service,
                CancellationToken ct) =>
                service.SearchAsync(orgId, subtree ?? false, q, year, PageRequest.From(page, pageSize), ct))
            .WithSummary("史料库检索：q 检索标题、标签和文件正文（中文），结果附命中片段（snippet.matches 标出命中位置）");

        archives.MapGet("/{id:long}/file", async (long id, ArchiveService service, FileStore files, HttpContext http, CancellationToken ct) =>
        {
            var (file, name) = await service.FileAsync(id, ct);
            return files.Download(file, name, http);
        }).ProducesFile("application/octet-stream").WithSummary("下载史料原件");

        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Libraries");
        orgs.MapPost("/{id:long}/reserve-cadres", async (long id, CreateReserveCadreRequest body, LibraryService library, CancellationToken ct) =>
        {
            var cadre = await library.AddReserveCadreAsync(id, body, ct);
            return Results.Created($"/api/v1/orgs/{id}/reserve-cadres", cadre);
        }).RequireAuthorization(Policies.OrgWrite).Produces<ReserveCadreDto>(StatusCodes.Status201Created)
            .WithSummary("登记后备干部：本组织及下级组织在册的党（团）员，拟任职务，列入日期");

        orgs.MapGet("/{id:long}/reserve-cadres", (long id, bool? subtree, int? page, int? pageSize, LibraryService library, CancellationToken ct) =>
                library.ReserveCadresAsync(id, subtree ?? false, PageRequest.From(page, pageSize), ct))
            .RequireAuthorization(Policies.OrgRead).WithSummary("后备干部库（subtree=true 含下级组织）");

        return app;
    }
}
