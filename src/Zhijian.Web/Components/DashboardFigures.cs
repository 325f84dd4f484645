using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Zhijian.Web.Components;

/// <summary>
/// A figure that a feature adds to the dashboard's card of each organization in the caller's scope (dues collection rate
/// …): the dashboard renders every registered figure by order without importing the feature.
/// </summary>
public abstract class DashboardFigureBase : ComponentBase
{
    /// <summary>The organization of the card.</summary>
    [Parameter, EditorRequired]
    public long OrgId { get; set; }
}

/// <summary>One registered dashboard figure.</summary>
public sealed record DashboardFigure(int Order, Type Component);

/// <summary>The dashboard figures, as the features registered them, in order.</summary>
public sealed class DashboardFigures(IEnumerable<DashboardFigure> registered)
{
    public IReadOnlyList<DashboardFigure> All { get; } = registered.OrderBy(f => f.Order).DistinctBy(f => f.Component).ToList();
}

/// <summary>How a feature adds a figure to the dashboard's organization cards (from its own module).</summary>
public static class DashboardFigureRegistration
{
    public static IServiceCollection AddDashboardFigure<TFigure>(this IServiceCollection services, int order)
        where TFigure : DashboardFigureBase
    {
        services.AddSingleton(new DashboardFigure(order, typeof(TFigure)));
        services.TryAddSingleton<DashboardFigures>();
        return services;
    }
}
