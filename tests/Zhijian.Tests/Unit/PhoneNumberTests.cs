using AwesomeAssertions;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Tests.Unit;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("13812345678")]
    [InlineData("13000000000")]
    [InlineData("15912345678")]
    [InlineData("17012345678")]
    [InlineData("18612345678")]
    [InlineData("19912345678")]
    [InlineData("14712345678")]
    [InlineData("16612345678")]
    [InlineData(" 13812345678 ")]
    public void Check_AcceptsMainlandMobileNumbers(string value)
    {
        var check = PhoneNumber.Check(value);

        check.IsValid.Should().BeTrue();
        check.ErrorCode.Should().BeNull();
        check.Message.Should().BeNull();
        PhoneNumber.IsValid(value).Should().BeTrue();
    }

    [Theory]
    [InlineData("1381234567")] // 10 digits
    [InlineData("138123456789")] // 12 digits
    [InlineData("12812345678")] // second digit 2
    [InlineData("10812345678")]
    [InlineData("23812345678")] // does not start with 1
    [InlineData("1381234567a")]
    [InlineData("138-1234-5678")]
    [InlineData("+8613812345678")]
    [InlineData("１３８１２３４５６７８")] // full-width digits
    [InlineData("02112345678")] // landline
    public void Check_RefusesAnythingElse_WithPhoneFormat(string value)
    {
        var check = PhoneNumber.Check(value);

        check.IsValid.Should().BeFalse();
        check.ErrorCode.Should().Be("phone_format");
        check.Message.Should().Be("手机号码应为11位，以1开头");
        PhoneNumber.IsValid(value).Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Check_RefusesEmptyValues_WithPhoneRequired(string? value)
    {
        var check = PhoneNumber.Check(value);

        check.IsValid.Should().BeFalse();
        check.ErrorCode.Should().Be("phone_required");
        PhoneNumber.IsValid(value).Should().BeFalse();
    }

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("19900001111", "199****1111")]
    [InlineData("12345678", "123*5678")]
    [InlineData("1234567", "*******")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_KeepsTheFirstThreeAndLastFourDigits(string? value, string expected)
    {
        PhoneNumber.Mask(value).Should().Be(expected);
    }
}
