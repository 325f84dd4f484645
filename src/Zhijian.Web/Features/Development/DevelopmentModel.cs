using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Development;

internal sealed class DevelopmentRecordConfiguration : IEntityTypeConfiguration<DevelopmentRecord>
{
    public void Configure(EntityTypeBuilder<DevelopmentRecord> e)
    {
        e.ToTable("DevelopmentRecords");
        e.Property(r => r.System).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.Stage).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.ClosedFrom).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.Name).HasMaxLength(Person.NameMaxLength).IsRequired();
        e.Property(r => r.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(r => r.CloseReason).HasMaxLength(DevelopmentRecord.NoteMaxLength);
        e.Property(r => r.DevelopmentNumber).HasMaxLength(32);
        e.Property(r => r.CourseHours).HasPrecision(7, 1);
        e.HasIndex(r => new { r.OrgPath, r.Stage });
        e.HasIndex(r => r.PersonId);
        e.HasIndex(r => new { r.System, r.DevelopmentNumber }).IsUnique();
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RecordId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(r => r.Contacts).WithOne().HasForeignKey(c => c.RecordId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(r => r.Steps).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Navigation(r => r.Contacts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DevelopmentStepConfiguration : IEntityTypeConfiguration<DevelopmentStep>
{
    public void Configure(EntityTypeBuilder<DevelopmentStep> e)
    {
        e.ToTable("DevelopmentSteps");
        e.Property(s => s.Stage).HasConversion<string>().HasMaxLength(16);
        e.Property(s => s.Note).HasMaxLength(DevelopmentRecord.NoteMaxLength);
        e.Property(s => s.By).HasMaxLength(256).IsRequired();
        e.HasIndex(s => s.RecordId);
    }
}

internal sealed class DevelopmentContactConfiguration : IEntityTypeConfiguration<DevelopmentContact>
{
    public void Configure(EntityTypeBuilder<DevelopmentContact> e)
    {
        e.ToTable("DevelopmentContacts");
        e.Property(c => c.Name).HasMaxLength(Person.NameMaxLength).IsRequired();
        e.HasIndex(c => c.RecordId);
    }
}

internal sealed class DevelopmentTallyConfiguration : IEntityTypeConfiguration<DevelopmentTally>
{
    public void Configure(EntityTypeBuilder<DevelopmentTally> e)
    {
        e.ToTable("DevelopmentTallies");
        e.HasKey(t => new { t.OrgId, t.Year, t.Key });
        e.Property(t => t.Key).HasMaxLength(32);
        e.Property(t => t.System).HasConversion<string>().HasMaxLength(16);
        e.Property(t => t.OrgPath).HasMaxLength(256).IsRequired();
        e.HasIndex(t => new { t.OrgPath, t.Year });
    }
}

internal sealed class DevelopmentNumberCounterConfiguration : IEntityTypeConfiguration<DevelopmentNumberCounter>
{
    public void Configure(EntityTypeBuilder<DevelopmentNumberCounter> e)
    {
        e.ToTable("DevelopmentNumberCounters");
        e.Property(c => c.System).HasConversion<string>().HasMaxLength(16);
        e.HasKey(c => new { c.System, c.Year });
    }
}
