using AwesomeAssertions;
using Zhijian.Web.Data.Reference;

namespace Zhijian.Tests.Unit;

public class CodeTablesTests
{
    public static TheoryData<string, int> TableSizes => new()
    {
        { "gender", 4 },
        { "ethnicity", 58 },
        { "education", 40 },
        { "political-status", 13 },
    };

    [Theory]
    [MemberData(nameof(TableSizes))]
    public void EveryTable_LoadsFromItsEmbeddedCsv(string name, int count)
    {
        var table = CodeTables.All.Single(t => t.Name == name);

        table.Entries.Should().HaveCount(count);
        table.Entries.Select(e => e.Code).Should().OnlyHaveUniqueItems();
        table.Entries.Should().AllSatisfy(e =>
        {
            e.Code.Should().NotBeNullOrWhiteSpace();
            e.Name.Should().NotBeNullOrWhiteSpace();
        });
    }

    [Theory]
    [InlineData("gender", "0", "未知的性别")]
    [InlineData("gender", "1", "男性")]
    [InlineData("gender", "2", "女性")]
    [InlineData("gender", "9", "未说明的性别")]
    [InlineData("ethnicity", "01", "汉族")]
    [InlineData("ethnicity", "03", "回族")]
    [InlineData("ethnicity", "08", "壮族")]
    [InlineData("ethnicity", "56", "基诺族")]
    [InlineData("ethnicity", "97", "其他")]
    [InlineData("ethnicity", "98", "外国血统中国籍人士")]
    [InlineData("education", "10", "研究生教育")]
    [InlineData("education", "11", "博士研究生毕业")]
    [InlineData("education", "14", "硕士研究生毕业")]
    [InlineData("education", "21", "大学本科毕业")]
    [InlineData("education", "31", "大学专科毕业")]
    [InlineData("education", "61", "普通高中毕业")]
    [InlineData("education", "90", "其他")]
    [InlineData("political-status", "01", "中国共产党党员")]
    [InlineData("political-status", "02", "中国共产党预备党员")]
    [InlineData("political-status", "03", "中国共产主义青年团团员")]
    [InlineData("political-status", "13", "群众")]
    public void KnownCodes_ArePresentWithTheirNames(string table, string code, string name)
    {
        var codeTable = Table(table);

        codeTable.Contains(code).Should().BeTrue();
        codeTable.NameOf(code).Should().Be(name);
    }

    [Theory]
    [InlineData("gender", "3")]
    [InlineData("gender", "01")]
    [InlineData("gender", "男")]
    [InlineData("ethnicity", "1")]
    [InlineData("ethnicity", "57")]
    [InlineData("ethnicity", "99")]
    [InlineData("ethnicity", "00")]
    [InlineData("education", "24")]
    [InlineData("education", "99")]
    [InlineData("political-status", "1")]
    [InlineData("political-status", "14")]
    [InlineData("political-status", "")]
    [InlineData("political-status", " 01")]
    [InlineData("education", null)]
    public void UnknownCodes_AreRefused(string table, string? code)
    {
        var codeTable = Table(table);

        codeTable.Contains(code).Should().BeFalse();
        codeTable.NameOf(code).Should().BeNull();
    }

    [Fact]
    public void Education_EntriesPointToTheirCategory()
    {
        var education = CodeTables.Education;

        education.Entries.Single(e => e.Code == "10").Parent.Should().BeNull();
        education.Entries.Single(e => e.Code == "21").Parent.Should().Be("20");
        education.Entries.Where(e => e.Parent is not null)
            .Should().AllSatisfy(e => education.Contains(e.Parent).Should().BeTrue());
    }

    [Fact]
    public void StaticProperties_ReturnTheSameLoadedTables()
    {
        CodeTables.Gender.Should().BeSameAs(CodeTables.Gender);
        CodeTables.Gender.Name.Should().Be("gender");
        CodeTables.Ethnicity.Name.Should().Be("ethnicity");
        CodeTables.Education.Name.Should().Be("education");
        CodeTables.PoliticalStatus.Name.Should().Be("political-status");
        CodeTables.Ethnicity.Entries[0].Should().Be(new CodeEntry("01", "汉族", null));
    }

    [Fact]
    public void Parse_RefusesDuplicateCodes()
    {
        using var reader = new StringReader("code,name\n01,甲\n01,乙\n");

        var act = () => CodeTable.Parse("test", reader);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Parse_RefusesRowsWithTheWrongNumberOfFields()
    {
        using var reader = new StringReader("code,name\n01,甲,多余\n");

        var act = () => CodeTable.Parse("test", reader);

        act.Should().Throw<FormatException>();
    }

    private static CodeTable Table(string name) => name switch
    {
        "gender" => CodeTables.Gender,
        "ethnicity" => CodeTables.Ethnicity,
        "education" => CodeTables.Education,
        "political-status" => CodeTables.PoliticalStatus,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
