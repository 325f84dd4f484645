using System.Text.Json;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Dues;

namespace Zhijian.Tests.Unit;

/// <summary>The payroll templates, written by the same package writer as the member template, open in ExcelJS and SheetJS.</summary>
public class DuesTemplateTests
{
    [Fact]
    public async Task PayrollTemplates_OpenInExcelJsAndSheetJs_WithTheirHeadersAndTheCategoryList()
    {
        foreach (var (bytes, headers, sheet) in new[]
                 {
                     (DuesWorkbooks.BasesTemplate(), DuesSheetCells.BaseHeaders, "缴费基数"),
                     (DuesWorkbooks.PaymentsTemplate(), DuesSheetCells.PaymentHeaders, "工资代扣"),
                 })
        {
            var file = Path.Combine(Path.GetTempPath(), $"zhijian-dues-template-{Guid.NewGuid():N}.xlsx");
            await File.WriteAllBytesAsync(file, bytes);
            try
            {
                using var report = JsonDocument.Parse(await NodeTools.RunWorkbookScriptAsync("check-template.mjs", file));
                var exceljs = report.RootElement.GetProperty("exceljs");
                exceljs.GetProperty("headers").EnumerateArray().Select(h => h.GetString()).Should().Equal(headers);
                exceljs.GetProperty("sheets").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Should().Equal(sheet, "填写说明");
                var validations = exceljs.GetProperty("validations").EnumerateObject().Select(v => v.Name).ToList();
                validations.Should().Equal(sheet == "缴费基数" ? ["C"] : [], "缴费类别 (column C of the bases template) is a list");
                report.RootElement.GetProperty("sheetjs").GetProperty("headers").EnumerateArray().Select(h => h.GetString()).Should().Equal(headers);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
