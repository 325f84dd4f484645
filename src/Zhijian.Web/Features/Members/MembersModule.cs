using Microsoft.Extensions.Options;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>The Members module: people and memberships. Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class MembersModule
{
    /// <summary>Services, options (validated on start) and background jobs of Members.</summary>
    public static IServiceCollection AddMembers(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<MembershipPlacement>();
        services.AddScoped<IOrganizationChangeHandler>(sp => sp.GetRequiredService<MembershipPlacement>());
        services.AddScoped<MemberQueries>();
        services.AddScoped<MemberService>();
        services.AddScoped<MemberAdmission>(); // development's admissions (发展党员/团员) write the library through it
        services.AddScoped<PersonAccess>();
        services.AddScoped<MemberCompleteness>();
        services.AddScoped<DuplicateReport>();
        services.AddOptions<MemberOptions>().Bind(config.GetSection(MemberOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MemberOptions>, MemberOptionsValidator>();
        services.AddScoped<MemberBulkWriter>();
        services.AddScoped<IAlertSource, LeagueAgeAlertSource>();
        services.AddMembersTabs(); // its tabs of the organization console
        return services;
    }

    /// <summary>The API routes of Members (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapMembers(this IEndpointRouteBuilder api)
    {
        api.MapMemberEndpoints();
        return api;
    }
}
