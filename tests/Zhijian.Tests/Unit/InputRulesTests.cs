using AwesomeAssertions;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

/// <summary>The edge rules of bad input (issue 13, item 8): plausible dates, forbidden characters, paging, enum values.</summary>
public sealed class InputRulesTests
{
    [Theory]
    [InlineData("1899-12-31", false)]
    [InlineData("0001-01-01", false)]
    [InlineData("9999-12-31", false)]
    [InlineData("2101-01-01", false)]
    [InlineData("1900-01-01", true)]
    [InlineData("2100-12-31", true)]
    [InlineData("2024-02-29", true)]
    public void PlausibleDates_Are1900To2100(string day, bool plausible) =>
        PlausibleDates.Contains(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(plausible);

    [Theory]
    [InlineData("0001-01-01T00:00:00+00:00", false)]
    [InlineData("9999-12-31T23:59:59+00:00", false)]
    [InlineData("1900-01-01T00:00:00+14:00", true)]
    [InlineData("1899-12-31T23:59:59+14:00", false)]
    [InlineData("2100-12-31T23:59:59-12:00", true)]
    [InlineData("2101-01-01T00:00:00-12:00", false)]
    public void PlausibleInstants_AreThoseWhoseDayIsPlausibleAnywhere(string at, bool plausible) =>
        PlausibleDates.Contains(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(plausible);

    [Theory]
    [InlineData("\u0000", true)]
    [InlineData("张\u0000三", true)]
    [InlineData("\u0001", true)]
    [InlineData("\u001f", true)]
    [InlineData("", false)]
    [InlineData("第一行\r\n第二行\t缩进", false)]
    [InlineData("𠀀 (U+20000, a surrogate pair)", false)]
    [InlineData("共青团某某公司委员会", false)]
    public void ForbiddenCharacters_AreControlsAndHalfSurrogates(string text, bool forbidden) =>
        InputGuard.HasForbiddenCharacter(text).Should().Be(forbidden);

    [Fact]
    public void ForbiddenCharacters_IncludeHalfSurrogatePairs()
    {
        // Built in code: test-case serialization would turn a lone surrogate into U+FFFD.
        InputGuard.HasForbiddenCharacter(new string((char)0xD800, 1)).Should().BeTrue();
        InputGuard.HasForbiddenCharacter("a" + (char)0xDC00 + "b").Should().BeTrue();
        InputGuard.HasForbiddenCharacter("a" + (char)0xD800).Should().BeTrue();
        InputGuard.HasForbiddenCharacter("a" + (char)0xD840 + (char)0xDC00).Should().BeFalse();
    }

    [Theory]
    [InlineData(int.MaxValue, null, 107_374_182, 20)]
    [InlineData(int.MaxValue, 200, 10_737_418, 200)]
    [InlineData(-1, 1_000, 1, 200)]
    [InlineData(null, 0, 1, 20)]
    [InlineData(3, 50, 3, 50)]
    public void PageRequest_NeverOverflowsSkip(int? page, int? size, int expectedPage, int expectedSize)
    {
        var p = PageRequest.From(page, size);
        (p.Page, p.PageSize).Should().Be((expectedPage, expectedSize));
        ((long)(p.Page - 1) * p.PageSize).Should().BeLessThanOrEqualTo(int.MaxValue);
        p.Skip.Should().BeGreaterThanOrEqualTo(0);
    }

    [Theory]
    [InlineData("active,ended")]
    [InlineData("active, ended")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("activ")]
    public void QueryEnum_TakesExactlyOneName(string value)
    {
        var refused = FluentActions.Invoking(() => QueryValues.Enum<MemberState>(value, "state")).Should().Throw<DomainException>().Which;
        refused.Code.Should().Be(ErrorCodes.ValidationFailed);
        refused.Errors!.Keys.Should().Equal("state");
    }

    [Theory]
    [InlineData("active", MemberState.Active)]
    [InlineData(" ENDED ", MemberState.Ended)]
    public void QueryEnum_AcceptsOneNameInAnyCase(string value, MemberState expected) =>
        QueryValues.Enum<MemberState>(value, "state").Should().Be(expected);

    [Theory]
    [InlineData("name")]
    [InlineData("workUnit")]
    [InlineData("address")]
    [InlineData("overseasTies")]
    public void MemberRules_RefuseControlCharacters_SoThatImportRowsAreReportedOneByOne(string field)
    {
        var bad = "某\u0000某";
        var p = new PersonInput(Name: field == "name" ? bad : "张三", Gender: "1", WorkUnit: field == "workUnit" ? bad : null,
            Address: field == "address" ? bad : null, OverseasTies: field == "overseasTies" ? bad : null);
        var errors = new Dictionary<string, List<string>>();
        MemberValidation.CheckPerson(p, errors);
        errors.Keys.Should().Contain("person." + field);
        errors["person." + field].Should().ContainSingle().Which.Should().Contain("控制字符");
    }

    [Fact]
    public void MemberRules_RefuseImplausibleBirthDates()
    {
        var errors = new Dictionary<string, List<string>>();
        MemberValidation.CheckPerson(new PersonInput(Name: "张三", Gender: "1", BirthDate: new DateOnly(1, 1, 1)), errors);
        errors.Keys.Should().Contain("person.birthDate");
    }
}
