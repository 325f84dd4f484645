using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Zhijian.Web.Features.ImportExport;

namespace Zhijian.Tests.Infrastructure;

/// <summary>
/// Workbooks an attacker sends, built by streaming into the zip so that the test itself never holds what it sends: a
/// cell or a shared string of 150 million characters (0.1–0.2 MB compressed), a part whose header lies about its size,
/// a directory of thousands of parts, a DTD.
/// </summary>
public static class HostileWorkbook
{
    private const string Header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
    private const string SheetOpen = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";

    /// <summary>The template's header row, then one row whose 姓名 cell holds <paramref name="chars"/> characters inline.</summary>
    public static byte[] HugeInlineCell(long chars) => Package(sheet =>
    {
        sheet.Write(Header + SheetOpen + "<dimension ref=\"A1:M2\"/><sheetData>");
        WriteHeaderRow(sheet);
        sheet.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>");
        Repeat(sheet, 'x', chars);
        sheet.Write("</t></is></c></row></sheetData></worksheet>");
    }, sst => sst.Write(Header + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"));

    /// <summary>The header row, then one row whose 姓名 cell points at a shared string of <paramref name="chars"/> characters.</summary>
    public static byte[] HugeSharedString(long chars) => Package(sheet =>
    {
        sheet.Write(Header + SheetOpen + "<dimension ref=\"A1:M2\"/><sheetData>");
        WriteHeaderRow(sheet);
        sheet.Write("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>");
    }, sst =>
    {
        sst.Write(Header + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>");
        Repeat(sst, '团', chars);
        sst.Write("</t></si></sst>");
    });

    /// <summary>A sheet with a DTD that declares an entity, as an entity-expansion bomb starts.</summary>
    public static byte[] WithDoctype() => Package(sheet =>
    {
        sheet.Write(Header + "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>");
        sheet.Write(SheetOpen + "<dimension ref=\"A1:M2\"/><sheetData>");
        WriteHeaderRow(sheet);
        sheet.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>");
    }, sst => sst.Write(Header + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"));

    /// <summary>
    /// A valid small workbook plus a part of <paramref name="bytes"/> zero bytes whose local and central headers both
    /// declare <paramref name="declared"/> bytes: a zip bomb's lie (declared small) or an honest giant (declared large).
    /// </summary>
    public static byte[] WithPart(string name, long bytes, long declared)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            WritePackage(zip, sheet =>
            {
                sheet.Write(Header + SheetOpen + "<dimension ref=\"A1:M2\"/><sheetData>");
                WriteHeaderRow(sheet);
                sheet.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>张三</t></is></c></row></sheetData></worksheet>");
            }, sst => sst.Write(Header + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"));
            using var part = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            var zeros = new byte[1 << 20];
            for (long left = bytes; left > 0; left -= zeros.Length)
            {
                part.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
            }
        }

        var zipBytes = output.ToArray();
        ForgeSize(zipBytes, name, declared);
        return zipBytes;
    }

    /// <summary>
    /// A worksheet of about <paramref name="bytes"/> bytes of ordinary rows whose headers declare <paramref name="declared"/>
    /// bytes: the zip bomb's lie told by the part that is parsed.
    /// </summary>
    public static byte[] LyingWorksheet(long bytes, long declared)
    {
        var zip = Package(sheet =>
        {
            sheet.Write(Header + SheetOpen + "<sheetData>");
            WriteHeaderRow(sheet);
            const string row = "<row><c t=\"inlineStr\"><is><t>张三</t></is></c></row>";
            for (long written = 0; written < bytes; written += row.Length)
            {
                sheet.Write(row);
            }

            sheet.Write("</sheetData></worksheet>");
        }, sst => sst.Write(Header + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"));
        ForgeSize(zip, "xl/worksheets/sheet1.xml", declared);
        return zip;
    }

    /// <summary>A valid small workbook with <paramref name="extra"/> more empty parts.</summary>
    public static byte[] WithManyParts(int extra)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            WritePackage(zip, sheet =>
            {
                sheet.Write(Header + SheetOpen + "<sheetData>");
                WriteHeaderRow(sheet);
                sheet.Write("</sheetData></worksheet>");
            }, sst => sst.Write(Header + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"));
            for (var i = 0; i < extra; i++)
            {
                zip.CreateEntry($"customXml/item{i}.bin", CompressionLevel.NoCompression);
            }
        }

        return output.ToArray();
    }

    /// <summary>Sets the uncompressed size of a part in its local header and its central directory header.</summary>
    private static void ForgeSize(byte[] zip, string name, long declared)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var span = zip.AsSpan();
        for (var i = 0; i + 46 < span.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(span[i..]);
            if (signature == 0x04034b50 && span.Slice(i + 30, nameBytes.Length).SequenceEqual(nameBytes)
                && BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 26)..]) == nameBytes.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 22)..], (uint)declared);
            }
            else if (signature == 0x02014b50 && span.Slice(i + 46, nameBytes.Length).SequenceEqual(nameBytes)
                && BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 28)..]) == nameBytes.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 24)..], (uint)declared);
            }
        }
    }

    private static byte[] Package(Action<StreamWriter> sheet, Action<StreamWriter> sharedStrings)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            WritePackage(zip, sheet, sharedStrings);
        }

        return output.ToArray();
    }

    private static void WritePackage(ZipArchive zip, Action<StreamWriter> sheet, Action<StreamWriter> sharedStrings)
    {
        RawWorkbook.Entry(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
            """);
        RawWorkbook.Entry(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        RawWorkbook.Entry(zip, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="党（团）员信息" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        RawWorkbook.Entry(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
            """);
        using (var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open(), new UTF8Encoding(false)))
        {
            sheet(writer);
        }

        using (var writer = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open(), new UTF8Encoding(false)))
        {
            sharedStrings(writer);
        }
    }

    private static void WriteHeaderRow(StreamWriter sheet)
    {
        sheet.Write("<row r=\"1\">");
        for (var i = 0; i < MemberSheet.Headers.Length; i++)
        {
            sheet.Write($"<c r=\"{RawWorkbook.Column(i)}1\" t=\"inlineStr\"><is><t>{MemberSheet.Headers[i]}</t></is></c>");
        }

        sheet.Write("</row>");
    }

    private static void Repeat(StreamWriter writer, char c, long count)
    {
        var chunk = new string(c, 1 << 16);
        for (var left = count; left > 0; left -= chunk.Length)
        {
            writer.Write(chunk.AsSpan(0, (int)Math.Min(chunk.Length, left)));
        }
    }
}
