using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Cadres;

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> e)
    {
        e.Property(p => p.Post).HasMaxLength(32).IsRequired();
        e.Property(p => p.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(p => p.JobLevel).HasMaxLength(Position.JobLevelMaxLength);
        e.Property(p => p.EndReason).HasMaxLength(Position.EndReasonMaxLength);
        e.HasIndex(p => new { p.OrgId, p.EndedOn });
        e.HasIndex(p => p.OrgPath);
        e.HasIndex(p => p.PersonId);
        e.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
