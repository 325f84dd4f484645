using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SkiaSharp;

namespace Zhijian.Web.Features.Libraries;

/// <summary>
/// Writes real .docx (Open XML) and .pdf (SkiaSharp with the Noto CJK font, as the transfer letter does) files of Chinese
/// text: the demo's archive documents, and the documents the tests search inside.
/// </summary>
public static class ArchiveSamples
{
    public const string DefaultFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    /// <summary>A Word document: the title as a heading, then one paragraph per line.</summary>
    public static byte[] Docx(string title, IEnumerable<string> paragraphs)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.Append(new Paragraph(new Run(new RunProperties(new Bold()), new Text(title))));
            foreach (var p in paragraphs)
            {
                body.Append(new Paragraph(new Run(new Text(p) { Space = SpaceProcessingModeValues.Preserve })));
            }

            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>A PDF of A4 pages: the title, then the paragraphs wrapped character by character.</summary>
    public static byte[] Pdf(string title, IEnumerable<string> paragraphs, string fontPath = DefaultFontPath)
    {
        using var typeface = LoadFont(fontPath);
        using var stream = new MemoryStream();
        using (var doc = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = title, Creator = "Zhijian 智建" }))
        {
            const float width = 595, height = 842, left = 64, right = 531, bottom = 780;
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var head = new SKFont(typeface, 18);
            using var font = new SKFont(typeface, 12);
            var canvas = doc.BeginPage(width, height);
            canvas.DrawText(title, width / 2, 80, SKTextAlign.Center, head, ink);
            var y = 120f;
            foreach (var line in paragraphs.SelectMany(p => Wrap("　　" + p, font, right - left)))
            {
                if (y > bottom)
                {
                    doc.EndPage();
                    canvas = doc.BeginPage(width, height);
                    y = 80;
                }

                canvas.DrawText(line, left, y, SKTextAlign.Left, font, ink);
                y += 20;
            }

            doc.EndPage();
            doc.Close();
        }

        return stream.ToArray();
    }

    private static IEnumerable<string> Wrap(string text, SKFont font, float width)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (font.MeasureText(text[start..i]) > width)
            {
                yield return text[start..(i - 1)];
                start = i - 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    private static SKTypeface LoadFont(string path)
    {
        for (var i = 0; i < 10 && File.Exists(path); i++)
        {
            var face = SKTypeface.FromFile(path, i);
            if (face is null)
            {
                break;
            }

            if (face.FamilyName.Contains("SC", StringComparison.Ordinal) || !path.EndsWith(".ttc", StringComparison.OrdinalIgnoreCase))
            {
                return face;
            }

            face.Dispose();
        }

        return SKTypeface.FromFile(path, 0) ?? SKTypeface.Default;
    }
}
