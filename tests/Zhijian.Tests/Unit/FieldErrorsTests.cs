using AwesomeAssertions;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

/// <summary>The shared field checks of learning's and the libraries' create requests.</summary>
public class FieldErrorsTests
{
    [Fact]
    public void Every_wrong_field_is_reported_at_once_as_validation_failed()
    {
        var errors = new FieldErrors();
        errors.Required((long?)null, "orgId", "请选择组织");
        var title = errors.Text("  ", 10, "title", "请填写名称");
        errors.Hours(1.5m, 10, "hours", "学时有误");

        title.Should().BeEmpty();
        var thrown = FluentActions.Invoking(errors.ThrowIfAny).Should().Throw<DomainException>().Which;
        thrown.Status.Should().Be(400);
        thrown.Code.Should().Be(ErrorCodes.ValidationFailed);
        thrown.Errors!.Keys.Should().BeEquivalentTo("orgId", "title");
        thrown.Message.Should().Be("请选择组织");
    }

    [Theory]
    [InlineData(" 标题 ", 2, true)]
    [InlineData("标题长", 2, false)]
    [InlineData(null, 2, false)]
    public void Text_is_trimmed_and_bounded(string? value, int max, bool ok)
    {
        var errors = new FieldErrors();
        errors.Text(value, max, "title", "请填写").Should().Be((value ?? "").Trim());
        if (ok)
        {
            FluentActions.Invoking(errors.ThrowIfAny).Should().NotThrow();
        }
        else
        {
            FluentActions.Invoking(errors.ThrowIfAny).Should().Throw<DomainException>().Which.Errors!.Keys.Should().Equal("title");
        }
    }

    [Theory]
    [InlineData(0.01, true)]
    [InlineData(8, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(8.001, false)]
    [InlineData(8.01, false)]
    public void Hours_are_positive_bounded_and_have_at_most_two_decimals(double hours, bool ok)
    {
        new FieldErrors().Hours((decimal)hours, 8, "hours", "学时有误").Should().Be(ok);
        new FieldErrors().Hours(null, 8, "hours", "学时有误").Should().BeFalse();
    }
}
