using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;

namespace Zhijian.Web.Features.Libraries;

/// <summary>
/// The search index of the archives. PostgreSQL: a pg_trgm GIN index on <c>ArchiveDocuments.SearchText</c> (declared in
/// the model, so migrations create it) answers <c>ILIKE '%term%'</c> for terms of 3 characters or more. SQLite: an FTS5
/// table with the trigram tokenizer, <c>ArchiveSearch(rowid = document id, Body)</c>, created here when missing (also by
/// the migration) and written with each document; terms of 1–2 characters fall back to LIKE on the documents.
/// </summary>
public sealed class ArchiveIndex(ZhijianDbContext db)
{
    /// <summary>The shortest term a trigram index can answer.</summary>
    public const int TrigramMinLength = 3;

    public const string CreateSqliteTable =
        "CREATE VIRTUAL TABLE IF NOT EXISTS \"ArchiveSearch\" USING fts5(\"Body\", tokenize = 'trigram')";

    private static readonly ConcurrentDictionary<string, bool> Ensured = new();

    /// <summary>Creates the SQLite FTS5 table once per database (nothing on PostgreSQL).</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            return;
        }

        var key = db.Database.GetConnectionString() ?? "";
        if (!Ensured.ContainsKey(key))
        {
            await db.Database.ExecuteSqlRawAsync(CreateSqliteTable, ct);
            Ensured[key] = true;
        }
    }

    /// <summary>Indexes a document's searchable text (SQLite; PostgreSQL's index follows the row).</summary>
    public async Task AddAsync(long id, string searchText, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            return;
        }

        await EnsureAsync(ct);
        await db.Database.ExecuteSqlAsync($"INSERT INTO \"ArchiveSearch\" (rowid, \"Body\") VALUES ({id}, {searchText})", ct);
    }

    /// <summary>Documents whose title, tags or text contain every term.</summary>
    public async Task<IQueryable<ArchiveDocument>> MatchAsync(IQueryable<ArchiveDocument> query, IReadOnlyList<string> terms, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            foreach (var term in terms)
            {
                var like = ArchiveSearch.Like(term);
                query = query.Where(d => EF.Functions.ILike(d.SearchText, like, "\\"));
            }

            return query;
        }

        await EnsureAsync(ct);
        var longTerms = terms.Where(t => t.Length >= TrigramMinLength).ToList();
        if (longTerms.Count > 0)
        {
            var match = string.Join(" AND ", longTerms.Select(ArchiveSearch.Phrase));
            var ids = db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM \"ArchiveSearch\" WHERE \"ArchiveSearch\" MATCH {match}");
            query = query.Where(d => ids.Contains(d.Id));
        }

        foreach (var term in terms.Where(t => t.Length < TrigramMinLength))
        {
            var like = ArchiveSearch.Like(term);
            query = query.Where(d => EF.Functions.Like(d.SearchText, like, "\\"));
        }

        return query;
    }

    /// <summary>
    /// Documents of <paramref name="window"/> containing every term, as LIKE (SQLite) / ILIKE (PostgreSQL) filters on the
    /// searchable text: for a bounded window of documents, where reading the rows is cheaper than asking the index.
    /// </summary>
    public static IQueryable<ArchiveDocument> Contains(IQueryable<ArchiveDocument> window, IReadOnlyList<string> terms, bool postgres)
    {
        foreach (var term in terms)
        {
            var like = ArchiveSearch.Like(term);
            window = postgres
                ? window.Where(d => EF.Functions.ILike(d.SearchText, like, "\\"))
                : window.Where(d => EF.Functions.Like(d.SearchText, like, "\\"));
        }

        return window;
    }
}
