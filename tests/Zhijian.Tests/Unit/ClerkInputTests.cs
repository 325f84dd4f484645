using AwesomeAssertions;
using Zhijian.Web.Data.Reference;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Members;

namespace Zhijian.Tests.Unit;

/// <summary>What clerks type (issue 19): synonyms of codes, year.month numbers, the 1904 date system, spaced names.</summary>
public class ClerkInputTests
{
    [Theory]
    [InlineData("education", "本科", "21")]
    [InlineData("education", "大专", "31")]
    [InlineData("education", "硕士", "14")]
    [InlineData("education", "研究生", "10")]
    [InlineData("education", "高中", "61")]
    [InlineData("education", "中专", "41")]
    [InlineData("education", "大学", "20")]
    [InlineData("education", "大学本科毕业", "21")]
    [InlineData("education", " 本 科 ", "21")]
    [InlineData("education", "21", "21")]
    [InlineData("ethnicity", "1", "01")]
    [InlineData("ethnicity", "01", "01")]
    [InlineData("ethnicity", "０１", "01")]
    [InlineData("ethnicity", "汉", "01")]
    [InlineData("ethnicity", "汉族", "01")]
    [InlineData("gender", "男", "1")]
    [InlineData("gender", "女性", "2")]
    [InlineData("political-status", "团员", "03")]
    [InlineData("political-status", "3", "03")]
    [InlineData("political-status", "群众", "13")]
    public void Resolve_ReadsCodesNamesAndClerksWords(string table, string text, string code) =>
        CodeNames.Resolve(Table(table), text).Should().Be(code);

    [Theory]
    [InlineData("education", "本科生")]
    [InlineData("education", "2")]
    [InlineData("ethnicity", "汉人")]
    [InlineData("ethnicity", "100")]
    [InlineData("gender", "3")]
    [InlineData("political-status", "中国共产党")]
    public void Resolve_RefusesWhatNoEntryNames(string table, string text) =>
        CodeNames.Resolve(Table(table), text).Should().BeNull();

    [Fact]
    public void Refusal_SaysWhatWasReadWhatIsExpected_AndTheClosestCode()
    {
        var message = CodeNames.Refusal(CodeTables.Education, "学历", "本科生");
        message.Should().StartWith("学历「本科生」不在国家标准代码表中：请填写代码（如 ").And.Contain("或名称（如 ")
            .And.EndWith("最接近的是「21 大学本科毕业」");
        CodeNames.Refusal(CodeTables.Ethnicity, "民族", "汉人").Should().EndWith("最接近的是「01 汉族」");
        CodeNames.Refusal(CodeTables.Ethnicity, "民族", "xyz").Should().NotContain("最接近");
    }

    [Fact]
    public void SynonymTable_NamesOnlyCodesOfItsTables()
    {
        foreach (var table in CodeTables.All)
        {
            foreach (var (word, code) in CodeNames.SynonymsOf(table))
            {
                table.Contains(code).Should().BeTrue($"synonyms.csv: {table.Name},{word},{code}");
            }
        }

        CodeNames.SynonymsOf(CodeTables.Education).Should().ContainKeys("本科", "大专", "硕士", "研究生", "高中", "中专", "大学");
    }

