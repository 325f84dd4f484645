using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Zhijian.Web.Features.Audit;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> e)
    {
        e.Property(a => a.UserName).HasMaxLength(256);
        e.Property(a => a.Entity).HasMaxLength(64);
        e.Property(a => a.Summary).HasMaxLength(4000);
        e.Property(a => a.PreviousHash).HasMaxLength(64);
        e.Property(a => a.Hash).HasMaxLength(64);
        e.HasIndex(a => new { a.OrgId, a.At });
        e.HasIndex(a => a.At);
    }
}
