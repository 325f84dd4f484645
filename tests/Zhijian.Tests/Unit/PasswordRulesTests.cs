using AwesomeAssertions;
using Zhijian.Web.Features.Accounts;

namespace Zhijian.Tests.Unit;

/// <summary>The password rules beyond length and digits (issue 13, item 11).</summary>
public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("admin", "ZhijianDemo#2026")]
    [InlineData("orgAdmin-1234abcd", "Test-Passw0rd")]
    [InlineData("member", "NewPassw0rd-2026")]
    [InlineData("li", "Qz7-plenty-long")]
    [InlineData("zhangsan", "abcdefgh12")]
    public void Accepted(string userName, string password) =>
        AccountPasswordValidator.Validate(userName, password).Succeeded.Should().BeTrue();

    [Theory]
    [InlineData("zhangsan", "zhangsan2026!", AccountPasswordValidator.ContainsUserNameCode)]
    [InlineData("zhangsan", "My-ZHANGSAN-pw1", AccountPasswordValidator.ContainsUserNameCode)]
    [InlineData("Admin", "xadmin-2026-pw", AccountPasswordValidator.ContainsUserNameCode)]
    [InlineData("wang", "1234567890", AccountPasswordValidator.TooCommonCode)]
    [InlineData("wang", "PASSWORD123", AccountPasswordValidator.TooCommonCode)]
    [InlineData("wang", "qwertyuiop", AccountPasswordValidator.TooCommonCode)]
    [InlineData("wang", "12345678", AccountPasswordValidator.TooCommonCode)]
    [InlineData("wang", "password1", AccountPasswordValidator.TooCommonCode)]
    public void Refused(string userName, string password, string code)
    {
        var result = AccountPasswordValidator.Validate(userName, password);
        result.Succeeded.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Code == code && e.Description.Length > 0);
    }

    [Fact]
    public void TheKeptList_IsEmbedded()
    {
        AccountPasswordValidator.IsCommon("123456").Should().BeTrue();
        AccountPasswordValidator.IsCommon("Test-Passw0rd").Should().BeFalse();
        AccountPasswordValidator.IsCommon("ZhijianDemo#2026").Should().BeFalse();
    }
}
