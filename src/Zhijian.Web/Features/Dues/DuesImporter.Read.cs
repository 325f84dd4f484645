using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>Reading a payroll file with the member import's reader and checks.</summary>
public sealed partial class DuesImporter
{
    /// <summary>
    /// The rows of an uploaded sheet in the order of <paramref name="headers"/> (found by their header; 公民身份号码 is the
    /// key header): xlsx is checked by <see cref="WorkbookProbe"/> (part sizes, zip bomb, rows), xls and csv (UTF-8 or GBK)
    /// by <see cref="FlatSheets.Probe"/>; an empty sheet or one over <see cref="MaxRows"/> rows is refused before any row.
    /// </summary>
    internal static async Task<List<(int Row, object?[] Cells)>> ReadAsync(Stream upload, IReadOnlyList<string> headers, CancellationToken ct)
    {
        // A browser's upload stream cannot seek; the checks read the file more than once.
        await using var copy = upload.CanSeek ? null : new MemoryStream();
        if (copy is not null)
        {
            await upload.CopyToAsync(copy, ct);
            copy.Position = 0;
        }

        return Read(copy ?? upload, headers);
    }

    private static List<(int Row, object?[] Cells)> Read(Stream file, IReadOnlyList<string> headers)
    {
        var format = FlatSheets.Detect(file);
        var facts = format == SheetFormat.Xlsx ? ProbeXlsx(file) : FlatSheets.Probe(file, format, MaxRows + 1);
        if (facts.FilledRows <= 1)
        {
            throw DomainException.Validation("file", $"文件中没有数据：第一行为表头（{string.Join("、", headers)}），从第二行起每行填写一条");
        }

        if (Math.Max(facts.Rows ?? 0, facts.FilledRows) - 1 > MaxRows)
        {
            throw DomainException.Validation("file", $"文件的数据超过 {MaxRows:N0} 行，一次最多导入 {MaxRows:N0} 行；请拆分成多个文件分批导入");
        }

        // The readers give dates in the workbook's own date system already: no 1904 shift here. A merged 缴费类别 over
        // several rows applies to each of them, as in the member import.
        return FlatSheets.Rows(file, format, headers, headers[0], mergedCells: facts.HasMergedCells).Take(MaxRows).ToList();
    }

    private static WorkbookProbe.Facts ProbeXlsx(Stream file)
    {
        try
        {
            return WorkbookProbe.Read(file, MaxRows + 1);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DomainException)
        {
            throw DomainException.Validation("file", FlatSheets.NotReadable);
        }
    }
}
