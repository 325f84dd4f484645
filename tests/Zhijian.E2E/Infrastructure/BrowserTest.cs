using Microsoft.Playwright;

namespace Zhijian.E2E.Infrastructure;

/// <summary>
/// A browser test: a new context and page per test on the class's shared app and browser. When the
/// test fails, a full-page screenshot goes to <c>screenshots-failed/</c> beside the test assembly.
/// </summary>
public abstract class BrowserTest(BrowserApp app) : IAsyncLifetime
{
    private IBrowserContext? context;
    private IPage? page;

    protected BrowserApp App => app;

    protected IPage Page => page ?? throw new InvalidOperationException("Not initialized");

    /// <summary>What the browser refused under the site's Content-Security-Policy; every test ends with none.</summary>
    protected List<string> CspViolations { get; } = [];

    public async ValueTask InitializeAsync()
    {
        context = await app.NewContextAsync();
        page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (CspViolations)
                {
                    CspViolations.Add(message.Text);
                }
            }
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (page is not null && TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await SaveFailureScreenshotAsync(page);
        }

        if (context is not null)
        {
            await context.CloseAsync();
        }

        GC.SuppressFinalize(this);
        lock (CspViolations)
        {
            if (CspViolations.Count > 0)
            {
                throw new InvalidOperationException("The page broke the Content-Security-Policy: " + string.Join(" | ", CspViolations));
            }
        }
    }

    /// <summary>Opens the login page and signs in; returns once the browser has left the login page.</summary>
    protected async Task SignInAsync(string userName)
    {
        var login = new Pages.LoginPage(Page);
        await login.GotoAsync();
        await login.SignInAsync(userName, BrowserApp.DemoPassword);
        await login.WaitUntilSignedInAsync();
    }

    private static async Task SaveFailureScreenshotAsync(IPage failed)
    {
        var test = TestContext.Current.Test;
        var name = string.Concat((test?.TestDisplayName ?? Guid.NewGuid().ToString("N"))
            .Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots-failed", name + ".png");
        try
        {
            await failed.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 10_000 });
            TestContext.Current.SendDiagnosticMessage($"Screenshot of the failed test: {path}");
            Console.Error.WriteLine($"Screenshot of the failed test: {path}");
        }
        catch (PlaywrightException e)
        {
            Console.Error.WriteLine($"Could not save a screenshot of the failed test: {e.Message}");
        }
    }
}
