using Microsoft.Playwright;
using Zhijian.Web.Data;

namespace Zhijian.E2E.Infrastructure;

/// <summary>
/// The published application (<see cref="PublishedServer"/>, Production environment) over a fresh SQLite database with
/// the demo data, and one headless Debian Chromium, shared by the tests of one class. Each test opens its own browser
/// context.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    /// <summary>The password of every demo account.</summary>
    public const string DemoPassword = DemoOptions.DefaultAdminPassword;

    /// <summary>How long a locator action or an <c>Expect</c> assertion waits before it fails.</summary>
    public const float TimeoutMs = 15_000;

    /// <summary>
    /// The instant the server's clock starts at (10:00 Beijing time on 2026-11-23, then real speed, <c>Demo:ClockStart</c>):
    /// the demo data (term dates, ages) and so the screenshots come out the same on every run.
    /// </summary>
    public const string ClockStart = "2026-11-23T02:00:00Z";

    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), $"zhijian-e2e-{Guid.NewGuid():N}");
    private PublishedServer? server;
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:43117/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Not initialized");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: install Debian's Chromium and CJK fonts (apt-get install -y chromium fonts-noto-cjk) or run scripts/test.sh, which does.");
        }

        // Starting runs Program: migrations and the demo data load before the server reports ready.
        server = await PublishedServer.StartAsync(workDirectory, new Dictionary<string, string>
        {
            ["Database:Provider"] = "sqlite",
            ["ConnectionStrings:Zhijian"] = $"Data Source={Path.Combine(workDirectory, "zhijian.db")}",
            ["Database:AutoMigrate"] = "true",
            ["Demo:Enabled"] = "true",
            ["Demo:ClockStart"] = ClockStart,
            ["Storage:Path"] = Path.Combine(workDirectory, "files"),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Alerts:Enabled"] = "false",
            ["Security:RequireTwoFactorForAdmins"] = "false",
            ["Security:RateLimits:TokenPermitLimit"] = "1000000",
            ["Security:RateLimits:PasswordPermitLimit"] = "1000000",
        });
        BaseAddress = server.Address;

        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (own cookies) with a Chinese locale and a 1366×768 window.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 1366, Height = 768 },
        });
        context.SetDefaultTimeout(TimeoutMs);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the exiting server: the temp folder is cleaned by the system.
        }
    }
}
