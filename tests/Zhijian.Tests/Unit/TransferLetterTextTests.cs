using AwesomeAssertions;
using UglyToad.PdfPig;
using Zhijian.Web.Features.Transfers;

namespace Zhijian.Tests.Unit;

/// <summary>
/// The letter's text layer: what a reader (PdfPig here; the same holds for copy and search in a viewer) extracts is what
/// was drawn. Skia mapped glyphs shared by an ideograph and its radical to the radical (青 → ⻘ U+2ED8, 支 → ⽀ U+2F40).
/// </summary>
public sealed class TransferLetterTextTests
{
    private static string AllText(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Concat(doc.GetPages().Select(p => p.Text));
    }

    [Fact]
    public void TheLetter_ExtractsAsDrawn_WithoutRadicals_AndHasStubContactAndReceipt()
    {
        var letter = new TransferLetter.LetterText("中国共产主义青年团团员组织关系介绍信", "ZJ2026-0000042", "共青团某某大学委员会",
            "兹介绍张青同志（女，20岁，身份证号码 110101200601011234）系团员，因升学，其团组织关系由工程学院第一团支部转到你处，请接洽。",
            "（有效期至 2026年4月1日）", "工程学院第一团支部", "2026年3月2日", "联系人：李工　联系电话：010-12345678",
            "工程学院第一团支部", "张青同志的团组织关系已转达我处，特此回复。", StubBody: "张青同志系团员，由工程学院第一团支部转到共青团某某大学委员会。");
        var pdf = TransferLetter.Draw(letter, TransferLetter.DefaultFontPath);

        var text = AllText(pdf);
        text.Should().Contain("青年团").And.Contain("支部").And.Contain("工程学院");
        text.Should().Contain("110101200601011234").And.Contain("010-12345678");
        text.Should().Contain("介绍信存根").And.Contain("回").And.Contain("执");
        text.Where(c => c is >= '\u2E80' and <= '\u2FDF').Should().BeEmpty("no ideograph comes out as a radical");
    }

    [Fact]
    public void Repair_WithoutFonts_LeavesThePdfAlone()
    {
        var bytes = "%PDF-1.4\n%%EOF\n"u8.ToArray();
        PdfToUnicode.Repair(bytes, new Dictionary<int, string> { [1] = "青" }).Should().Equal(bytes);
    }
}
