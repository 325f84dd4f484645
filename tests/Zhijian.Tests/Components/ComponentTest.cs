using Bunit;
using Bunit.TestDoubles;
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
        Auth = AddAuthorization();
        Auth.SetAuthorized("branch.admin");
    }

    /// <summary>The signed-in user of the test (a test may change its name and claims).</summary>
    protected BunitAuthorizationContext Auth { get; }
}
