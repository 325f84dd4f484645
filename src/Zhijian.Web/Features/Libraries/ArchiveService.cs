using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Libraries;

/// <summary>The archives (史料库): documents with title, year and tags, searched in Chinese over titles, tags and their text.</summary>
public sealed class ArchiveService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    AuditLog audit,
    IActor actor,
    ArchiveIndex index,
    FileStore files,
    IOptions<LibraryOptions> options,
    TimeProvider clock)
{
    internal const string What = "史料";
    internal const string Area = "archives";

    /// <summary>Adds a document: the file is stored, its text extracted for the search, all in one step (bad input keeps nothing).</summary>
    public async Task<ArchiveDocumentDto> AddAsync(long? orgId, string? title, string? year, string? tags, string? fileName, long length,
        Stream content, CancellationToken ct = default)
    {
        var o = options.Value;
        var (cleanTitle, y, cleanTags) = Validate(orgId, title, year, tags, clock.Today().Year);
        var (name, ext) = FileStore.CheckUpload(fileName, o.AllowedExtensions);
        if (length > o.MaxArchiveBytes || length <= 0)
        {
            throw FileStore.TooLarge(o.MaxArchiveBytes);
        }

        var org = await orgs.FindWritableAsync(orgId!.Value, ct);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > o.MaxArchiveBytes)
        {
            throw FileStore.TooLarge(o.MaxArchiveBytes);
        }

        var text = ArchiveText.Extract(ext, buffer.ToArray());
        buffer.Position = 0;
        var stored = await files.SaveAsync(Area, ext, buffer, o.MaxArchiveBytes, ct);
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                var doc = ArchiveDocument.Add(org, cleanTitle, y, cleanTags, name, stored.Name, stored.Size, stored.Sha256, text,
                    clock.GetUtcNow(), actor.UserName);
                db.Add(doc);
                await db.SaveChangesAsync(ct);
                await index.AddAsync(doc.Id, doc.SearchText, ct);
                await audit.AppendAsync(AuditAction.ArchiveDocumentAdded, org.Id, nameof(ArchiveDocument), doc.Id,
                    $"「{org.ShortName}」收录史料《{cleanTitle}》（{y} 年，{name}，{stored.Size} 字节，文字 {text.Length} 字）", ct);
                return ToDto(doc, org.ShortName, null);
            }, ct);
        }
        catch
        {
            files.Delete(stored.Name);
            throw;
        }
    }

    private static (string Title, int Year, string Tags) Validate(long? orgId, string? title, string? year, string? tags, int thisYear)
    {
        var errors = new FieldErrors();
        errors.Required(orgId, "orgId", "请选择史料所属的组织");
        var t = errors.Text(title, ArchiveDocument.TitleMaxLength, "title", $"请填写史料标题（不超过 {ArchiveDocument.TitleMaxLength} 字）");
        errors.Check(int.TryParse(year, out var y) && y >= 1900 && y <= thisYear, "year", $"年份须在 1900 至 {thisYear} 之间");

        var tagList = (tags ?? "").Split([',', '，', '、', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct().ToList();
        var joined = string.Join(",", tagList);
        errors.Check(joined.Length <= ArchiveDocument.TagsMaxLength, "tags", $"标签合计不超过 {ArchiveDocument.TagsMaxLength} 字");
        errors.ThrowIfAny();

        return (t, y, joined);
    }

    /// <summary>
    /// Documents of an organization (or its subtree) in the caller's scope, of a year, matching <paramref name="q"/> in title,
    /// tags or text (every term), newest first, with a snippet around the first hit; a query without letters or digits is 400.
    /// </summary>
    public async Task<PagedList<ArchiveDocumentDto>> SearchAsync(long? orgId, bool subtree, string? q, int? year, PageRequest page,
        CancellationToken ct = default)
    {
        var terms = ArchiveSearch.Terms(q);
        if (q is not null && (q.Length > ArchiveSearch.QueryMaxLength || (terms.Count == 0 && q.Trim().Length > 0)))
        {
            throw DomainException.Validation("q", q.Length > ArchiveSearch.QueryMaxLength
                ? $"搜索词不超过 {ArchiveSearch.QueryMaxLength} 字"
                : "搜索词须包含文字或数字，不能只有标点符号");
        }

        var org = orgId is { } oid ? await orgs.FindReadableAsync(oid, ct) : null;
        var query = await ScopedAsync(db.Set<ArchiveDocument>(), org, subtree, year, ct);
        if (terms.Count == 0)
        {
            var all = await query.LongCountAsync(ct);
            var newest = query.OrderByDescending(d => d.Year).ThenByDescending(d => d.Id).Skip(page.Skip).Take(page.PageSize).Select(d => d.Id);
            return await PageAsync(await newest.ToListAsync(ct), terms, page, all, true, ct);
        }

        // SQLite's planner takes the (OrgPath, Year) index for a subtree and sorts every document of it before the window's
        // LIMIT; the walk tells it to read the (Year, Id) index newest first instead (2.5 s → 70 ms a window at 100,000).
        var walkable = db.IsPostgres ? query : await ScopedAsync(db.Set<ArchiveDocument>()
            .FromSqlRaw("""SELECT * FROM "ArchiveDocuments" INDEXED BY "IX_ArchiveDocuments_Year_Id" """), org, subtree, year, ct);
        var (ids, total, exact) = await MatchingPageAsync(query, walkable, terms, page, ct);
        return await PageAsync(ids, terms, page, total, exact, ct);
    }

    /// <summary>The documents the caller may read, of the organization (or its subtree) and year when given.</summary>
    private async Task<IQueryable<ArchiveDocument>> ScopedAsync(IQueryable<ArchiveDocument> source, Organization? org, bool subtree,
        int? year, CancellationToken ct)
    {
        var query = await scope.Readable(source.AsNoTracking(), d => d.OrgPath, ct);
        if (org is not null)
        {
            query = subtree ? query.Where(TreePath.In<ArchiveDocument>(d => d.OrgPath, org.Path)) : query.Where(d => d.OrgId == org.Id);
        }

        return year is { } y ? query.Where(d => d.Year == y) : query;
    }

    /// <summary>
    /// The ids of a search's page, newest year first, and its total. Terms the trigram index can answer (3+ characters) are
    /// asked of the index for at most <see cref="ArchiveSearch.MaxCounted"/> + 1 matches: when fewer, they are all the matches
    /// (exact total, sorted here). Otherwise (a common word) or when a term is too short for the index, the page is found by
    /// walking the scope's documents along the (Year, Id) index in windows, filtering each window by the terms, so the
    /// query stops once the page is full instead of ranking every match (docs/libraries.md).
    /// </summary>
    private async Task<(List<long> Ids, long Total, bool Exact)> MatchingPageAsync(IQueryable<ArchiveDocument> scoped,
        IQueryable<ArchiveDocument> walkable, IReadOnlyList<string> terms, PageRequest page, CancellationToken ct)
    {
        if (terms.All(t => t.Length >= ArchiveIndex.TrigramMinLength))
        {
            var matched = await (await index.MatchAsync(scoped, terms, ct)).Select(d => new { d.Id, d.Year })
                .Take(ArchiveSearch.MaxCounted + 1).ToListAsync(ct);
            if (matched.Count <= ArchiveSearch.MaxCounted)
            {
                var ids = matched.OrderByDescending(m => m.Year).ThenByDescending(m => m.Id).Skip(page.Skip).Take(page.PageSize)
                    .Select(m => m.Id).ToList();
                return (ids, matched.Count, true);
            }

            var (dense, _) = await WalkAsync(walkable, terms, page.Skip + page.PageSize, ct);
            return (dense.Skip(page.Skip).ToList(), ArchiveSearch.MaxCounted, false);
        }

        // No index for a 1–2 character term: the total is what the walk found (one more than the page when there is a next
        // one; totalExact false unless the walk read the whole scope).
        var (found, end) = await WalkAsync(walkable, terms, page.Skip + page.PageSize + 1, ct);
        return (found.Skip(page.Skip).Take(page.PageSize).ToList(), found.Count, end);
    }

    /// <summary>
    /// Walks the scope's documents newest first in growing windows (<see cref="ArchiveSearch.FirstWindow"/>, then four times
    /// larger) until <paramref name="wanted"/> matches are found, about <see cref="ArchiveSearch.MaxWalked"/> documents were
    /// read or the scope ends; answers the matches in order and whether they are all the scope's matches.
    /// </summary>
    private async Task<(List<long> Ids, bool All)> WalkAsync(IQueryable<ArchiveDocument> scoped, IReadOnlyList<string> terms,
        int wanted, CancellationToken ct)
    {
        var ids = new List<long>();
        var ordered = scoped.OrderByDescending(d => d.Year).ThenByDescending(d => d.Id);
        for (int from = 0, size = ArchiveSearch.FirstWindow; ; from += size, size *= 4)
        {
            var window = ordered.Skip(from).Take(size);
            var hits = ArchiveIndex.Contains(window, terms, db.IsPostgres).OrderByDescending(d => d.Year).ThenByDescending(d => d.Id).Select(d => d.Id);
            ids.AddRange(await hits.Take(wanted - ids.Count).ToListAsync(ct));
            if (ids.Count >= wanted)
            {
                return (ids, false);
            }

            if (await window.CountAsync(ct) < size)
            {
                return (ids, true);
            }

            if (from + size >= ArchiveSearch.MaxWalked)
            {
                return (ids, false);
            }
        }
    }

    private async Task<PagedList<ArchiveDocumentDto>> PageAsync(List<long> ids, IReadOnlyList<string> terms, PageRequest page, long total,
        bool exact, CancellationToken ct)
    {
        var rows = await (from d in db.Set<ArchiveDocument>().AsNoTracking().Where(d => ids.Contains(d.Id))
                          join o in db.Organizations on d.OrgId equals o.Id
                          select new { d, o.ShortName }).ToListAsync(ct);
        var items = rows.OrderBy(x => ids.IndexOf(x.d.Id))
            .Select(x => ToDto(x.d, x.ShortName, terms.Count > 0 ? ArchiveSearch.SnippetOf(x.d.SearchText, terms) : null)).ToList();
        return new PagedList<ArchiveDocumentDto>(items, page.Page, page.PageSize, total, exact);
    }

    /// <summary>The stored file of a document in the caller's scope.</summary>
    public async Task<(Stream? File, string Name)> FileAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<ArchiveDocument>().AsNoTracking().Where(d => d.Id == id), d => d.OrgPath, ct);
        var doc = await query.Select(d => new { d.StorageName, d.FileName }).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound(What);
        return (files.OpenRead(doc.StorageName), doc.FileName);
    }

    private static ArchiveDocumentDto ToDto(ArchiveDocument d, string orgName, Snippet? snippet) =>
        new(d.Id, d.OrgId, orgName, d.Title, d.Year, d.Tags.Length == 0 ? [] : d.Tags.Split(','), d.FileName, d.Size, d.Sha256,
            d.TextLength, $"/api/v1/archives/{d.Id}/file", d.CreatedAt, snippet);
}
