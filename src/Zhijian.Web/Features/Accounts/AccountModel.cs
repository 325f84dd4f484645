using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Accounts;

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> e)
    {
        e.Property(r => r.Role).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(r => new { r.UserId, r.Role, r.OrgId }).IsUnique();
        e.HasOne<ZhijianUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ZhijianUserConfiguration : IEntityTypeConfiguration<ZhijianUser>
{
    public void Configure(EntityTypeBuilder<ZhijianUser> e) =>
        // One account per person (issue 13, item 1); accounts without a person are many.
        e.HasIndex(u => u.PersonId).IsUnique().HasFilter("\"PersonId\" IS NOT NULL");
}
