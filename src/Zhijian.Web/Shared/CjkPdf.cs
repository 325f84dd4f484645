using SkiaSharp;

namespace Zhijian.Web.Shared;

/// <summary>
/// Chinese text in PDFs drawn with SkiaSharp's PDF backend and a CJK font from the operating system (fonts-noto-cjk):
/// the font loading and the line wrapping the transfer letter and the dues receipt share.
/// </summary>
public static class CjkPdf
{
    /// <summary>Where Debian's fonts-noto-cjk puts the font; <c>Transfers:FontPath</c> overrides it.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    /// <summary>The configured font path (<c>Transfers:FontPath</c>) or the default.</summary>
    public static string FontPath(IConfiguration config) => config["Transfers:FontPath"] is { Length: > 0 } p ? p : DefaultFontPath;

    /// <summary>The Simplified Chinese face of the font; a missing font is a clear 503 naming <paramref name="document"/>, never boxes or a 500.</summary>
    public static SKTypeface LoadFont(string path, string document)
    {
        if (!File.Exists(path))
        {
            throw new DomainException(StatusCodes.Status503ServiceUnavailable, "font_missing",
                $"服务器缺少中文字体，无法生成{document}：未找到 {path}。请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），或以 Transfers:FontPath 指定一种中文字体");
        }

        // NotoSansCJK-Regular.ttc holds JP, KR, SC, TC, HK faces: take the Simplified Chinese one.
        for (var i = 0; i < 10; i++)
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

        return SKTypeface.FromFile(path, 0) ?? throw new DomainException(StatusCodes.Status503ServiceUnavailable, "font_missing",
            $"字体文件 {path} 无法读取，请安装 fonts-noto-cjk 或以 Transfers:FontPath 指定一种中文字体");
    }

    /// <summary>Wraps text character by character (Chinese has no spaces) within the margins.</summary>
    public static float Paragraph(SKCanvas canvas, string text, float left, float right, float y, SKFont font, SKPaint ink)
    {
        var line = new System.Text.StringBuilder();
        foreach (var ch in text)
        {
            if (font.MeasureText(line.ToString() + ch) > right - left)
            {
                canvas.DrawText(line.ToString(), left, y, SKTextAlign.Left, font, ink);
                y += font.Size * 1.8f;
                line.Clear();
            }

            line.Append(ch);
        }

        if (line.Length > 0)
        {
            canvas.DrawText(line.ToString(), left, y, SKTextAlign.Left, font, ink);
            y += font.Size * 1.8f;
        }

        return y;
    }
}
