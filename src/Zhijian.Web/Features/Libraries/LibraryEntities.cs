using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Libraries;

/// <summary>An honor (荣誉) of an organization, or of a person of it when <see cref="PersonId"/> is set.</summary>
public sealed class Honor
{
    public const int TitleMaxLength = 200;
    public const int IssuerMaxLength = 100;

    private Honor()
    {
    }

    public long Id { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public long? PersonId { get; private set; }
    public string? PersonName { get; private set; }
    public string Title { get; private set; } = "";
    public string Level { get; private set; } = "";
    public DateOnly AwardedOn { get; private set; }
    public string Issuer { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static Honor Record(Organization org, long? personId, string? personName, string title, string level, DateOnly awardedOn,
        string issuer, DateTimeOffset at) =>
        new()
        {
            OrgId = org.Id,
            OrgPath = org.Path,
            PersonId = personId,
            PersonName = personName,
            Title = title,
            Level = level,
            AwardedOn = awardedOn,
            Issuer = issuer,
            CreatedAt = at,
        };
}

/// <summary>A reserve cadre (后备干部): a member of the organization's subtree reserved for a post.</summary>
public sealed class ReserveCadre
{
    public const int PostMaxLength = 100;
    public const int NoteMaxLength = 500;

    private ReserveCadre()
    {
    }

    public long Id { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public long MemberId { get; private set; }
    public long PersonId { get; private set; }
    public string Name { get; private set; } = "";
    public string ForPost { get; private set; } = "";
    public DateOnly Since { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static ReserveCadre Record(Organization org, long memberId, long personId, string name, string forPost, DateOnly since,
        string? note, DateTimeOffset at) =>
        new()
        {
            OrgId = org.Id,
            OrgPath = org.Path,
            MemberId = memberId,
            PersonId = personId,
            Name = name,
            ForPost = forPost,
            Since = since,
            Note = note,
            CreatedAt = at,
        };
}

/// <summary>
/// A document of the archives (史料库): its file in the store, title, year, tags, and <see cref="SearchText"/> — the
/// title, tags and the text extracted from the file (.txt, .docx, .pdf), lower-cased, which the search reads.
/// </summary>
public sealed class ArchiveDocument
{
    public const int TitleMaxLength = 200;
    public const int TagsMaxLength = 200;

    /// <summary>The most text kept from one file for the search (the rest of a long book is not searched).</summary>
    public const int TextMaxLength = 200_000;

    private ArchiveDocument()
    {
    }

    public long Id { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public string Title { get; private set; } = "";
    public int Year { get; private set; }
    public string Tags { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public string StorageName { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public int TextLength { get; private set; }
    public string SearchText { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    public static ArchiveDocument Add(Organization org, string title, int year, string tags, string fileName, string storageName,
        long size, string sha256, string text, DateTimeOffset at, string by) =>
        new()
        {
            OrgId = org.Id,
            OrgPath = org.Path,
            Title = title,
            Year = year,
            Tags = tags,
            FileName = fileName,
            StorageName = storageName,
            Size = size,
            Sha256 = sha256,
            TextLength = text.Length,
            SearchText = ArchiveSearch.Searchable(title, tags, text),
            CreatedAt = at,
            CreatedBy = by,
        };
}
