using System.Globalization;
using System.Security;
using System.Text;
using Zhijian.Web.Data.Reference;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>
/// The member template, written part by part (MiniExcel's workbook made ExcelJS fail in <c>_processWorksheetEntry</c>,
/// and it writes neither column formats nor data validation): the data sheet with the contract's headers, the ID and
/// phone columns formatted as text (Excel keeps all 18 digits), drop-down lists for 性别, 民族, 学历, 政治面貌 and, for an
/// organization, the branches of its subtree; a sheet of instructions with an example row (on its own sheet, so the
/// importer, which reads the first sheet only, never sees it); and a hidden sheet holding the lists. Plain SpreadsheetML
/// with shared strings and relative part names, as Excel itself writes it: Excel, WPS, LibreOffice, ExcelJS and SheetJS
/// open it (tools/workbooks/check-workbook.mjs checks the last two).
/// </summary>
public static class MemberTemplate
{
    public const string DataSheet = "党（团）员信息";
    public const string GuideSheet = "填写说明";
    public const string ListSheet = "代码表";

    /// <summary>Rows the drop-down lists and the text format cover (the import's limit and the header).</summary>
    public const int Rows = MemberImporter.MaxRows + 1;

    private static readonly string[] Guide =
    [
        "每行填写一名党（团）员；第一行表头请勿修改，列的顺序可以调整。",
        "性别、民族、学历、政治面貌可从下拉列表中选择，也可填写常用说法（如 男、汉、本科、大专、团员）或国家标准代码。",
        "公民身份号码须为18位；本模板已把该列和手机号码列设为“文本”格式，请勿改为数字，以免末尾数字丢失。",
        "出生日期可省略（由公民身份号码推出）；日期写成 2001-05-04，入团/入党时间也可写到月（2019-11、2019年11月）。",
        "所在支部填写本组织之下某个支部的简称或全称（下载模板时选择了组织的，可从下拉列表中选择）；简称重名时请填全称。",
        "入团时年龄须在14至28周岁之间；同一公民身份号码在同一系统只能有一条在册记录。",
        "同一文件重复导入时，已导入的行会被跳过，不会重复登记。",
        "也可导入 Excel 97-2003 工作簿（.xls）和 CSV 文件（UTF-8 或 GBK 编码），表头相同。",
        "本页的示例行仅作参考，不会被导入；只有第一个工作表“党（团）员信息”会被导入。",
    ];

    private static readonly string[] Example =
        ["张晓明", "男", "汉族", "2003-05-04", "110105200305040017", "13800138000", "大学本科毕业", "共青团员", "2018-05-04", "第一团支部", "某某公司", "职员", "北京市朝阳区某街道1号"];

    /// <summary>The template; <paramref name="branches"/> (names as the importer reads them) fill the 所在支部 list when given.</summary>
    public static byte[] Build(IReadOnlyList<string>? branches = null)
    {
        var strings = new SharedStrings();
        var lists = new List<(string Header, IReadOnlyList<string> Items, bool Strict)>
        {
            (MemberSheet.Gender, ["男", "女"], true),
            (MemberSheet.Ethnicity, CodeTables.Ethnicity.Entries.Select(e => e.Name).ToList(), false),
            (MemberSheet.Education, CodeTables.Education.Entries.Where(e => e.Parent is not null || e.Code == "90").Select(e => e.Name).ToList(), false),
            (MemberSheet.PoliticalStatus, CodeTables.PoliticalStatus.Entries.Select(e => e.Name).ToList(), false),
        };
        if (branches is { Count: > 0 })
        {
            lists.Add((MemberSheet.Branch, branches, false));
        }

        // The lists are named ranges over the hidden sheet: Excel 2007 and LibreOffice take a list from another sheet only so.
        var names = new StringBuilder();
        for (var i = 0; i < lists.Count; i++)
        {
            var column = XlsxPackage.Column(i);
            names.Append(CultureInfo.InvariantCulture, $"<definedName name=\"{ListName(i)}\">'{ListSheet}'!${column}$2:${column}${lists[i].Items.Count + 1}</definedName>");
        }

        PackageSheet[] sheets =
        [
            new(DataSheet, DataSheetXml(strings, lists)),
            new(GuideSheet, GuideSheetXml(strings)),
            new(ListSheet, ListSheetXml(strings, lists), Hidden: true),
        ];
        return XlsxPackage.Write("党（团）员信息导入模板", sheets, strings.Xml(), names.ToString());
    }

    private static string ListName(int i) => $"zj_list_{i + 1}";

