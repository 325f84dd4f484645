using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Members;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.Property(p => p.Name).HasMaxLength(Person.NameMaxLength).IsRequired();
        e.Property(p => p.NameInitials).HasMaxLength(Person.NameMaxLength);
        e.Property(p => p.Gender).HasMaxLength(2);
        e.Property(p => p.Ethnicity).HasMaxLength(2);
        e.Property(p => p.IdNumber).HasMaxLength(18);
        e.Property(p => p.Phone).HasMaxLength(20);
        e.Property(p => p.Education).HasMaxLength(4);
        e.Property(p => p.Degree).HasMaxLength(20);
        e.Property(p => p.PoliticalStatus).HasMaxLength(4);
        e.Property(p => p.WorkUnit).HasMaxLength(100);
        e.Property(p => p.Post).HasMaxLength(50);
        e.Property(p => p.Address).HasMaxLength(200);
        e.Property(p => p.ProfessionalField).HasMaxLength(Person.ProfessionalFieldMaxLength);
        e.Property(p => p.Specialties).HasMaxLength(Person.SpecialtiesMaxLength);
        e.Property(p => p.Health).HasMaxLength(Person.HealthMaxLength);
        e.Property(p => p.Family).HasMaxLength(Person.FamilyMaxLength);
        e.Property(p => p.Children).HasMaxLength(Person.ChildrenMaxLength);
        e.Property(p => p.OtherAffiliations).HasMaxLength(Person.OtherAffiliationsMaxLength);
        e.Property(p => p.OverseasTies).HasMaxLength(Person.OverseasTiesMaxLength);
        e.HasIndex(p => p.IdNumber).IsUnique();

        // Serves name lookups and the duplicate report's grouping by name and birth date.
        e.HasIndex(p => new { p.Name, p.BirthDate });
        e.HasIndex(p => p.NameInitials);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> e)
    {
        e.Property(m => m.System).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.Stage).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.EndReason).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(m => m.SortName).HasMaxLength(Person.NameMaxLength);
        e.Property(m => m.DevelopmentNumber).HasMaxLength(40);
        e.HasIndex(m => new { m.OrgPath, m.SortName });

        // Name order across a large subtree (the root, a province): walked in order and filtered by path,
        // instead of sorting the whole subtree (bench/results/national-postgres.md).
        e.HasIndex(m => new { m.SortName, m.Id });
        e.HasIndex(m => m.OrgId);
        e.HasIndex(m => new { m.PersonId, m.System });

        // One current membership per person and system, held by the database itself: of two concurrent registrations
        // of one person the second fails here (409 duplicate_id_number) whatever the checks before it saw. States are
        // stored as strings on both providers, so one filter serves both.
        e.HasIndex(m => new { m.PersonId, m.System }, "IX_Memberships_PersonId_System_Current").IsUnique()
            .HasFilter($"\"State\" <> '{nameof(MemberState.Ended)}'");
        e.HasOne(m => m.Person).WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}
