namespace Zhijian.Web.Shared;

/// <summary>
/// A module's part of the statistics of a subtree: a block of the console's 统计 tab and a sheet of its workbook
/// (<c>GET /api/v1/orgs/{id}/stats.xlsx</c>). Defined below every feature so that Statistics (and ImportExport, which
/// writes the workbook) show a module's figures without depending on it; the module registers its implementation with
/// <see cref="StatisticsSectionRegistration.AddStatisticsSection{T}"/>. Sections appear by <see cref="Order"/>.
/// </summary>
public interface IStatisticsSection
{
    /// <summary>Place among the sections (ascending), after the member figures.</summary>
    int Order { get; }

    /// <summary>The figures of the subtree of <paramref name="orgId"/> (which the caller may read), or null when the
    /// section says nothing there.</summary>
    Task<StatisticsSection?> ForAsync(long orgId, CancellationToken ct);
}

/// <summary>A section's figures: its title (the tab's heading and the workbook's sheet name) and rows by group.</summary>
public sealed record StatisticsSection(string Title, IReadOnlyList<StatisticsFigure> Figures);

/// <summary>One figure: the group it belongs to (a chart of the tab, a column of the sheet), its label and its value.</summary>
public sealed record StatisticsFigure(string Group, string Label, long Value);

public static class StatisticsSectionRegistration
{
    /// <summary>Adds a module's statistics section (scoped: it may read the database).</summary>
    public static IServiceCollection AddStatisticsSection<T>(this IServiceCollection services)
        where T : class, IStatisticsSection => services.AddScoped<IStatisticsSection, T>();
}
