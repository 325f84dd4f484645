using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Organizations;

/// <summary>Routes of API.md "Organizations".</summary>
public static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Organizations");

        g.MapGet("/", ([EnumQuery<OrgSystem>] string? system, long? parentId, string? q, int? page, int? pageSize, bool? includeDissolved,
                OrganizationService orgs, CancellationToken ct) =>
            orgs.ListAsync(QueryValues.Enum<OrgSystem>(system, "system"), parentId, q, PageRequest.From(page, pageSize), includeDissolved ?? false, ct))
            .WithSummary("组织列表：下级组织、我的最上级组织，或按名称/简称/拼音首字母搜索");

        g.MapGet("/{id:long}", (long id, OrganizationService orgs, CancellationToken ct) => orgs.GetAsync(id, ct))
            .RequireAuthorization(Authorization.Policies.OrgRead).WithSummary("组织详情");

        g.MapGet("/{id:long}/children", (long id, bool? includeDissolved, OrganizationService orgs, CancellationToken ct) =>
            orgs.ChildrenAsync(id, includeDissolved ?? false, ct))
            .RequireAuthorization(Authorization.Policies.OrgRead).WithSummary("直属下级组织（按排序）");

        g.MapPost("/", async (CreateOrganizationRequest body, OrganizationService orgs, CancellationToken ct) =>
        {
            var org = await orgs.CreateAsync(body, ct);
            return Results.Created($"/api/v1/orgs/{org.Id}", org);
        }).RequireAuthorization(Authorization.Policies.Writer).Produces<OrganizationDto>(StatusCodes.Status201Created).WithSummary("新建组织");

        g.MapPatch("/{id:long}", (long id, UpdateOrganizationRequest body, OrganizationService orgs, CancellationToken ct) =>
            orgs.UpdateAsync(id, body, ct))
            .RequireAuthorization(Authorization.Policies.OrgWrite).WithSummary("修改组织信息");

        g.MapPost("/{id:long}/move", (long id, MoveOrganizationRequest body, OrganizationService orgs, CancellationToken ct) =>
            orgs.MoveAsync(id, body.NewParentId, ct))
            .RequireAuthorization(Authorization.Policies.OrgWrite).WithSummary("移动组织（连同全部下级）");

        g.MapPost("/{id:long}/merge", (long id, MergeOrganizationRequest body, OrganizationService orgs, CancellationToken ct) =>
            orgs.MergeAsync(id, body.IntoId, ct))
            .RequireAuthorization(Authorization.Policies.OrgWrite).WithSummary("合并组织：党（团）员、下级组织、班子职务全部并入，原组织撤销");

        g.MapPost("/{id:long}/dissolve", (long id, DissolveOrganizationRequest body, OrganizationService orgs,
                CancellationToken ct) => orgs.DissolveAsync(id, body.Reason, body.On, ct))
            .RequireAuthorization(Authorization.Policies.OrgWrite).WithSummary("撤销组织（须无在册党（团）员和下级组织）");

        return app;
    }
}
