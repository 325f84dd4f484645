using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Zhijian.Web.Features.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> e)
    {
        e.Property(o => o.System).HasConversion<string>().HasMaxLength(16);
        e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(o => o.Path).HasMaxLength(256).IsRequired();
        e.Property(o => o.Name).HasMaxLength(Organization.NameMaxLength).IsRequired();
        e.Property(o => o.ShortName).HasMaxLength(Organization.ShortNameMaxLength).IsRequired();
        e.Property(o => o.Initials).HasMaxLength(200);
        e.Property(o => o.Category).HasMaxLength(32);
        e.Property(o => o.UnitNature).HasMaxLength(32);
        e.Property(o => o.UnitName).HasMaxLength(100);
        e.Property(o => o.Contact).HasMaxLength(50);
        e.Property(o => o.Phone).HasMaxLength(30);
        e.Property(o => o.DissolvedReason).HasMaxLength(500);
        e.HasIndex(o => o.Path).IsUnique();
        e.HasIndex(o => new { o.ParentId, o.Order });
        e.HasIndex(o => o.TermEndsOn); // the terms board (换届): ending or overdue, any subtree
        e.HasIndex(o => new { o.ParentId, o.ShortName }).IsUnique().HasFilter("\"Status\" = 'Active'");
        e.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrgCounterConfiguration : IEntityTypeConfiguration<OrgCounter>
{
    public void Configure(EntityTypeBuilder<OrgCounter> e)
    {
        e.HasKey(c => c.OrgId);
        e.Property(c => c.OrgId).ValueGeneratedNever();
        e.Ignore(c => c.Members);
        e.Ignore(c => c.Organizations);
        e.HasOne<Organization>().WithOne().HasForeignKey<OrgCounter>(c => c.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}
