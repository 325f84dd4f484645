using AwesomeAssertions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Zhijian.Web.Features.Members.Pages;

namespace Zhijian.Tests.Components;

public sealed class ReasonDialogTests : ComponentTest
{
    [Fact]
    public async Task Confirm_IsDisabledUntilAReasonIsTyped_AndReturnsIt()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        Task<string?>? asked = null;
        // An action, not a function: InvokeAsync would otherwise wait for the dialog's answer.
        await provider.InvokeAsync(() => { asked = ReasonDialog.AskAsync(dialogs, "张三"); });

        provider.WaitForAssertion(() => provider.Markup.Should().Contain("张三"));
        provider.Find("[data-testid=reveal-confirm]").HasAttribute("disabled").Should().BeTrue();

        provider.Find("#reveal-reason").Input("   ");
        provider.Find("[data-testid=reveal-confirm]").HasAttribute("disabled").Should().BeTrue("whitespace is no reason");

        provider.Find("#reveal-reason").Input("核对转接材料");
        provider.WaitForAssertion(() => provider.Find("[data-testid=reveal-confirm]").HasAttribute("disabled").Should().BeFalse());
        provider.Find("[data-testid=reveal-confirm]").Click();

        (await asked!.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be("核对转接材料");
    }

    [Fact]
    public async Task Cancel_ReturnsNull()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        Task<string?>? asked = null;
        await provider.InvokeAsync(() => { asked = ReasonDialog.AskAsync(dialogs, "李四"); });

        provider.WaitForAssertion(() => provider.Markup.Should().Contain("李四"));
        provider.Find("#reveal-reason").Input("随便看看");
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "取消").Click();

        (await asked!.WaitAsync(TimeSpan.FromSeconds(5))).Should().BeNull();
    }
}
