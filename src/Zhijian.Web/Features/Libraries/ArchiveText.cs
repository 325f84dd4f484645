using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Libraries;

/// <summary>The text of an archive file, for the search: .txt (UTF-8, else GB18030), .docx (paragraphs), .pdf (pages); other types have none.</summary>
public static class ArchiveText
{
    /// <summary>The extensions whose text is searched.</summary>
    public static readonly string[] Searchable = [".txt", ".docx", ".pdf"];

    /// <summary>The file's text (at most <see cref="ArchiveDocument.TextMaxLength"/> characters); 400 when the file cannot be read as its type.</summary>
    public static string Extract(string extension, byte[] content)
    {
        try
        {
            var text = extension switch
            {
                ".txt" => Plain(content),
                ".docx" => Docx(content),
                ".pdf" => Pdf(content),
                _ => "",
            };
            text = text.Replace('\0', ' ');
            return text.Length > ArchiveDocument.TextMaxLength ? text[..ArchiveDocument.TextMaxLength] : text;
        }
        catch (Exception e) when (e is not DomainException and not OutOfMemoryException)
        {
            throw DomainException.Validation("file", $"无法读取文件内容，请确认文件是完好的{extension}文档");
        }
    }

    private static string Plain(byte[] content)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(content);
        }
    }

    private static string Docx(byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var doc = WordprocessingDocument.Open(stream, false);
        var body = doc.MainDocumentPart?.Document?.Body;
        if (body is null)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var p in body.Descendants<Paragraph>())
        {
            text.Append(p.InnerText).Append('\n');
            if (text.Length > ArchiveDocument.TextMaxLength)
            {
                break;
            }
        }

        return text.ToString();
    }

    private static string Pdf(byte[] content)
    {
        using var pdf = PdfDocument.Open(content);
        var text = new StringBuilder();
        foreach (var page in pdf.GetPages())
        {
            text.Append(page.Text).Append('\n');
            if (text.Length > ArchiveDocument.TextMaxLength)
            {
                break;
            }
        }

        return text.ToString();
    }
}
