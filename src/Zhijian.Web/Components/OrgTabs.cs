using Microsoft.Extensions.DependencyInjection.Extensions;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Components;

/// <summary>What the console reloads when a tab reports a change through <see cref="OrgPanelBase.Changed"/>.</summary>
public enum ConsoleRefresh
{
    /// <summary>Nothing: the tab's changes do not show in the console's header or tree.</summary>
    None,

    /// <summary>The organization (its header: counters, status) and with it the tabs.</summary>
    Organization,

    /// <summary>The organization and the tree (organizations were created, moved, merged or dissolved).</summary>
    Tree,
}

/// <summary>Where a tab applies and what the console does when it changes something.</summary>
public sealed record OrgTabOptions
{
    /// <summary>The systems whose organizations show the tab; null for all.</summary>
    public IReadOnlySet<OrgSystem>? Systems { get; init; }

    /// <summary>The kinds of organization that show the tab; null for all.</summary>
    public IReadOnlySet<OrgKind>? Kinds { get; init; }

    /// <summary>Whether users who may only read the organization (observers) see the tab.</summary>
    public bool ObserversSee { get; init; } = true;

    /// <summary>What the console reloads when the tab invokes <see cref="OrgPanelBase.Changed"/>.</summary>
    public ConsoleRefresh Refresh { get; init; } = ConsoleRefresh.Organization;
}

/// <summary>One registered tab of the organization console.</summary>
/// <param name="Title">The tab's title for an organization (e.g. 团员 or 党员 by system).</param>
/// <param name="Order">Position among the tabs, ascending.</param>
/// <param name="Component">The tab's component, an <see cref="OrgTabBase"/>.</param>
/// <param name="Options">Where it applies and what a change reloads.</param>
public sealed record OrgTab(Func<OrganizationDto, string> Title, int Order, Type Component, OrgTabOptions Options)
{
    /// <summary>Whether the tab shows for <paramref name="org"/> to a user who may (or may not) change it.</summary>
    public bool AppliesTo(OrganizationDto org, bool canWrite) =>
        (Options.Systems is null || Options.Systems.Contains(org.System))
        && (Options.Kinds is null || Options.Kinds.Contains(org.Kind))
        && (canWrite || Options.ObserversSee);
}

/// <summary>The console's tabs, as the features registered them, in order.</summary>
public sealed class OrgTabs
{
    public OrgTabs(IEnumerable<OrgTab> registered)
    {
        All = registered.OrderBy(t => t.Order).ToList();
        var twice = All.GroupBy(t => t.Component).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InvalidOperationException($"The console tab {twice.Key.Name} is registered more than once.");
        }
    }

    /// <summary>Every registered tab, by order.</summary>
    public IReadOnlyList<OrgTab> All { get; }

    /// <summary>The tabs the console shows for <paramref name="org"/>, by order.</summary>
    public IReadOnlyList<OrgTab> For(OrganizationDto org, bool canWrite) => All.Where(t => t.AppliesTo(org, canWrite)).ToList();
}

/// <summary>How a feature adds a tab to the organization console (from its own registration file).</summary>
public static class OrgTabRegistration
{
    /// <summary>Adds <typeparamref name="TTab"/> with a fixed title.</summary>
    public static IServiceCollection AddOrgTab<TTab>(this IServiceCollection services, string title, int order, OrgTabOptions? options = null)
        where TTab : OrgTabBase =>
        services.AddOrgTab<TTab>(_ => title, order, options);

    /// <summary>Adds <typeparamref name="TTab"/> with a title that depends on the organization.</summary>
    public static IServiceCollection AddOrgTab<TTab>(this IServiceCollection services, Func<OrganizationDto, string> title, int order,
        OrgTabOptions? options = null)
        where TTab : OrgTabBase
    {
        services.AddSingleton(new OrgTab(title, order, typeof(TTab), options ?? new OrgTabOptions()));
        services.TryAddSingleton<OrgTabs>();
        return services;
    }
}
