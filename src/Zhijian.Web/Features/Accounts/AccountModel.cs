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
