using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Members;

/// <summary>
/// Where else a person's record is held besides memberships (Cadres: positions). Members defines it and Cadres implements
/// it, so that Members reads positions without depending on Cadres.
/// </summary>
public interface IPersonHoldings
{
    /// <summary>The people holding a current post in an organization of <paramref name="system"/>, as a query.</summary>
    IQueryable<long> CurrentHolders(OrgSystem system);

    /// <summary>Of <paramref name="personIds"/>, those holding any post (past ones too) outside every one of <paramref name="prefixes"/>.</summary>
    Task<List<long>> HeldOutsideAsync(IReadOnlyCollection<long> personIds, IReadOnlyCollection<string> prefixes, CancellationToken ct);
}
