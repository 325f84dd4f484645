using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Zhijian.Web.Features.Members;

namespace Zhijian.Web.Components;

/// <summary>
/// A part of a member's own page (/me) that a feature contributes: meetings, transfers, dues, notices … /me renders
/// every registered section in order, statically (plain form posts with antiforgery, phone-first), so that SelfService
/// imports no feature.
/// </summary>
public abstract class MeSectionBase : ComponentBase
{
    /// <summary>The caller's memberships (current and ended), as /me read them.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<MyMembership> Memberships { get; set; } = [];
}

/// <summary>One registered /me section.</summary>
/// <param name="Order">Position on the page, ascending (the record itself comes first, corrections after 100).</param>
/// <param name="Component">The section, a <see cref="MeSectionBase"/>.</param>
public sealed record MeSection(int Order, Type Component);

/// <summary>The /me sections, as the features registered them, in order.</summary>
public sealed class MeSections(IEnumerable<MeSection> registered)
{
    /// <summary>Every section by order; a section registered twice fails the start.</summary>
    public IReadOnlyList<MeSection> All { get; } = Distinct(registered.OrderBy(s => s.Order).ToList());

    private static List<MeSection> Distinct(List<MeSection> sections)
    {
        var twice = sections.GroupBy(s => s.Component).FirstOrDefault(g => g.Count() > 1);
        return twice is null
            ? sections
            : throw new InvalidOperationException($"The /me section {twice.Key.Name} is registered more than once.");
    }
}

/// <summary>How a feature adds a section to /me (from its own module).</summary>
public static class MeSectionRegistration
{
    /// <summary>Adds <typeparamref name="TSection"/> at <paramref name="order"/>.</summary>
    public static IServiceCollection AddMeSection<TSection>(this IServiceCollection services, int order)
        where TSection : MeSectionBase
    {
        services.AddSingleton(new MeSection(order, typeof(TSection)));
        services.TryAddSingleton<MeSections>();
        return services;
    }
}
