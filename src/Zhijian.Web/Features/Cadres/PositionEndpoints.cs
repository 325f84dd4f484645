using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;

namespace Zhijian.Web.Features.Cadres;

/// <summary>Routes of the cadre library: an organization's committee positions (班子职务).</summary>
public static class PositionEndpoints
{
    public static IEndpointRouteBuilder MapPositionEndpoints(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Cadres");

        orgs.MapGet("/{id:long}/positions", (long id, bool? includeEnded, PositionService positions, CancellationToken ct) =>
                positions.ListAsync(id, includeEnded ?? false, ct))
            .WithSummary("组织班子成员（现任；includeEnded=true 含已离任的历史），按职务排序再按任职时间");

        orgs.MapPost("/{id:long}/positions", async (long id, CreatePositionRequest body, PositionService positions,
            CancellationToken ct) =>
        {
            var position = await positions.CreateAsync(id, body, ct);
            return Results.Created($"/api/v1/positions/{position.Id}", position);
        }).RequireAuthorization(Authorization.Policies.OrgWrite).Produces<PositionDto>(StatusCodes.Status201Created).WithSummary("任命班子成员：memberId 须为本组织（含下级）在册的同系统党（团）员，或以 personId 指定可见的人员；每个组织只能有一名现任书记（否则 409）");

        var g = app.MapGroup("/api/v1/positions").RequireAuthorization().WithTags("Cadres");

        g.MapGet("/{id:long}", (long id, PositionService positions, CancellationToken ct) => positions.GetAsync(id, ct))
            .WithSummary("班子职务详情");

        g.MapPatch("/{id:long}", (long id, UpdatePositionRequest body, PositionService positions, CancellationToken ct) =>
                positions.UpdateAsync(id, body, ct))
            .RequireOrgScope(write: true, What, PositionPath)
            .WithSummary("修改现任职务（职务、任职时间、专兼职、职级）");

        g.MapPost("/{id:long}/end", (long id, EndPositionRequest body, PositionService positions, CancellationToken ct) =>
                positions.EndAsync(id, body, ct))
            .RequireOrgScope(write: true, What, PositionPath)
            .WithSummary("离任：记录离任时间和原因，职务保留在历史中");

        return app;
    }

    private const string What = "班子职务";

    private static Task<string?> PositionPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Positions.Where(p => p.Id == id).Select(p => p.OrgPath).FirstOrDefaultAsync(ct);
}
