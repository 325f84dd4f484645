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

        var m = await db.Memberships.AsNoTracking().Where(x => x.Id == t.MemberId)
            .Select(x => new { x.Stage, x.Person!.Name, x.Person.Gender, x.Person.BirthDate, x.Person.IdNumber, x.Person.Ethnicity })
            .FirstAsync(ct);
        var from = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.FromOrgId, ct);
        var approvedOn = ChinaTime.DateOf(t.Steps.FirstOrDefault(s => s.Decision == TransferDecision.Approved)?.DecidedAt ?? t.CreatedAt);
        var league = t.System == OrgSystem.League;
        var who = league ? "团员" : m.Stage == Members.MemberStage.Probationary ? "预备党员" : "正式党员";
        var gender = m.Gender == "2" ? "女" : "男";
        var age = m.BirthDate is { } b ? approvedOn.Year - b.Year - (approvedOn < b.AddYears(approvedOn.Year - b.Year) ? 1 : 0) : (int?)null;
        var letter = new LetterText(
            Title: league ? "中国共产主义青年团团员组织关系介绍信" : "中国共产党党员组织关系介绍信",
            Serial: t.LetterSerial,
            Addressee: t.Outside.OrgName ?? "",
            Body: $"兹介绍{m.Name}同志（{gender}，{(age is { } a ? a + "岁，" : "")}身份证号码 {CitizenIdNumber.Mask(m.IdNumber)}）系{who}，"
                + $"因{TransferNames.Reason(t.Reason)}，其{(league ? "团" : "党")}组织关系由{from.Name}转到你处，请接洽。",
            Validity: $"（有效期至 {t.LetterValidUntil:yyyy年M月d日}）",
            Signer: from.Name,
            Date: approvedOn.ToString("yyyy年M月d日"),
            Contact: from.Contact is null ? null : $"联系人：{from.Contact} {from.Phone}",
            ReceiptTo: from.Name,
            ReceiptBody: $"{m.Name}同志的{(league ? "团" : "党")}组织关系已转达我处，特此回复。");
        return Draw(letter, FontPath());
    }

    private string FontPath() => config["Transfers:FontPath"] is { Length: > 0 } p ? p : DefaultFontPath;

    /// <summary>The text of a letter, laid out by <see cref="Draw"/>.</summary>
    public sealed record LetterText(string Title, string Serial, string Addressee, string Body, string Validity, string Signer,
        string Date, string? Contact, string ReceiptTo, string ReceiptBody);

    /// <summary>Draws the letter and its receipt on one A4 page. A missing font is a clear 503, never boxes or a 500.</summary>
    public static byte[] Draw(LetterText l, string fontPath)
    {
        using var typeface = CjkPdf.LoadFont(fontPath, "介绍信");
        using var stream = new MemoryStream();
        using (var doc = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = l.Title, Creator = "Zhijian 智建" }))
        {
            const float width = 595, height = 842, left = 64, right = 531;
            var canvas = doc.BeginPage(width, height);
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var title = new SKFont(typeface, 20);
            using var body = new SKFont(typeface, 13);
            using var small = new SKFont(typeface, 10);
            var y = 90f;
            canvas.DrawText(l.Title, width / 2, y, SKTextAlign.Center, title, ink);
            y += 28;
            canvas.DrawText($"编号：{l.Serial}", right, y, SKTextAlign.Right, small, ink);
            y += 36;
            canvas.DrawText(l.Addressee + "：", left, y, SKTextAlign.Left, body, ink);
            y += 26;
            y = CjkPdf.Paragraph(canvas, "　　" + l.Body, left, right, y, body, ink);
            y = CjkPdf.Paragraph(canvas, "　　" + l.Validity, left, right, y + 4, body, ink);
            y += 40;
            canvas.DrawText(l.Signer + "（盖章）", right, y, SKTextAlign.Right, body, ink);
            y += 24;
            canvas.DrawText(l.Date, right, y, SKTextAlign.Right, body, ink);
            if (l.Contact is not null)
            {
                y += 24;
                canvas.DrawText(l.Contact, left, y, SKTextAlign.Left, small, ink);
            }

            // The tear-off line and the receipt (回执) the receiving unit sends back.
            y = Math.Max(y + 50, 500);
            using (var dashed = new SKPaint { Color = SKColors.Gray, StrokeWidth = 0.8f, PathEffect = SKPathEffect.CreateDash([6, 4], 0) })
            {
                canvas.DrawLine(left - 20, y, right + 20, y, dashed);
            }

            canvas.DrawText("（沿此线剪下，寄回）", width / 2, y + 14, SKTextAlign.Center, small, ink);
            y += 56;
            canvas.DrawText("回　执", width / 2, y, SKTextAlign.Center, title, ink);
            y += 24;
            canvas.DrawText($"编号：{l.Serial}", right, y, SKTextAlign.Right, small, ink);
            y += 32;
            canvas.DrawText(l.ReceiptTo + "：", left, y, SKTextAlign.Left, body, ink);
            y += 26;
            y = CjkPdf.Paragraph(canvas, "　　" + l.ReceiptBody, left, right, y, body, ink);
            y += 40;
            canvas.DrawText("接收单位（盖章）", right, y, SKTextAlign.Right, body, ink);
            y += 24;
            canvas.DrawText("年　　月　　日", right, y, SKTextAlign.Right, body, ink);
            doc.EndPage();
            doc.Close();
        }

        return stream.ToArray();
    }
}
