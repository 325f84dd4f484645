using AwesomeAssertions;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Tests.Unit;

public class CitizenIdNumberTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    [Theory]
    [InlineData("11010519491231002X", "1949-12-31", "2")] // GB 11643 example, X check digit
    [InlineData("440524188001010014", "1880-01-01", "1")] // GB 11643 example
    [InlineData("110105180001010010", "1800-01-01", "1")] // the earliest birth date accepted
    [InlineData("37010219850612101X", "1985-06-12", "1")]
    [InlineData("44030620010915105X", "2001-09-15", "1")]
    [InlineData("370102199003071238", "1990-03-07", "1")]
    [InlineData("370102199003070016", "1990-03-07", "1")]
    [InlineData("370102199003070024", "1990-03-07", "2")]
    [InlineData("650102200512314560", "2005-12-31", "2")]
    [InlineData("540102198511110587", "1985-11-11", "2")]
    [InlineData("110105200002290013", "2000-02-29", "1")] // leap day of a leap century year
    [InlineData("110105200002290021", "2000-02-29", "2")]
    [InlineData("710000199001011237", "1990-01-01", "1")] // Taiwan
    [InlineData("810000199001011230", "1990-01-01", "1")] // Hong Kong
    [InlineData("820000199001011232", "1990-01-01", "1")] // Macao
    [InlineData("830000199001011242", "1990-01-01", "2")] // Taiwan residents' residence permit
    [InlineData("11010519491231002x", "1949-12-31", "2")] // lowercase x
    [InlineData(" 440524188001010014 ", "1880-01-01", "1")] // surrounding white space
    public void Check_AcceptsValidNumbers_AndExtractsBirthDateAndGender(string value, string birthDate, string genderCode)
    {
        var check = CitizenIdNumber.Check(value, Today);

        check.IsValid.Should().BeTrue();
        check.ErrorCode.Should().BeNull();
        check.Message.Should().BeNull();
        check.BirthDate.Should().Be(DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture));
        check.GenderCode.Should().Be(genderCode);
    }

    [Theory]
    [InlineData("110105198001010016", "1")]
    [InlineData("110105198001010024", "2")]
    [InlineData("110105198001010032", "1")]
    [InlineData("110105198001010040", "2")]
    [InlineData("110105198001010059", "1")]
    [InlineData("110105198001010067", "2")]
    [InlineData("110105198001010075", "1")]
    [InlineData("110105198001010083", "2")]
    [InlineData("110105198001010091", "1")]
    [InlineData("110105198001010104", "2")]
    [InlineData("110105198001010112", "1")]
    [InlineData("110105198001010120", "2")]
    public void Check_DerivesGenderFromTheParityOfTheSequenceDigit(string value, string genderCode)
    {
        CitizenIdNumber.Check(value, Today).GenderCode.Should().Be(genderCode);
    }

    [Theory]
    [InlineData(null, "id_required", "请填写公民身份号码")]
    [InlineData("", "id_required", "请填写公民身份号码")]
    [InlineData("   ", "id_required", "请填写公民身份号码")]
    [InlineData("110105491231002", "id_legacy_15", "15位旧身份证号码不再受理，请填写18位公民身份号码")]
    [InlineData("370102900307123", "id_legacy_15", "15位旧身份证号码不再受理，请填写18位公民身份号码")]
    [InlineData("11010549123100X", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")] // 15 characters, not all digits
    [InlineData("11010519491231002", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")] // 17
    [InlineData("11010519491231002X1", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")] // 19
    [InlineData("4405241880010100", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")] // 16
    [InlineData("11010519491231A02X", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")]
    [InlineData("1101051949123100XX", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")]
    [InlineData("11010519491231002Y", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")]
    [InlineData("110105 19491231002", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")]
    [InlineData("１１０１０５１９４９１２３１００２X", "id_format", "公民身份号码应为18位，前17位为数字，最后一位为数字或X")] // full-width digits
    [InlineData("010105199001011239", "id_region", "公民身份号码的地区码无效")]
    [InlineData("00000019900101123X", "id_region", "公民身份号码的地区码无效")]
    [InlineData("190105199001011237", "id_region", "公民身份号码的地区码无效")]
    [InlineData("720105199001011236", "id_region", "公民身份号码的地区码无效")]
    [InlineData("840105199001011233", "id_region", "公民身份号码的地区码无效")]
    [InlineData("990105199001011236", "id_region", "公民身份号码的地区码无效")]
    [InlineData("110105190002290017", "id_birth_date", "公民身份号码中的出生日期无效")] // 1900 is not a leap year
    [InlineData("110105200102290010", "id_birth_date", "公民身份号码中的出生日期无效")] // 2001 is not a leap year
    [InlineData("110105179912310016", "id_birth_date", "公民身份号码中的出生日期无效")] // before 1800
    [InlineData("110105209912310010", "id_birth_date", "公民身份号码中的出生日期无效")] // in the future
    [InlineData("110105199013010018", "id_birth_date", "公民身份号码中的出生日期无效")] // month 13
    [InlineData("110105199001000015", "id_birth_date", "公民身份号码中的出生日期无效")] // day 0
    [InlineData("110105199001320019", "id_birth_date", "公民身份号码中的出生日期无效")] // day 32
    [InlineData("110105000001010010", "id_birth_date", "公民身份号码中的出生日期无效")] // year 0
    [InlineData("440524188001010015", "id_checksum", "公民身份号码校验位错误")]
    [InlineData("110105194912310020", "id_checksum", "公民身份号码校验位错误")]
    [InlineData("11010519491231003X", "id_checksum", "公民身份号码校验位错误")]
    [InlineData("370102199003071230", "id_checksum", "公民身份号码校验位错误")]
    public void Check_RefusesInvalidNumbers_WithStableCodeAndChineseMessage(string? value, string errorCode, string message)
    {
        var check = CitizenIdNumber.Check(value, Today);

        check.IsValid.Should().BeFalse();
        check.ErrorCode.Should().Be(errorCode);
        check.Message.Should().Be(message);
        check.BirthDate.Should().BeNull();
        check.GenderCode.Should().BeNull();
    }

    [Fact]
    public void Check_WithoutToday_RefusesBirthDatesInTheFuture()
    {
        CitizenIdNumber.Check("110105209912310010").ErrorCode.Should().Be("id_birth_date");
        CitizenIdNumber.Check("11010519491231002X").IsValid.Should().BeTrue();
        CitizenIdNumber.IsValid("440524188001010014").Should().BeTrue();
    }

    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("44052418800101001", '4')]
    [InlineData("11010520000229001", '3')]
    [InlineData("37010219900307123", '8')]
    [InlineData("81000019900101123", '0')]
    public void ComputeCheckDigit_FollowsIso7064Mod11_2(string first17, char expected)
    {
        CitizenIdNumber.ComputeCheckDigit(first17).Should().Be(expected);
    }

    [Theory]
    [InlineData("1101051949123100")]
    [InlineData("110105194912310021")]
    [InlineData("1101051949123100A")]
    public void ComputeCheckDigit_RefusesAnythingButSeventeenDigits(string first17)
    {
        var act = () => CitizenIdNumber.ComputeCheckDigit(first17);

        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData("11010519491231002X", "11010519491231002X")]
    [InlineData(" 440524188001010014\t", "440524188001010014")]
    [InlineData("", "")]
    [InlineData("４４０５２４１８８００１０１００１４", "440524188001010014")]
    [InlineData("110105 1949 1231 002ｘ", "11010519491231002X")]
    [InlineData("\u3000110105\u00A019491231002Ｘ\u200B ", "11010519491231002X")]
    public void Normalize_TrimsAndUpperCasesTheCheckCharacter(string value, string expected)
    {
        CitizenIdNumber.Normalize(value).Should().Be(expected);
    }

    [Theory]
    [InlineData("37010219900307123X", "3701**********123X")]
    [InlineData("11010519491231002X", "1101**********002X")]
    [InlineData("440524188001010014", "4405**********0014")]
    [InlineData("110105491231002", "1101*******1002")]
    [InlineData("123456789", "1234*6789")]
    [InlineData("12345678", "********")]
    [InlineData("123", "***")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_KeepsTheFirstAndLastFourCharacters(string? value, string expected)
    {
        CitizenIdNumber.Mask(value).Should().Be(expected);
    }
}
