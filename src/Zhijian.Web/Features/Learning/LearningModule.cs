using Zhijian.Web.Components;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Learning.Pages;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Learning;

/// <summary>The Learning module: courses, study time, training classes and their hours (学习 / 培训).</summary>
public static class LearningModule
{
    /// <summary>Services, options (validated on start), tabs and the /me section of Learning.</summary>
    public static IServiceCollection AddLearning(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<LearningOptions>().Bind(config.GetSection(LearningOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<LearningService>();
        services.AddScoped<TrainingService>();
        services.AddScoped<LearningStats>();
        services.AddScoped<ITrainingHours, LearningHours>();
        services.AddScoped<IOrganizationChangeHandler, LearningPlacement>();
        services.AddScoped<IDemoContributor, LearningDemo>();
        services.AddLearningTabs();
        services.AddMeSection<MyCourses>(order: 70);
        return services;
    }

    /// <summary>The API routes of Learning.</summary>
    public static IEndpointRouteBuilder MapLearning(this IEndpointRouteBuilder api)
    {
        api.MapLearningEndpoints();
        return api;
    }
}
