using Zhijian.Web.Components;
using Zhijian.Web.Features.Learning.Pages;

namespace Zhijian.Web.Features.Learning;

/// <summary>The learning feature's tab in the console: courses, training classes with attendance, statistics.</summary>
public static class LearningTabs
{
    public static IServiceCollection AddLearningTabs(this IServiceCollection services) => services
        .AddOrgTab<LearningTab>("学习培训", order: 170, new() { Refresh = ConsoleRefresh.None });
}
