using MiniExcelLibs;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>
/// Writes report workbooks (one sheet per entry, rows as header → value dictionaries) the way the statistics export does,
/// but to a temporary file that deletes itself when closed, so a board of a whole country streams from the database
/// reader into the file with flat memory. Sheets are enumerated in order, one at a time.
/// </summary>
public static class Workbooks
{
    public const string ContentType = MemberExporter.ContentType;

    /// <summary>The most data rows one sheet takes (xlsx allows 1,048,576 rows including the header).</summary>
    public const int MaxRows = 1_000_000;

    /// <summary>Saves the sheets; the stream is returned at its start and deletes the file when disposed.</summary>
    public static async Task<Stream> SaveAsync(IReadOnlyDictionary<string, IEnumerable<Dictionary<string, object?>>> sheets,
        CancellationToken ct = default)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"zhijian-report-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var values = sheets.ToDictionary(s => s.Key, s => (object)s.Value);
            await file.SaveAsAsync(values, excelType: ExcelType.XLSX, cancellationToken: ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The rows, at most <see cref="MaxRows"/>, then a note row naming the cut; <paramref name="empty"/> when there are none
    /// (a sheet always has its header).
    /// </summary>
    public static IEnumerable<Dictionary<string, object?>> Capped(IEnumerable<Dictionary<string, object?>> rows,
        Dictionary<string, object?> empty, string firstHeader)
    {
        var n = 0;
        foreach (var row in rows)
        {
            if (n == MaxRows)
            {
                yield return new Dictionary<string, object?> { [firstHeader] = $"（仅列出前 {MaxRows:N0} 行）" };
                yield break;
            }

            n++;
            yield return row;
        }

        if (n == 0)
        {
            yield return empty;
        }
    }
}