    private static string DataSheetXml(SharedStrings strings, List<(string Header, IReadOnlyList<string> Items, bool Strict)> lists)
    {
        var idColumn = MemberSheet.Index(MemberSheet.IdNumber) + 1;
        var phoneColumn = MemberSheet.Index(MemberSheet.Phone) + 1;
        var xml = new StringBuilder("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">""");
        xml.Append(CultureInfo.InvariantCulture, $"<dimension ref=\"A1:{XlsxPackage.Column(MemberSheet.Headers.Length - 1)}1\"/>");
        xml.Append("""<sheetViews><sheetView workbookViewId="0" tabSelected="1"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>""");
        for (var c = 1; c <= MemberSheet.Headers.Length; c++)
        {
            var width = c == idColumn ? 22 : c is 10 or 11 or 13 ? 24 : c == phoneColumn ? 15 : 12;
            var style = c == idColumn || c == phoneColumn ? " style=\"1\"" : "";
            xml.Append(CultureInfo.InvariantCulture, $"<col min=\"{c}\" max=\"{c}\" width=\"{width}\" customWidth=\"1\"{style}/>");
        }

        xml.Append("</cols><sheetData><row r=\"1\">");
        for (var c = 0; c < MemberSheet.Headers.Length; c++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<c r=\"{XlsxPackage.Column(c)}1\" s=\"2\" t=\"s\"><v>{strings.Index(MemberSheet.Headers[c])}</v></c>");
        }

        xml.Append("</row></sheetData>");
        xml.Append(CultureInfo.InvariantCulture, $"<dataValidations count=\"{lists.Count}\">");
        for (var i = 0; i < lists.Count; i++)
        {
            var (header, _, strict) = lists[i];
            var column = XlsxPackage.Column(MemberSheet.Index(header));
            var style = strict ? "" : " errorStyle=\"warning\"";
            var prompt = strict ? $"请从列表中选择{header}" : $"请从列表中选择{header}；也可填写常用说法或代码，导入时校验";
            xml.Append(CultureInfo.InvariantCulture,
                $"<dataValidation type=\"list\"{style} allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" errorTitle=\"{header}\" error=\"{XlsxPackage.Attr(prompt)}\" promptTitle=\"{header}\" prompt=\"{XlsxPackage.Attr(prompt)}\" sqref=\"{column}2:{column}{Rows}\"><formula1>{ListName(i)}</formula1></dataValidation>");
        }

        xml.Append("</dataValidations><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>");
        return xml.ToString();
    }

    private static string GuideSheetXml(SharedStrings strings)
    {
        var xml = new StringBuilder("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="8" customWidth="1"/><col min="2" max="2" width="90" customWidth="1"/></cols><sheetData>""");
        var r = 1;
        void Row(params (string Text, int Style)[] cells)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">");
            for (var c = 0; c < cells.Length; c++)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<c r=\"{XlsxPackage.Column(c)}{r}\"{(cells[c].Style == 0 ? "" : $" s=\"{cells[c].Style}\"")} t=\"s\"><v>{strings.Index(cells[c].Text)}</v></c>");
            }

            xml.Append("</row>");
            r++;
        }

        Row(("序号", 2), ("说明", 2));
        for (var i = 0; i < Guide.Length; i++)
        {
            Row(((i + 1).ToString(CultureInfo.InvariantCulture), 0), (Guide[i], 3));
        }

        r++;
        Row(("示例（仅供参考，不会导入）", 0));
        Row(MemberSheet.Headers.Select(h => (h, 2)).ToArray());
        Row(Example.Select(e => (e, 1)).ToArray());
        xml.Append("</sheetData></worksheet>");
        return xml.ToString();
    }

    private static string ListSheetXml(SharedStrings strings, List<(string Header, IReadOnlyList<string> Items, bool Strict)> lists)
    {
        var xml = new StringBuilder("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        var rows = lists.Max(l => l.Items.Count) + 1;
        for (var r = 1; r <= rows; r++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">");
            for (var i = 0; i < lists.Count; i++)
            {
                var text = r == 1 ? lists[i].Header : r - 2 < lists[i].Items.Count ? lists[i].Items[r - 2] : null;
                if (text is not null)
                {
                    xml.Append(CultureInfo.InvariantCulture, $"<c r=\"{XlsxPackage.Column(i)}{r}\" t=\"s\"><v>{strings.Index(text)}</v></c>");
                }
            }

            xml.Append("</row>");
        }

        xml.Append("</sheetData></worksheet>");
        return xml.ToString();
    }

    /// <summary>The workbook's shared-string table, in order of first use.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        private readonly List<string> items = [];
        private int uses;

        public int Index(string text)
        {
            uses++;
            if (!index.TryGetValue(text, out var i))
            {
                index[text] = i = items.Count;
                items.Add(text);
            }

            return i;
        }

        public string Xml()
        {
            var xml = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
                $"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{uses}\" uniqueCount=\"{items.Count}\">"));
            foreach (var item in items)
            {
                xml.Append("<si><t xml:space=\"preserve\">").Append(SecurityElement.Escape(item)).Append("</t></si>");
            }

            return xml.Append("</sst>").ToString();
        }
    }
}
