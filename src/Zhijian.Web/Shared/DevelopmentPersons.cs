namespace Zhijian.Web.Shared;

/// <summary>
/// Persons in development (applicants, activists and candidates of an open development record) who hold no membership yet
/// and may still be trained: a training class of the learning module enrols them beside the subtree's members, so that their
/// class hours count for the development rules through <see cref="ITrainingHours"/>. Defined below every feature so that
/// Learning asks without depending on Development; Development registers the implementation.
/// </summary>
public interface IDevelopmentPersons
{
    /// <summary>Of <paramref name="personIds"/>, those with an open development record in the subtree of <paramref name="orgPath"/>.</summary>
    Task<IReadOnlyList<DevelopmentPerson>> InSubtreeAsync(string orgPath, IReadOnlyCollection<long> personIds, CancellationToken ct);

    /// <summary>
    /// The persons in development of the subtree of <paramref name="orgPath"/> whose name contains <paramref name="name"/>
    /// (all when empty), by name, at most <paramref name="limit"/>: the console's trainee picker.
    /// </summary>
    Task<IReadOnlyList<DevelopmentPerson>> FindAsync(string orgPath, string? name, int limit, CancellationToken ct);
}

/// <summary>A person in development: id and name (the record's copy), and the stage in words (入团申请人, 入党积极分子…).</summary>
public sealed record DevelopmentPerson(long PersonId, string Name, string Stage = "");
