using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Libraries;

internal sealed class HonorConfiguration : IEntityTypeConfiguration<Honor>
{
    public void Configure(EntityTypeBuilder<Honor> e)
    {
        e.ToTable("Honors");
        e.Property(h => h.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(h => h.PersonName).HasMaxLength(50);
        e.Property(h => h.Title).HasMaxLength(Honor.TitleMaxLength).IsRequired();
        e.Property(h => h.Level).HasMaxLength(16).IsRequired();
        e.Property(h => h.Issuer).HasMaxLength(Honor.IssuerMaxLength).IsRequired();
        e.HasIndex(h => new { h.OrgPath, h.AwardedOn });
        e.HasIndex(h => h.PersonId);
        e.HasOne<Organization>().WithMany().HasForeignKey(h => h.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReserveCadreConfiguration : IEntityTypeConfiguration<ReserveCadre>
{
    public void Configure(EntityTypeBuilder<ReserveCadre> e)
    {
        e.ToTable("ReserveCadres");
        e.Property(r => r.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(r => r.Name).HasMaxLength(50).IsRequired();
        e.Property(r => r.ForPost).HasMaxLength(ReserveCadre.PostMaxLength).IsRequired();
        e.Property(r => r.Note).HasMaxLength(ReserveCadre.NoteMaxLength);
        e.HasIndex(r => new { r.OrgId, r.MemberId, r.ForPost }).IsUnique();
        e.HasIndex(r => r.OrgPath);
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArchiveDocumentConfiguration : IEntityTypeConfiguration<ArchiveDocument>
{
    public void Configure(EntityTypeBuilder<ArchiveDocument> e)
    {
        e.ToTable("ArchiveDocuments");
        e.Property(d => d.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(d => d.Title).HasMaxLength(ArchiveDocument.TitleMaxLength).IsRequired();
        e.Property(d => d.Tags).HasMaxLength(ArchiveDocument.TagsMaxLength).IsRequired();
        e.Property(d => d.FileName).HasMaxLength(200).IsRequired();
        e.Property(d => d.StorageName).HasMaxLength(100).IsRequired();
        e.Property(d => d.Sha256).HasMaxLength(64).IsRequired();
        e.Property(d => d.SearchText).IsRequired();
        e.Property(d => d.CreatedBy).HasMaxLength(256).IsRequired();
        e.HasIndex(d => new { d.OrgPath, d.Year });
        // The search walks the documents newest year first along this index and stops when its page is full.
        e.HasIndex(d => new { d.Year, d.Id });
        e.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrgId).OnDelete(DeleteBehavior.Restrict);
        // PostgreSQL adds a pg_trgm GIN index on SearchText (ZhijianDbContext); SQLite an FTS5 trigram table (ArchiveIndex).
    }
}

/// <summary>Archive files (section <c>Libraries</c>).</summary>
public sealed class LibraryOptions
{
    public const string Section = "Libraries";

    [Range(1, 1024L * 1024 * 1024)]
    public long MaxArchiveBytes { get; set; } = 20 * 1024 * 1024;

    [Required]
    [MinLength(1)]
    public string[] AllowedExtensions { get; set; } = [".pdf", ".docx", ".txt", ".doc", ".jpg", ".jpeg", ".png"];
}

public sealed record CreateHonorRequest(long? OrgId, long? PersonId, string? Title, string? Level, DateOnly? AwardedOn, string? Issuer);

public sealed record HonorDto(long Id, long OrgId, string OrgName, long? PersonId, string? PersonName, string Title, string Level,
    string LevelName, DateOnly AwardedOn, string Issuer);

public sealed record CreateReserveCadreRequest(long? MemberId, string? ForPost, DateOnly? Since, string? Note);

public sealed record ReserveCadreDto(long Id, long OrgId, string OrgName, long MemberId, long PersonId, string Name, string ForPost,
    DateOnly Since, string? Note);

public sealed record ArchiveDocumentDto(long Id, long OrgId, string OrgName, string Title, int Year, IReadOnlyList<string> Tags,
    string FileName, long Size, string Sha256, int TextLength, string FileUrl, DateTimeOffset CreatedAt, Snippet? Snippet);
