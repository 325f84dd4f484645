using AwesomeAssertions;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Data.Reference;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Tests.Unit;

public class PersonFakerTests
{
    private static readonly DateOnly MinBirth = new(1950, 1, 1);
    private static readonly DateOnly MaxBirth = new(2010, 12, 31);

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20250601)]
    public void TenThousandPeople_AreAllValidAndConsistent(int seed)
    {
        var faker = new PersonFaker(seed);
        var males = 0;
        var han = 0;

        for (var i = 0; i < 10_000; i++)
        {
            var person = faker.Next(MinBirth, MaxBirth);

            var id = CitizenIdNumber.Check(person.IdNumber);
            id.IsValid.Should().BeTrue(person.IdNumber);
            id.BirthDate.Should().Be(person.BirthDate);
            id.GenderCode.Should().Be(person.GenderCode);
            person.BirthDate.Should().BeOnOrAfter(MinBirth).And.BeOnOrBefore(MaxBirth);

            PhoneNumber.IsValid(person.Phone).Should().BeTrue(person.Phone);
            CodeTables.Gender.Contains(person.GenderCode).Should().BeTrue();
            CodeTables.Ethnicity.Contains(person.EthnicityCode).Should().BeTrue(person.EthnicityCode);
            CodeTables.Education.Contains(person.EducationCode).Should().BeTrue(person.EducationCode);

            person.Name.Length.Should().BeInRange(2, 4);
            person.Address.Should().EndWith("室");

            if (person.GenderCode == "1")
            {
                males++;
            }

            if (person.EthnicityCode == "01")
            {
                han++;
            }
        }

        males.Should().BeInRange(4_700, 5_300);
        han.Should().BeInRange(8_900, 9_300);
    }

    [Fact]
    public void TheSameSeed_GivesTheSamePeople()
    {
        var first = new PersonFaker(7);
        var second = new PersonFaker(7);
        var other = new PersonFaker(8);
        var differences = 0;

        for (var i = 0; i < 1_000; i++)
        {
            var person = first.Next(MinBirth, MaxBirth);
            second.Next(MinBirth, MaxBirth).Should().Be(person);
            if (other.Next(MinBirth, MaxBirth) != person)
            {
                differences++;
            }
        }

        first.NextName().Should().Be(second.NextName());
        differences.Should().BeGreaterThan(990);
    }

    [Theory]
    [InlineData(true, "1")]
    [InlineData(false, "2")]
    public void Next_HonoursTheRequestedGender(bool male, string genderCode)
    {
        var faker = new PersonFaker(3);

        for (var i = 0; i < 1_000; i++)
        {
            var person = faker.Next(MinBirth, MaxBirth, male);
            person.GenderCode.Should().Be(genderCode);
            CitizenIdNumber.Check(person.IdNumber).GenderCode.Should().Be(genderCode);
        }
    }

    [Fact]
    public void Next_WithASingleDay_UsesThatDay()
    {
        var day = new DateOnly(2000, 2, 29);

        var person = new PersonFaker(5).Next(day, day);

        person.BirthDate.Should().Be(day);
        person.IdNumber.Substring(6, 8).Should().Be("20000229");
    }

    [Fact]
    public void Next_RefusesAnEmptyRangeOrBirthsBefore1800()
    {
        var faker = new PersonFaker(1);

        var empty = () => faker.Next(MaxBirth, MinBirth);
        var early = () => faker.Next(new DateOnly(1799, 12, 31), MaxBirth);

        empty.Should().Throw<ArgumentOutOfRangeException>();
        early.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Names_AreMostlyThreeCharacters_WithFrequentSurnamesFirst()
    {
        var faker = new PersonFaker(11);
        var threeCharacters = 0;
        var wang = 0;

        for (var i = 0; i < 10_000; i++)
        {
            var name = faker.NextName();
            name.Should().MatchRegex(@"^[\u4e00-\u9fff]{2,4}$");
            if (name.Length == 3)
            {
                threeCharacters++;
            }

            if (name[0] == '王')
            {
                wang++;
            }
        }

        threeCharacters.Should().BeInRange(6_500, 7_500);
        wang.Should().BeInRange(500, 1_000);
    }

    [Fact]
    public void Addresses_MatchTheRegionOfTheIdNumber()
    {
        var faker = new PersonFaker(13);

        for (var i = 0; i < 1_000; i++)
        {
            var person = faker.Next(MinBirth, MaxBirth);
            var province = person.IdNumber[..2] switch
            {
                "11" => "北京市",
                "37" => "山东省",
                "44" => "广东省",
                "65" => "新疆维吾尔自治区",
                _ => null,
            };

            if (province is not null)
            {
                person.Address.Should().StartWith(province);
            }
        }
    }
}
