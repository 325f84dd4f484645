using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Rules;

/// <summary>Routes of the rule table (DESIGN.md "Rules as data").</summary>
public static class RuleEndpoints
{
    public static IEndpointRouteBuilder MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/rules").RequireAuthorization().WithTags("Rules");

        g.MapGet("/", ([EnumQuery<OrgSystem>] string? system, DateOnly? on, RuleBook rules, CancellationToken ct) =>
                rules.ListAsync(QueryValues.Enum<OrgSystem>(system, "system"), on, ct))
            .WithSummary("规则表：全国默认值与本地规则；on=日期 时只列当日生效的值");

        g.MapPost("/", async (AddRuleRequest body, RuleBook rules, CancellationToken ct) =>
                Results.Created("/api/v1/rules", await rules.AddAsync(body, ct)))
            .RequireAuthorization(Authorization.Policies.SystemAdmin)
            .Produces<RuleRow>(StatusCodes.Status201Created).WithSummary("新增一条本地规则（系统管理员）：自生效日期起覆盖默认值；规则只增不改");

        return app;
    }
}
