using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Zhijian.Web.Components;

namespace Zhijian.Tests.Components;

/// <summary>
/// A bUnit context with what the console's components need: MudBlazor's services (with loose JS interop:
/// MudBlazor calls JavaScript for sizes and focus), a signed-in user, and the page runner.
/// </summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddScoped<UiRunner>();
        AddAuthorization().SetAuthorized("branch.admin");
    }
}
