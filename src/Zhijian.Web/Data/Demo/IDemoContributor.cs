namespace Zhijian.Web.Data.Demo;

/// <summary>What a demo contributor knows about the demo database being seeded.</summary>
/// <param name="Today">The demo's today (the application's clock), in China.</param>
/// <param name="AdminPassword">The demo accounts' password.</param>
/// <param name="Random">A seeded generator: contributors draw from it in order, so the demo is the same on every machine.</param>
public sealed record DemoContext(DateOnly Today, string AdminPassword, Random Random);

/// <summary>
/// A feature's part of the demo data (dues ledgers, development pipeline, evaluations …), registered by the feature's
/// module with <c>services.AddScoped&lt;IDemoContributor, …&gt;()</c>. <see cref="DemoSeeder"/> runs every contributor,
/// by <see cref="Order"/>, after the organizations, members, positions and accounts exist and in the same
/// transaction: the demo database is all there or not at all. Contributors read what they need from the database.
/// </summary>
public interface IDemoContributor
{
    /// <summary>Position among the contributors, ascending (a contributor that reads another's rows comes after it).</summary>
    int Order { get; }

    /// <summary>Writes the feature's demo rows (set-based where there are many).</summary>
    Task SeedAsync(DemoContext demo, CancellationToken ct);
}
