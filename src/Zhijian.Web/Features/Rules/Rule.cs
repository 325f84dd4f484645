using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Rules;

/// <summary>
/// A local rule row added by a system administrator (DESIGN.md "Rules as data"): from <see cref="EffectiveFrom"/> on,
/// <see cref="Key"/> of <see cref="System"/> has <see cref="Value"/>. The national defaults ship as
/// <c>Data/Reference/rules.csv</c>; rows here override them from their date on and are never edited or deleted.
/// </summary>
public sealed class Rule
{
    public const int KeyMaxLength = 64;
    public const int ValueMaxLength = 200;
    public const int SourceMaxLength = 200;

    public long Id { get; set; }
    public OrgSystem System { get; set; }
    public required string Key { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public required string Value { get; set; }
    public required string Source { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long? CreatedBy { get; set; }
}

internal sealed class RuleConfiguration : IEntityTypeConfiguration<Rule>
{
    public void Configure(EntityTypeBuilder<Rule> b)
    {
        b.ToTable("Rules");
        b.Property(r => r.System).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Key).HasMaxLength(Rule.KeyMaxLength);
        b.Property(r => r.Value).HasMaxLength(Rule.ValueMaxLength);
        b.Property(r => r.Source).HasMaxLength(Rule.SourceMaxLength);
        b.HasIndex(r => new { r.System, r.Key, r.EffectiveFrom }).IsUnique();
    }
}
