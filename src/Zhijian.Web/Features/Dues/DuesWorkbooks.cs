using System.Text;
using MiniExcelLibs;
using Zhijian.Web.Features.ImportExport;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// The module's workbooks: the two payroll templates (written part by part as the member template is, so that the ID
/// column is formatted as text and 缴费类别 has a drop-down list), the error report of an import, and the dues report
/// (written with MiniExcel as the statistics workbook is: one sheet per table, Chinese sheet and column names).
/// </summary>
public static class DuesWorkbooks
{
    public const string ContentType = MemberExporter.ContentType;

    private static readonly string[] BaseGuide =
    [
        "每行填写一名党（团）员；第一行表头请勿修改，列的顺序可以调整。也可导入 .xls 和 CSV（UTF-8 或 GBK）文件，表头相同。",
        "公民身份号码列已设为“文本”格式，请勿改为数字，以免末尾数字丢失；姓名须与系统中登记的一致。",
        "缴费类别：在职、离退休、学生、无固定收入、农民、困难、约定（也可填 employed 等代码）。",
        "缴费基数（元）：在职、离退休填写税后月收入，最多两位小数，不能为负数；学生、无固定收入、农民、困难可不填；约定填写每月约定交纳的金额。",
        "起始月份写成 2026-01（也可 2026.01、2026年1月），最晚为下个月；自该月起按新基数计算，已生成的月份不变。",
        "同一人在同一文件中只能出现一次；有错误的行不导入，其余行一并导入，错误行和原因在导入结果中列出。",
    ];

    private static readonly string[] PaymentGuide =
    [
        "每行填写一名党（团）员一个月的工资代扣党（团）费；第一行表头请勿修改。也可导入 .xls 和 CSV（UTF-8 或 GBK）文件。",
        "公民身份号码列已设为“文本”格式，请勿改为数字。",
        "月份写成 2026-01（也可 2026.01、2026年1月）；该月的党（团）费须已生成。",
        "金额（元）须与该月应交金额一致（最多两位小数），不一致的行不导入，并列出两个金额。",
        "已交纳或已免交的月份不能再导入；整个文件的合格行记为一笔“工资代扣”交纳，开具一张收据。",
    ];

    /// <summary>The bases template: 公民身份号码, 姓名, 缴费类别, 缴费基数（元）, 起始月份.</summary>
    public static byte[] BasesTemplate() =>
        Template("缴费基数", DuesSheetCells.BaseHeaders, BaseGuide, listColumn: 2, DuesSheetCells.CategoryChoices);

    /// <summary>The payroll deduction template: 公民身份号码, 月份, 金额（元）.</summary>
    public static byte[] PaymentsTemplate() => Template("工资代扣", DuesSheetCells.PaymentHeaders, PaymentGuide, listColumn: null, []);

    private static byte[] Template(string sheet, string[] headers, string[] guide, int? listColumn, string[] list) =>
        XlsxPackage.Write($"党（团）费{sheet}导入模板", [new(sheet, DataSheet(headers, listColumn, list)), new("填写说明", GuideSheet(guide))]);

    private static string DataSheet(string[] headers, int? listColumn, string[] list)
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        var x = new StringBuilder($"""<worksheet xmlns="{XlsxPackage.MainNamespace}"><cols><col min="1" max="1" width="22" style="{XlsxPackage.TextStyle}" customWidth="1"/>""");
        x.Append(ic, $"""<col min="2" max="{headers.Length}" width="16" customWidth="1"/></cols><sheetData><row r="1">""");
        for (var i = 0; i < headers.Length; i++)
        {
            x.Append(ic, $"""<c r="{XlsxPackage.Column(i)}1" t="inlineStr" s="{XlsxPackage.HeaderStyle}"><is><t>{XlsxPackage.Attr(headers[i])}</t></is></c>""");
        }

        x.Append("</row></sheetData>");
        if (listColumn is { } c)
        {
            var column = XlsxPackage.Column(c);
            x.Append(ic, $"""<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="0" sqref="{column}2:{column}{DuesImporter.MaxRows + 1}"><formula1>"{XlsxPackage.Attr(string.Join(",", list))}"</formula1></dataValidation></dataValidations>""");
        }

        return x.Append("</worksheet>").ToString();
    }

    private static string GuideSheet(string[] guide)
    {
        var x = new StringBuilder($"""<worksheet xmlns="{XlsxPackage.MainNamespace}"><cols><col min="1" max="1" width="120" customWidth="1"/></cols><sheetData>""");
        for (var i = 0; i < guide.Length; i++)
        {
            x.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"""<row r="{i + 1}"><c r="A{i + 1}" t="inlineStr" s="{XlsxPackage.WrappedStyle}"><is><t>{XlsxPackage.Attr(guide[i])}</t></is></c></row>""");
        }

        return x.Append("</sheetData></worksheet>").ToString();
    }

    /// <summary>The dues report as a workbook: 概况, 按月, 按下级组织 (amounts in yuan, rates as percentages).</summary>
    public static async Task<byte[]> ReportAsync(DuesReportDto r, string orgName, CancellationToken ct)
    {
        static decimal Percent(decimal rate) => Math.Round(rate * 100, 2);
        var sheets = new Dictionary<string, object>
        {
            ["概况"] = new List<Dictionary<string, object?>>
            {
                new() { ["项目"] = "组织", ["数值"] = orgName },
                new() { ["项目"] = "统计期间", ["数值"] = $"{r.From} 至 {r.To}" },
                new() { ["项目"] = "应交（元）", ["数值"] = r.DueYuan },
                new() { ["项目"] = "已交（元）", ["数值"] = r.PaidYuan },
                new() { ["项目"] = "免交（元）", ["数值"] = r.WaivedYuan },
                new() { ["项目"] = "欠交（元）", ["数值"] = r.OutstandingYuan },
                new() { ["项目"] = "应交人数（末月）", ["数值"] = r.Members },
                new() { ["项目"] = "已交人数（末月）", ["数值"] = r.PaidMembers },
                new() { ["项目"] = "收缴率（%）", ["数值"] = Percent(r.Rate) },
            },
            ["按月"] = r.ByMonth.Select(m => new Dictionary<string, object?>
            {
                ["月份"] = m.Month,
                ["应交（元）"] = m.DueYuan,
                ["已交（元）"] = m.PaidYuan,
                ["免交（元）"] = m.WaivedYuan,
                ["应交人数"] = m.Members,
                ["已交人数"] = m.PaidMembers,
                ["收缴率（%）"] = Percent(m.Rate),
            }).DefaultIfEmpty(new() { ["月份"] = null, ["应交（元）"] = null, ["已交（元）"] = null, ["免交（元）"] = null, ["应交人数"] = null, ["已交人数"] = null, ["收缴率（%）"] = null }).ToList(),
            ["按下级组织"] = r.ByOrg.Select(o => new Dictionary<string, object?>
            {
                ["组织"] = o.Name,
                ["应交（元）"] = o.DueYuan,
                ["已交（元）"] = o.PaidYuan,
                ["收缴率（%）"] = Percent(o.Rate),
            }).DefaultIfEmpty(new() { ["组织"] = null, ["应交（元）"] = null, ["已交（元）"] = null, ["收缴率（%）"] = null }).ToList(),
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }
}
