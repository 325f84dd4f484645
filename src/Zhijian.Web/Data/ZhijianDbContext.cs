using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Data;

/// <summary>The one DbContext; each feature configures its own tables (IEntityTypeConfiguration in its folder).</summary>
public class ZhijianDbContext(DbContextOptions<ZhijianDbContext> options)
    : IdentityUserContext<ZhijianUser, long>(options), IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrgCounter> OrgCounters => Set<OrgCounter>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>Data-protection keys, shared by every app instance (tokens and cookies survive restarts and load balancing).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>True on PostgreSQL, false on SQLite.</summary>
    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ZhijianDbContext).Assembly);
        if (IsPostgres)
        {
            // Byte-order comparison makes the subtree range test an index range scan.
            builder.Entity<Organization>().Property(o => o.Path).UseCollation("C");
            builder.Entity<Membership>().Property(m => m.OrgPath).UseCollation("C");
            builder.Entity<Position>().Property(p => p.OrgPath).UseCollation("C");
            builder.Entity<Features.Meetings.Meeting>().Property(m => m.OrgPath).UseCollation("C");
            builder.Entity<Features.Alerts.Alert>().Property(a => a.OrgPath).UseCollation("C");
            builder.Entity<Features.Evaluations.Evaluation>().Property(x => x.OrgPath).UseCollation("C");
            builder.Entity<Features.Evaluations.Registration>().Property(x => x.OrgPath).UseCollation("C");
            builder.Entity<Features.Evaluations.RegistrationTally>().Property(x => x.OrgPath).UseCollation("C");
            builder.Entity<Features.Elections.Election>().Property(x => x.OrgPath).UseCollation("C");
            builder.Entity<Features.Elections.TermExtension>().Property(x => x.OrgPath).UseCollation("C");
            builder.Entity<Features.Development.DevelopmentRecord>().Property(r => r.OrgPath).UseCollation("C");
            builder.Entity<Features.Development.DevelopmentTally>().Property(t => t.OrgPath).UseCollation("C");
            builder.Entity<Features.Dues.DuesLine>().Property(l => l.OrgPath).UseCollation("C");
            builder.Entity<Features.Dues.DuesPayment>().Property(p => p.OrgPath).UseCollation("C");
            builder.Entity<Features.Dues.DuesMonthTotal>().Property(t => t.OrgPath).UseCollation("C");
            builder.Entity<Features.Notices.Notice>().Property(n => n.OrgPath).UseCollation("C");
            builder.Entity<Features.Notices.NoticeRead>().Property(r => r.OrgPath).UseCollation("C");
            builder.Entity<Features.Talks.Talk>().Property(t => t.OrgPath).UseCollation("C");
            builder.Entity<Features.Mailbox.Letter>().Property(l => l.ToOrgPath).UseCollation("C");
            builder.Entity<Features.Learning.Course>().Property(c => c.OrgPath).UseCollation("C");
            builder.Entity<Features.Learning.Training>().Property(t => t.OrgPath).UseCollation("C");
            builder.Entity<Features.Libraries.Honor>().Property(h => h.OrgPath).UseCollation("C");
            builder.Entity<Features.Libraries.ReserveCadre>().Property(r => r.OrgPath).UseCollation("C");
            builder.Entity<Features.Libraries.ArchiveDocument>().Property(d => d.OrgPath).UseCollation("C");

            // The archive search: ILIKE '%term%' on title, tags and text through a trigram index (terms of 3+ characters).
            builder.HasPostgresExtension("pg_trgm");
            builder.Entity<Features.Libraries.ArchiveDocument>().HasIndex(d => d.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");

            // Every member change updates a handful of counter rows, and an import batch about one per organization it
            // touches: half-empty pages keep those updates HOT (a new row version in the same page, no index entry).
            // An UPDATE of 2,041 counter rows took 10 ms instead of 15 ms, and 50 ms on a packed table.
            builder.Entity<OrgCounter>().HasStorageParameter("fillfactor", 50);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        if (!IsPostgres)
        {
            // SQLite has no instant type: store UTC ticks so that instants sort and compare in SQL.
            builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}

/// <summary>Models differ by provider (collations, conversions): cache one per provider.</summary>
public sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context.Database.ProviderName, designTime);
}
