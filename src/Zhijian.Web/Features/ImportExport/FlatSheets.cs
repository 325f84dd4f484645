using System.Text;
using ExcelDataReader;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>The formats the member import reads, told apart by their first bytes (not by the file's name).</summary>
public enum SheetFormat
{
    /// <summary>Office Open XML (a zip): Excel 2007 and later, WPS, LibreOffice, ExcelJS, SheetJS.</summary>
    Xlsx,

    /// <summary>Excel 97–2003 (BIFF8 in an OLE2 compound file).</summary>
    Xls,

    /// <summary>Comma-separated text: UTF-8 with or without a byte-order mark, UTF-16 with one, or GBK (GB18030).</summary>
    Csv,
}

/// <summary>
/// The rows of an upload in every format the import reads: the format from the first bytes; for .xls and .csv (read with
/// ExcelDataReader) the text encoding of a CSV file and a check of the whole file before any row is imported (filled rows
/// up to one past the limit, no cell over Excel's 32,767 characters; a CSV file is checked by a scanner that holds no
/// cell, so a 50 MB line costs a buffer, not 100 MB of string); .xlsx is checked by <see cref="WorkbookProbe"/> and read
/// by <see cref="XlsxSheet"/>. Then the rows in the template's columns, found by their headers.
/// </summary>
public static class FlatSheets
{
    /// <summary>Excel's limit for one cell; longer cells are refused (the .xlsx probe refuses the same).</summary>
    public const int MaxCellChars = 32_767;

    internal const string NotReadable = "文件不是有效的 Excel 工作簿（.xlsx、.xls）或 CSV 文件，请使用下载的模板填写";

    private static readonly Lazy<Encoding> Gbk = new(() =>
    {
        // GBK files are read as GB18030, its superset; the code-page encodings ship with .NET but must be registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    /// <summary>The format of an upload from its first bytes; leaves the stream at 0.</summary>
    public static SheetFormat Detect(Stream file)
    {
        Span<byte> head = stackalloc byte[8];
        file.Position = 0;
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (read >= 4 && head[..4].SequenceEqual("PK\u0003\u0004"u8))
        {
            return SheetFormat.Xlsx;
        }

        return read == 8 && head.SequenceEqual((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
            ? SheetFormat.Xls
            : SheetFormat.Csv;
    }

    /// <summary>
    /// The encoding of a CSV file: its byte-order mark when it has one; else UTF-8 when every byte sequence is valid
    /// UTF-8; else GBK (what Excel and WPS save as "CSV" on a Chinese Windows). Leaves the stream at 0.
    /// </summary>
    public static Encoding CsvEncoding(Stream file)
    {
        file.Position = 0;
        Span<byte> bom = stackalloc byte[3];
        var read = file.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 3 && bom.SequenceEqual("\uFEFF"u8))
        {
            return new UTF8Encoding(false);
        }

        if (read >= 2 && bom[0] == 0xFF && bom[1] == 0xFE)
        {
            return Encoding.Unicode;
        }

        if (read >= 2 && bom[0] == 0xFE && bom[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode;
        }

        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int n;
            while ((n = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                decoder.GetCharCount(buffer, 0, n, flush: false);
            }

            decoder.GetCharCount([], 0, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Gbk.Value;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            file.Position = 0;
        }
    }

    /// <summary>
    /// Checks a .xls or .csv file before any row is imported: refuses a cell over <see cref="MaxCellChars"/> and counts the
    /// filled rows (header included) up to one past <paramref name="rowLimit"/>, as <see cref="WorkbookProbe"/> does for
    /// .xlsx. Throws <see cref="DomainException"/> for a refused file. Leaves the stream at 0.
    /// </summary>
    public static WorkbookProbe.Facts Probe(Stream file, SheetFormat format, int rowLimit)
    {
        try
        {
            return format == SheetFormat.Csv ? ProbeCsv(file, rowLimit) : ProbeXls(file, rowLimit);
        }
        catch (Exception e) when (e is not DomainException and not OperationCanceledException)
        {
            throw DomainException.Validation("file", NotReadable);
        }
        finally
        {
            file.Position = 0;
        }
    }

    private static WorkbookProbe.Facts ProbeXls(Stream file, int rowLimit)
    {
        using var reader = Open(file, SheetFormat.Xls);
        var filled = 0;
        while (filled <= rowLimit && reader.Read())
        {
            var any = false;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                if (value is string s && s.Length > MaxCellChars)
                {
                    throw TooLong();
                }

                any |= value is not null && MemberSheet.Text(value) is not null;
            }

            filled += any ? 1 : 0;
        }

        return new WorkbookProbe.Facts(null, false, filled);
    }

    /// <summary>Walks the text once with a fixed buffer: quotes, separators and line ends; no cell is kept.</summary>
    private static WorkbookProbe.Facts ProbeCsv(Stream file, int rowLimit)
    {
        using var text = new StreamReader(file, CsvEncoding(file), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var buffer = new char[1 << 16];
        var filled = 0;
        var cell = 0;
        var quoted = false;
        var rowHasValue = false;
        int n;
        while ((n = text.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                var c = buffer[i];
                if (c == '\0')
                {
                    // Text files hold no NUL: a binary file that is neither a workbook nor CSV.
                    throw DomainException.Validation("file", NotReadable);
                }

                if (c == '"')
                {
                    quoted = !quoted;
                    continue;
                }

                if (!quoted && c is ',' or ';' or '\t')
                {
                    cell = 0;
                    continue;
                }

                if (!quoted && c is '\n' or '\r')
                {
                    if (rowHasValue)
                    {
                        filled++;
                        if (filled > rowLimit)
                        {
                            return new WorkbookProbe.Facts(null, false, filled);
                        }
                    }

                    cell = 0;
                    rowHasValue = false;
                    continue;
                }

                if (++cell > MaxCellChars)
                {
                    throw TooLong();
                }

                rowHasValue |= !char.IsWhiteSpace(c) && c != '\uFEFF';
            }
        }

        return new WorkbookProbe.Facts(null, false, filled + (rowHasValue ? 1 : 0));
    }

    private static DomainException TooLong() =>
        DomainException.Validation("file", $"文件中有单元格超过 {MaxCellChars:N0} 个字符（Excel 单元格的上限），不是党（团）员信息；请使用下载的模板填写");

    private static IExcelDataReader Open(Stream file, SheetFormat format)
    {
        file.Position = 0;

        // ExcelReaderConfiguration's default fallback encoding is code page 1252, and BIFF8 keeps text in the workbook's
        // code page (often 936 on a Chinese Windows): the code pages must be registered before any reader is made.
        _ = Gbk.Value;
        if (format == SheetFormat.Xls)
        {
            return ExcelReaderFactory.CreateBinaryReader(file, new ExcelReaderConfiguration { LeaveOpen = true });
        }

        var encoding = CsvEncoding(file);
        return ExcelReaderFactory.CreateCsvReader(file, new ExcelReaderConfiguration
        {
            LeaveOpen = true,
            FallbackEncoding = encoding,
            AutodetectSeparators = [',', ';', '\t'],
        });
    }

    /// <summary>
    /// The rows of a checked file with their sheet row numbers, in <see cref="MemberSheet.Headers"/> order (columns found by
    /// their header, in any order); rows with no template cell filled are left out; a missing header is refused before the
    /// first row. Each row is one array of typed cell values (string, double, DateTime, bool), never a dictionary.
    /// Dates are in the workbook's own date system (1900 or 1904). <paramref name="mergedCells"/>: an .xlsx whose merged ranges must be filled (<see cref="XlsxSheet.Open"/>).
    /// </summary>
    public static IEnumerable<(int Row, object?[] Cells)> Rows(Stream file, SheetFormat format, bool mergedCells = false) =>
        Rows(file, format, MemberSheet.Headers, MemberSheet.Name, mergedCells);

    /// <summary>
    /// The rows of a checked file in the order of <paramref name="headers"/> (any sheet with a header row: the member
    /// template, the dues payroll sheets); <paramref name="keyHeader"/> must be among the first row's cells, or the file is
    /// refused as not being the template. Otherwise as <see cref="Rows(Stream, SheetFormat, bool)"/>.
    /// </summary>
    public static IEnumerable<(int Row, object?[] Cells)> Rows(Stream file, SheetFormat format, IReadOnlyList<string> headers,
        string keyHeader, bool mergedCells = false)
    {
        ISheetRows reader;
        try
        {
            // An .xlsx has been checked by WorkbookProbe before (part sizes, cells, DTDs, rows): read from its XML.
            reader = format == SheetFormat.Xlsx ? XlsxSheet.Open(file, mergedCells) : new DataReaderRows(Open(file, format));
        }
        catch (Exception e) when (e is not DomainException and not OperationCanceledException)
        {
            throw DomainException.Validation("file", NotReadable);
        }

        return Iterate(reader, headers, keyHeader);
    }

    private static IEnumerable<(int Row, object?[] Cells)> Iterate(ISheetRows reader, IReadOnlyList<string> template,
        string keyHeader)
    {
        using var _ = reader;
        int[]? columns = null;
        while (Next(reader))
        {
            if (columns is null)
            {
                var headers = Enumerable.Range(0, reader.Count).Select(i => MemberSheet.Text(reader.Cell(i))?.TrimStart('\uFEFF')).ToList();
                if (!headers.Contains(keyHeader))
                {
                    throw DomainException.Validation("file", $"{NotReadable}（第一行应为模板表头）");
                }

                var missing = template.Where(h => !headers.Contains(h)).ToList();
                if (missing.Count > 0)
                {
                    throw DomainException.Validation("file", $"表头与模板不一致，缺少列：{string.Join("、", missing)}；请使用下载的模板");
                }

                columns = template.Select(h => headers.IndexOf(h)).ToArray();
                continue;
            }

            var values = new object?[template.Count];
            var blank = true;
            for (var i = 0; i < values.Length; i++)
            {
                var value = reader.Cell(columns[i]);
                values[i] = value is string { Length: 0 } ? null : value;
                blank &= MemberSheet.Text(values[i]) is null;
            }

            if (!blank)
            {
                yield return (reader.Row, values);
            }
        }
    }

    private static bool Next(ISheetRows reader)
    {
        try
        {
            return reader.Next();
        }
        catch (Exception e) when (e is not DomainException and not OperationCanceledException)
        {
            throw DomainException.Validation("file", NotReadable);
        }
    }

    /// <summary>ExcelDataReader's rows (.xls, .csv) as <see cref="ISheetRows"/>: a row per <c>Read</c>, numbered from 1.</summary>
    private sealed class DataReaderRows(IExcelDataReader reader) : ISheetRows
    {
        public int Row { get; private set; }

        public int Count => reader.FieldCount;

        public bool Next()
        {
            var more = reader.Read();
            Row += more ? 1 : 0;
            return more;
        }

        public object? Cell(int column) => column < reader.FieldCount ? reader.GetValue(column) : null;

        public void Dispose() => reader.Dispose();
    }
}