    [Theory]
    [InlineData(2015.05, "2015-05-01")]
    [InlineData(2019.11, "2019-11-01")]
    [InlineData(2019.12, "2019-12-01")]
    [InlineData(2019.2, "2019-02-01")]
    [InlineData(2019.09, "2019-09-01")]
    public void Date_AYearAndMonthTypedAsANumber_IsThatMonth(double cell, string expected)
    {
        var (value, error) = MemberSheet.Date(cell, "入团/入党时间");
        error.Should().BeNull();
        value.Should().Be(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(2019.1, "可能是 2019年1月，也可能是 2019年10月")]
    [InlineData(2019.0, "只有年份")]
    [InlineData(2019.13, "不是有效日期")]
    public void Date_AnAmbiguousNumber_IsRefusedWithWhatWasRead(double cell, string expected)
    {
        var (value, error) = MemberSheet.Date(cell, "入团/入党时间");
        value.Should().BeNull();
        error.Should().StartWith("入团/入党时间「").And.Contain(expected);
    }

    [Theory]
    [InlineData("2019年11月", "2019-11-01")]
    [InlineData("2019.11", "2019-11-01")]
    [InlineData("2019.1", "2019-01-01")]
    [InlineData("2019-1", "2019-01-01")]
    [InlineData("2019年1月5号", "2019-01-05")]
    public void Date_YearAndMonthAsText_IsThatMonth(string cell, string expected) =>
        MemberSheet.Date(cell, "入团/入党时间").Value.Should().Be(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(35553.0, false, "1997-05-03")]
    [InlineData(35553.0, true, "2001-05-04")]
    [InlineData(0.5, true, "1904-01-01")]
    public void Date_SerialNumbers_CountInTheWorkbooksDateSystem(double serial, bool date1904, string expected) =>
        MemberSheet.Date(serial, "出生日期", date1904).Value.Should().Be(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Date_DateCellsOfA1904Workbook_AreTakenAsTheReaderGaveThem() =>
        // The readers convert a date-formatted cell in the workbook's own date system (XlsxSheetTests); only bare serial
        // numbers are moved here.
        MemberSheet.Date(new DateTime(2001, 5, 4), "出生日期", date1904: true).Value.Should().Be(new DateOnly(2001, 5, 4));

    [Theory]
    [InlineData("冀  雨丹", "冀雨丹")]
    [InlineData("冀　雨丹", "冀雨丹")]
    [InlineData(" 王  小  明 ", "王小明")]
    [InlineData("阿依古丽 · 买买提", "阿依古丽·买买提")]
    [InlineData("Anna   Smith", "Anna Smith")]
    [InlineData("李\t四", "李四")]
    [InlineData("张三", "张三")]
    public void NormalizeName_DropsAlignmentSpacesInChineseNames(string name, string expected) =>
        MemberValidation.NormalizeName(name).Should().Be(expected);

    [Theory]
    [InlineData("110105200301150221", false, "110105200301150221")]
    [InlineData("11010520030115022x", true, "11010520030115022X")]
    [InlineData("11010520030115022x", false, "11010520030115022x")]
    [InlineData("１１０ 105\u200B2003", false, "1101052003")]
    [InlineData("2001－05－04", false, "2001-05-04")]
    [InlineData("", false, "")]
    public void AsciiCompact_LeavesCompactTextAlone_AndCleansTheRest(string text, bool upperX, string expected)
    {
        var compact = Zhijian.Web.Shared.TextInput.AsciiCompact(text, upperX);
        compact.Should().Be(expected);
        if (text == expected)
        {
            // The import's usual cell: no copy (issue 19 item 6, allocation).
            ReferenceEquals(compact, text).Should().BeTrue();
        }
    }

    [Fact]
    public void NormalizeName_OfANameWithoutSpaces_IsTheSameString()
    {
        const string name = "冀雨丹";
        ReferenceEquals(MemberValidation.NormalizeName(name), name).Should().BeTrue();
    }

    [Fact]
    public void FirstNamed_FindsTheFirstEntryInTheStandardsOrder()
    {
        var table = new CodeTable("t", [new CodeEntry("1", "甲族", null), new CodeEntry("2", "甲性", null), new CodeEntry("3", "甲族", null)]);
        table.FirstNamed("甲性", "甲族")!.Code.Should().Be("1");
        table.FirstNamed("甲性")!.Code.Should().Be("2");
        table.FirstNamed("乙").Should().BeNull();
    }

    [Theory]
    [InlineData(1.10105200301e17)]
    [InlineData("1.10105E+17")]
    public void IdNumberCell_ANumberOrItsScientificText_IsRefused(object cell) =>
        MemberSheet.IdNumberCell(cell).Error.Should().StartWith("公民身份号码被 Excel 当作数字保存");

    [Fact]
    public void CheckPerson_ReadsClerksWords_AndAnApostropheBeforeTheIdNumber()
    {
        var errors = new Dictionary<string, List<string>>();
        var person = MemberValidation.CheckPerson(new PersonInput(Name: "冀  雨丹", IdNumber: "'110105200301150221", Ethnicity: "1",
            Education: "本科", PoliticalStatus: "团员", Gender: "女"), errors, today: new DateOnly(2026, 1, 1));
        errors.Should().BeEmpty();
        person.Name.Should().Be("冀雨丹");
        person.IdNumber.Should().Be("110105200301150221");
        (person.Ethnicity, person.Education, person.PoliticalStatus, person.Gender).Should().Be(("01", "21", "03", "2"));
    }

    private static CodeTable Table(string name) => CodeTables.All.Single(t => t.Name == name);
}
