using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.Transfers;

/// <summary>
/// The letter of introduction (介绍信) for a destination outside the system, with its tear-off receipt (回执),
/// drawn as a PDF with SkiaSharp's PDF backend and a CJK font from the operating system (fonts-noto-cjk).
/// </summary>
public sealed class TransferLetter(ZhijianDbContext db, TransferQueries queries, IConfiguration config)
{
    /// <summary>Where Debian's fonts-noto-cjk puts the font; <c>Transfers:FontPath</c> overrides it.</summary>
    public const string DefaultFontPath = CjkPdf.DefaultFontPath;

    public async Task<byte[]> RenderAsync(long id, CancellationToken ct = default)
    {
        var t = await queries.GetAsync(id, ct);
        if (t.Outside is null)
        {
            throw DomainException.InvalidState("系统内的转接无需介绍信");
        }

        if (t.LetterSerial is null || t.State is TransferState.Rejected or TransferState.Cancelled)
        {
            throw DomainException.InvalidState("介绍信在转出组织同意转出后开具；已退回或撤销的转接没有介绍信");
        }

        var row = await db.Set<Transfer>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var unmasked = await ShowsFullIdAsync(row, ct);
        var m = await db.Memberships.AsNoTracking().Where(x => x.Id == t.MemberId)
            .Select(x => new { x.Stage, x.Person!.Name, x.Person.Gender, x.Person.BirthDate, x.Person.IdNumber, x.Person.Ethnicity })
            .FirstAsync(ct);
        var from = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.FromOrgId, ct);
        var approvedOn = ChinaTime.DateOf(t.Steps.FirstOrDefault(s => s.Decision == TransferDecision.Approved)?.DecidedAt ?? t.CreatedAt);
        var league = t.System == OrgSystem.League;
        var who = league ? "团员" : m.Stage == Members.MemberStage.Probationary ? "预备党员" : "正式党员";
        var gender = m.Gender == "2" ? "女" : "男";
        var age = m.BirthDate is { } b ? approvedOn.Year - b.Year - (approvedOn < b.AddYears(approvedOn.Year - b.Year) ? 1 : 0) : (int?)null;
        var idNumber = unmasked ? m.IdNumber ?? "" : CitizenIdNumber.Mask(m.IdNumber);
        var person = $"{m.Name}同志（{gender}，{(age is { } a ? a + "岁，" : "")}身份证号码 {idNumber}）";
        var reason = TransferNames.Reason(t.Reason);
        var kind = league ? "团" : "党";
        var letter = new LetterText(
            Title: league ? "中国共产主义青年团团员组织关系介绍信" : "中国共产党党员组织关系介绍信",
            Serial: t.LetterSerial,
            Addressee: t.Outside.OrgName ?? "",
            Body: $"兹介绍{person}系{who}，因{reason}，其{kind}组织关系由{from.Name}转到你处，请接洽。",
            Validity: $"（有效期至 {t.LetterValidUntil:yyyy年M月d日}）",
            Signer: from.Name,
            Date: approvedOn.ToString("yyyy年M月d日"),
            Contact: $"联系人：{from.Contact ?? "＿＿＿＿"}　联系电话：{from.Phone ?? "＿＿＿＿＿＿＿＿"}",
            ReceiptTo: from.Name,
            ReceiptBody: $"{m.Name}同志的{kind}组织关系已转达我处，特此回复。",
            StubBody: $"{person}系{who}，因{reason}，其{kind}组织关系由{from.Name}转到{t.Outside.OrgName}。"
                + (t.Outside.Contact is { Length: > 0 } c ? "接收单位联系方式：" + c + "。" : ""),
            Masked: !unmasked);
        return Draw(letter, FontPath());
    }

    /// <summary>
    /// The full ID number is printed only for administrators of the sending or receiving organization (write scope on
    /// either end of the route): the receiving unit needs it to identify the person. Everyone else who may read the
    /// transfer (observers, the member on /me) gets the masked number. See docs/security/transfer-letter.md.
    /// </summary>
    private async Task<bool> ShowsFullIdAsync(Transfer row, CancellationToken ct) =>
        ((await queries.SideAsync(row, ct, forRead: true)) & (TransferSide.Sending | TransferSide.Receiving)) != 0;

    private string FontPath() => config["Transfers:FontPath"] is { Length: > 0 } p ? p : DefaultFontPath;

    /// <summary>The text of a letter, laid out by <see cref="Draw"/>.</summary>
    public sealed record LetterText(string Title, string Serial, string Addressee, string Body, string Validity, string Signer,
        string Date, string? Contact, string ReceiptTo, string ReceiptBody, string StubBody = "", bool Masked = false);

    /// <summary>
    /// Draws the stub (存根, kept by the sending organization), the letter and its receipt (回执) on one A4 page, separated by
    /// cut lines, then repairs the PDF's text layer (<see cref="PdfToUnicode"/>) so that its text copies and searches as drawn.
    /// A missing font is a clear 503, never boxes or a 500.
    /// </summary>
    public static byte[] Draw(LetterText l, string fontPath)
    {
        using var typeface = CjkPdf.LoadFont(fontPath, "介绍信");
        using var stream = new MemoryStream();
        using var pen = new Pen(typeface);
        using (var doc = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = l.Title, Creator = "Zhijian 智建" }))
        {
            var canvas = doc.BeginPage(Width, 842);
            var y = DrawStub(canvas, pen, l);
            y = CutLine(canvas, pen, y, "（沿此线剪开，存根由转出组织留存）");
            y = DrawLetter(canvas, pen, l, y);
            y = CutLine(canvas, pen, Math.Max(y, 560), "（沿此线剪下，由接收单位填写后寄回）");
            DrawReceipt(canvas, pen, l, y);
            doc.EndPage();
            doc.Close();
        }

        return PdfToUnicode.Repair(stream.ToArray(), pen.Glyphs());
    }

    private const float Width = 595, Left = 64, Right = 531;

    private static float DrawStub(SKCanvas canvas, Pen pen, LetterText l)
    {
        var y = 56f;
        pen.Text(canvas, "介绍信存根", Width / 2, y, SKTextAlign.Center, pen.Heading);
        y += 20;
        pen.Text(canvas, $"编号：{l.Serial}", Right, y, SKTextAlign.Right, pen.Small);
        y += 20;
        y = pen.Paragraph(canvas, "　　" + l.StubBody, y, pen.Small);
        pen.Text(canvas, $"开具日期：{l.Date}　　{l.Validity.Trim('（', '）')}　　经办人：＿＿＿＿", Left, y, SKTextAlign.Left, pen.Small);
        return y + 8;
    }

    private static float CutLine(SKCanvas canvas, Pen pen, float y, string hint)
    {
        y += 10;
        using (var dashed = new SKPaint { Color = SKColors.Gray, StrokeWidth = 0.8f, PathEffect = SKPathEffect.CreateDash([6, 4], 0) })
        {
            canvas.DrawLine(Left - 20, y, Right + 20, y, dashed);
        }

        pen.Text(canvas, hint, Width / 2, y + 13, SKTextAlign.Center, pen.Small);
        return y + 48;
    }

    private static float DrawLetter(SKCanvas canvas, Pen pen, LetterText l, float y)
    {
        pen.Text(canvas, l.Title, Width / 2, y, SKTextAlign.Center, pen.Title);
        y += 24;
        pen.Text(canvas, $"编号：{l.Serial}", Right, y, SKTextAlign.Right, pen.Small);
        y += 26;
        pen.Text(canvas, l.Addressee + "：", Left, y, SKTextAlign.Left, pen.Body);
        y += 24;
        y = pen.Paragraph(canvas, "　　" + l.Body, y, pen.Body);
        y = pen.Paragraph(canvas, "　　" + l.Validity, y + 2, pen.Body);
        y += 24;
        pen.Text(canvas, l.Signer + "（盖章）", Right, y, SKTextAlign.Right, pen.Body);
        y += 22;
        pen.Text(canvas, l.Date, Right, y, SKTextAlign.Right, pen.Body);
        if (l.Contact is not null)
        {
            y += 22;
            pen.Text(canvas, l.Contact, Left, y, SKTextAlign.Left, pen.Small);
        }

        if (l.Masked)
        {
            y += 16;
            pen.Text(canvas, "（本件为查阅件，身份证号码已隐去；正式介绍信由转出或接收组织的管理员打印）", Left, y, SKTextAlign.Left, pen.Small);
        }

        return y;
    }

    private static void DrawReceipt(SKCanvas canvas, Pen pen, LetterText l, float y)
    {
        pen.Text(canvas, "回　执", Width / 2, y, SKTextAlign.Center, pen.Title);
        y += 22;
        pen.Text(canvas, $"编号：{l.Serial}", Right, y, SKTextAlign.Right, pen.Small);
        y += 24;
        pen.Text(canvas, l.ReceiptTo + "：", Left, y, SKTextAlign.Left, pen.Body);
        y += 24;
        y = pen.Paragraph(canvas, "　　" + l.ReceiptBody, y, pen.Body);
        y += 24;
        pen.Text(canvas, "接收单位（盖章）", Right, y, SKTextAlign.Right, pen.Body);
        y += 22;
        pen.Text(canvas, "年　　月　　日", Right, y, SKTextAlign.Right, pen.Body);
        y += 22;
        pen.Text(canvas, "接收单位联系电话：＿＿＿＿＿＿＿＿", Left, y, SKTextAlign.Left, pen.Small);
    }

    /// <summary>Draws text and remembers which character each glyph stands for (for the PDF's text layer).</summary>
    private sealed class Pen(SKTypeface typeface) : IDisposable
    {
        private readonly Dictionary<int, string> glyphs = [];

        public SKFont Title { get; } = new(typeface, 18);
        public SKFont Heading { get; } = new(typeface, 14);
        public SKFont Body { get; } = new(typeface, 12.5f);
        public SKFont Small { get; } = new(typeface, 10);
        public SKPaint Ink { get; } = new() { Color = SKColors.Black, IsAntialias = true };

        public void Text(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                glyphs.TryAdd(typeface.GetGlyph(rune.Value), rune.ToString());
            }

            canvas.DrawText(text, x, y, align, font, Ink);
        }

        public IReadOnlyDictionary<int, string> Glyphs() => glyphs;

        public void Dispose()
        {
            Title.Dispose();
            Heading.Dispose();
            Body.Dispose();
            Small.Dispose();
            Ink.Dispose();
        }

        /// <summary>Wraps text character by character (Chinese has no spaces) within the margins.</summary>
        public float Paragraph(SKCanvas canvas, string text, float y, SKFont font)
        {
            var line = new System.Text.StringBuilder();
            foreach (var ch in text)
            {
                if (font.MeasureText(line.ToString() + ch) > Right - Left)
                {
                    Text(canvas, line.ToString(), Left, y, SKTextAlign.Left, font);
                    y += font.Size * 1.7f;
                    line.Clear();
                }

                line.Append(ch);
            }

            if (line.Length > 0)
            {
                Text(canvas, line.ToString(), Left, y, SKTextAlign.Left, font);
                y += font.Size * 1.7f;
            }

            return y;
        }
    }
}
