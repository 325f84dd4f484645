using System.Text;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>The receipt (收据) of a payment as a PDF: number, payer, months, amounts in figures and in Chinese capitals.</summary>
public sealed class DuesReceipts(ZhijianDbContext db, IConfiguration config)
{
    /// <summary>The receipt (the route's policy checked the caller may read the payment's organization).</summary>
    public async Task<(byte[] Pdf, string Name)> PdfAsync(long paymentId, CancellationToken ct = default)
    {
        var p = await db.Set<DuesPayment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == paymentId, ct)
            ?? throw DomainException.NotFound("收据");
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == p.OrgId, ct);
        var lines = await (from l in db.Set<DuesLine>().AsNoTracking()
                           where l.PaymentId == p.Id
                           join m in db.Persons on l.PersonId equals m.Id
                           orderby m.Name, l.Month
                           select new ReceiptLine(m.Name, DuesMonth.FromKey(l.Month).ToString(), l.AmountFen)).ToListAsync(ct);
        var title = org.System == OrgSystem.League ? "团费收据" : "党费收据";
        return (Draw(new ReceiptText(title, p.ReceiptNo, p.PayerName, org.Name, DuesNames.Of(p.Method), p.PaidOn, lines, p.TotalFen),
            CjkPdf.FontPath(config)), $"{p.ReceiptNo}.pdf");
    }

    public sealed record ReceiptLine(string Name, string Month, long AmountFen);

    public sealed record ReceiptText(string Title, string Number, string Payer, string Payee, string Method, DateOnly PaidOn,
        IReadOnlyList<ReceiptLine> Lines, long TotalFen);

    /// <summary>Draws the receipt on one A5-landscape-sized page (more lines continue on further pages).</summary>
    public static byte[] Draw(ReceiptText r, string fontPath)
    {
        using var typeface = CjkPdf.LoadFont(fontPath, "收据");
        using var stream = new MemoryStream();
        using (var doc = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = r.Title, Creator = "Zhijian 智建" }))
        {
            const float width = 595, height = 842, left = 64, right = 531;
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var title = new SKFont(typeface, 20);
            using var body = new SKFont(typeface, 12);
            var canvas = doc.BeginPage(width, height);
            var y = 80f;
            canvas.DrawText(r.Title, width / 2, y, SKTextAlign.Center, title, ink);
            y += 28;
            canvas.DrawText($"收据号：{r.Number}", right, y, SKTextAlign.Right, body, ink);
            y += 28;
            y = CjkPdf.Paragraph(canvas, $"交款人：{r.Payer}", left, right, y, body, ink);
            y = CjkPdf.Paragraph(canvas, $"收款单位：{r.Payee}", left, right, y, body, ink);
            y = CjkPdf.Paragraph(canvas, $"交纳方式：{r.Method}　　交纳日期：{r.PaidOn:yyyy年M月d日}", left, right, y, body, ink);
            y += 8;
            foreach (var line in r.Lines)
            {
                if (y > height - 120)
                {
                    doc.EndPage();
                    canvas = doc.BeginPage(width, height);
                    y = 80;
                }

                canvas.DrawText($"{line.Name}　{line.Month}", left + 12, y, SKTextAlign.Left, body, ink);
                canvas.DrawText($"{Yuan.Of(line.AmountFen):0.00} 元", right, y, SKTextAlign.Right, body, ink);
                y += 20;
            }

            y += 12;
            canvas.DrawText($"合计（小写）：¥{Yuan.Of(r.TotalFen):0.00}", left, y, SKTextAlign.Left, body, ink);
            y += 22;
            canvas.DrawText($"合计（大写）：人民币{ChineseCapitals.Of(r.TotalFen)}", left, y, SKTextAlign.Left, body, ink);
            y += 40;
            canvas.DrawText("收款人（签章）：", right - 120, y, SKTextAlign.Right, body, ink);
            doc.EndPage();
            doc.Close();
        }

        return stream.ToArray();
    }
}

/// <summary>Amounts in Chinese capitals (大写金额) as receipts and vouchers write them: 壹佰贰拾叁元肆角伍分, 叁元整.</summary>
public static class ChineseCapitals
{
    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] Places = ["", "拾", "佰", "仟"];
    private static readonly string[] Groups = ["", "万", "亿", "万亿"];

    /// <summary>The amount of <paramref name="fen"/> (not negative) in capitals.</summary>
    public static string Of(long fen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fen);
        var (yuan, jiao, cents) = (fen / 100, fen / 10 % 10, fen % 10);
        if (fen == 0)
        {
            return "零元整";
        }

        var s = new StringBuilder();
        if (yuan > 0)
        {
            s.Append(Integer(yuan)).Append('元');
        }

        if (jiao == 0 && cents == 0)
        {
            return s.Append('整').ToString();
        }

        if (jiao > 0)
        {
            s.Append(Digits[(int)jiao]).Append('角');
        }
        else if (yuan > 0)
        {
            s.Append('零');
        }

        if (cents > 0)
        {
            s.Append(Digits[(int)cents]).Append('分');
        }

        return s.ToString();
    }

    /// <summary>A positive whole number: groups of four digits (万, 亿), one 零 for each run of zeros between digits.</summary>
    private static string Integer(long n)
    {
        var groups = new List<int>();
        for (var v = n; v > 0; v /= 10000)
        {
            groups.Add((int)(v % 10000));
        }

        var s = new StringBuilder();
        var zero = false;
        for (var g = groups.Count - 1; g >= 0; g--)
        {
            var group = groups[g];
            if (group == 0)
            {
                zero = s.Length > 0;
                continue;
            }

            if (s.Length > 0 && (zero || group < 1000))
            {
                s.Append('零');
            }

            zero = false;
            s.Append(Group(group)).Append(Groups[g]);
        }

        return s.ToString();
    }

    private static string Group(int group)
    {
        var s = new StringBuilder();
        var zero = false;
        for (var place = 3; place >= 0; place--)
        {
            var d = group / (int)Math.Pow(10, place) % 10;
            if (d == 0)
            {
                zero = s.Length > 0;
                continue;
            }

            if (zero)
            {
                s.Append('零');
                zero = false;
            }

            s.Append(Digits[d]).Append(Places[place]);
        }

        return s.ToString();
    }
}
