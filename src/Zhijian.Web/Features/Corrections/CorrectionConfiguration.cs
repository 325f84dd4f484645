using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Members;

namespace Zhijian.Web.Features.Corrections;

internal sealed class CorrectionConfiguration : IEntityTypeConfiguration<CorrectionRequest>
{
    public void Configure(EntityTypeBuilder<CorrectionRequest> e)
    {
        e.ToTable("CorrectionRequests");
        e.Property(c => c.Field).HasMaxLength(32).IsRequired();
        e.Property(c => c.ProposedValue).HasMaxLength(CorrectionRequest.ValueMaxLength).IsRequired();
        e.Property(c => c.Note).HasMaxLength(CorrectionRequest.NoteMaxLength);
        e.Property(c => c.ResolutionNote).HasMaxLength(CorrectionRequest.NoteMaxLength);
        e.Property(c => c.ClosedByUserName).HasMaxLength(256);
        e.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(c => new { c.MembershipId, c.State });
        e.HasIndex(c => new { c.PersonId, c.CreatedAt });
        e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Membership>().WithMany().HasForeignKey(c => c.MembershipId).OnDelete(DeleteBehavior.Restrict);
    }
}
